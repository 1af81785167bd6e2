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
	// The references between the engine's objects: numbered by x when
	// writing, resolved in o when reading; writingRefs and readingRefs
	// set both, the unused one empty.
	x *snapIndex
	o *snapObjects
}

// noIndex and noObjects are the unused side of members with references:
// empty, never written to.
var (
	noIndex   = &snapIndex{}
	noObjects = &snapObjects{}
)

func writingRefs(w *snapWriter, x *snapIndex) snapMembers {
	return snapMembers{w: w, x: x, o: noObjects}
}

func readingRefs(r *snapReader, o *snapObjects) snapMembers {
	return snapMembers{r: r, x: noIndex, o: o}
}

// member writes each *p with write, or reads it with read, in order.
func member[T any](m snapMembers, write func(*snapWriter, T), read func(*snapReader) T, ps ...*T) {
	for _, p := range ps {
		if m.w != nil {
			write(m.w, *p)
		} else {
			*p = read(m.r)
		}
	}
}

// Each member kind takes one or more consecutive members of that kind.
func (m snapMembers) str(ps ...*string)    { member(m, (*snapWriter).str, (*snapReader).str, ps...) }
func (m snapMembers) istr(ps ...*string)   { member(m, (*snapWriter).str, (*snapReader).istr, ps...) }
func (m snapMembers) strs(ps ...*[]string) { member(m, (*snapWriter).strs, (*snapReader).strs, ps...) }
func (m snapMembers) bool(ps ...*bool)     { member(m, (*snapWriter).bool, (*snapReader).bool, ps...) }
func (m snapMembers) varint(ps ...*int64) {
	member(m, (*snapWriter).varint, (*snapReader).varint, ps...)
}
func (m snapMembers) int(ps ...*int)     { member(m, writeInt, (*snapReader).int, ps...) }
func (m snapMembers) int32(ps ...*int32) { member(m, writeInt32, (*snapReader).int32, ps...) }
func (m snapMembers) dec(ps ...*decimal.Decimal) {
	member(m, (*snapWriter).dec, (*snapReader).dec, ps...)
}
func (m snapMembers) optDec(ps ...**decimal.Decimal) {
	member(m, (*snapWriter).optDec, (*snapReader).optDec, ps...)
}
func writeInt(w *snapWriter, v int)     { w.varint(int64(v)) }
func writeInt32(w *snapWriter, v int32) { w.varint(int64(v)) }

// text is a string of a named string type (a program's kind).
func text[T ~string](m snapMembers, p *T) {
	member(m, func(w *snapWriter, v T) { w.str(string(v)) }, func(r *snapReader) T { return T(r.str()) }, p)
}

// status is one of the engine's enumerations, written as its byte; the
// section that reads it checks it against the enumeration's names.
func status[T ~uint8](m snapMembers, p *T) {
	member(m, func(w *snapWriter, v T) { w.byte(byte(v)) }, func(r *snapReader) T { return T(r.byte()) }, p)
}

// optional is an optional group of members: a flag, then the group when
// present. Read, an absent group is nil. Writing never assigns: the
// program definitions written are shared with other engines.
func optional[T any](m snapMembers, p **T, each func(snapMembers, *T)) {
	present := *p != nil
	m.bool(&present)
	if m.r != nil {
		*p = nil
		if present {
			*p = new(T)
		}
	}
	if present {
		each(m, *p)
	}
}

// documents is a dossier: each document's kind and its SHA-256.
func (m snapMembers) documents(p *[]DocumentData) {
	list(m, p, func(m snapMembers, d *DocumentData) {
		m.istr(&d.Kind)
		m.str(&d.SHA256)
	})
}

// ref is a reference to one of the engine's objects, written as its
// number in id order: index numbers them (writing), objects holds them
// (reading).
func ref[T any](m snapMembers, p **T, index map[*T]int, objects []*T) {
	if m.w != nil {
		m.w.uvarint(uint64(index[*p]))
	} else {
		*p = objects[m.r.index(len(objects))]
	}
}

// optRef is a reference that may be nil, written as its number + 1, 0
// meaning none.
func optRef[T any](m snapMembers, p **T, index map[*T]int, objects []*T) {
	switch {
	case m.r != nil:
		if i := m.r.optIndex(len(objects)); i >= 0 {
			*p = objects[i]
		}
	case *p == nil:
		m.w.uvarint(0)
	default:
		m.w.uvarint(uint64(index[*p]) + 1)
	}
}

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

// updatedAt is an entity's updated_at, as RFC 3339 text: read, at holds
// it until checkUpdatedAt parses it (after the entity's other members,
// when the reader has not failed); written, at is not used.
func (m snapMembers) updatedAt(t *time.Time, at *string) {
	if m.w != nil {
		m.w.str(t.Format(time.RFC3339Nano))
	} else {
		m.str(at)
	}
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
