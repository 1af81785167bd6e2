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

// member writes *p with write, or reads it with read.
func member[T any](m snapMembers, p *T, write func(*snapWriter, T), read func(*snapReader) T) {
	if m.w != nil {
		write(m.w, *p)
	} else {
		*p = read(m.r)
	}
}

func (m snapMembers) str(p *string)          { member(m, p, (*snapWriter).str, (*snapReader).str) }
func (m snapMembers) istr(p *string)         { member(m, p, (*snapWriter).str, (*snapReader).istr) }
func (m snapMembers) strs(p *[]string)       { member(m, p, (*snapWriter).strs, (*snapReader).strs) }
func (m snapMembers) dec(p *decimal.Decimal) { member(m, p, (*snapWriter).dec, (*snapReader).dec) }
func (m snapMembers) bool(p *bool)           { member(m, p, (*snapWriter).bool, (*snapReader).bool) }
func (m snapMembers) varint(p *int64)        { member(m, p, (*snapWriter).varint, (*snapReader).varint) }
func (m snapMembers) int(p *int)             { member(m, p, writeInt, (*snapReader).int) }
func writeInt(w *snapWriter, v int)          { w.varint(int64(v)) }

// list is a counted list of members, each with each: read, a list of none
// stays nil.
func list[T any](m snapMembers, p *[]T, each func(snapMembers, *T)) {
	if m.w != nil {
		m.w.count(len(*p))
		for i := range *p {
			each(m, &(*p)[i])
		}
		return
	}
	for range m.r.count() {
		var x T
		each(m, &x)
		*p = append(*p, x)
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
