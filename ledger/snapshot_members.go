package ledger

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// snapMembers writes (w set) or reads (r set) an entity's members, so that
// the entities whose section is a plain list of members list them once for
// both directions of the snapshot, which cannot then drift apart. The
// encoding is snapWriter's and snapReader's: istr is a string written as
// str and read interned, int an int written as a varint.
type snapMembers struct {
	w *snapWriter
	r *snapReader
}

func (m snapMembers) str(p *string) {
	if m.w != nil {
		m.w.str(*p)
	} else {
		*p = m.r.str()
	}
}

func (m snapMembers) istr(p *string) {
	if m.w != nil {
		m.w.str(*p)
	} else {
		*p = m.r.istr()
	}
}

func (m snapMembers) strs(p *[]string) {
	if m.w != nil {
		m.w.strs(*p)
	} else {
		*p = m.r.strs()
	}
}

func (m snapMembers) dec(p *decimal.Decimal) {
	if m.w != nil {
		m.w.dec(*p)
	} else {
		*p = m.r.dec()
	}
}

func (m snapMembers) bool(p *bool) {
	if m.w != nil {
		m.w.bool(*p)
	} else {
		*p = m.r.bool()
	}
}

func (m snapMembers) varint(p *int64) {
	if m.w != nil {
		m.w.varint(*p)
	} else {
		*p = m.r.varint()
	}
}

func (m snapMembers) int(p *int) {
	if m.w != nil {
		m.w.varint(int64(*p))
	} else {
		*p = m.r.int()
	}
}

// updatedAt is an entity's updated_at, as RFC 3339 text: at holds it as
// read until checkUpdatedAt parses it (after the entity's other members,
// when the reader has not failed).
func (m snapMembers) updatedAt(t *time.Time, at *string) {
	if m.w != nil {
		*at = t.Format(time.RFC3339Nano)
	}
	m.str(at)
}

// checkUpdatedAt parses the updated_at that snapMembers.updatedAt read for
// the entity (kind, id).
func checkUpdatedAt(kind, id, at string, t *time.Time) error {
	v, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return fmt.Errorf("%s %s: updated_at: %w", kind, id, err)
	}
	*t = v
	return nil
}
