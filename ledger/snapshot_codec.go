package ledger

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"

	"github.com/shopspring/decimal"
)

// The primitives of the snapshot body: unsigned and zigzag varints,
// length-prefixed strings, and decimals written exactly (coefficient and
// exponent), so that a restored engine holds the very same values and
// writes the very same snapshot again.

type snapWriter struct {
	b []byte
}

func (w *snapWriter) uvarint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }

func (w *snapWriter) varint(v int64) { w.b = binary.AppendVarint(w.b, v) }

func (w *snapWriter) count(n int) { w.uvarint(uint64(n)) }

func (w *snapWriter) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

func (w *snapWriter) byte(v byte) { w.b = append(w.b, v) }

func (w *snapWriter) str(s string) {
	w.count(len(s))
	w.b = append(w.b, s...)
}

func (w *snapWriter) strs(ss []string) {
	w.count(len(ss))
	for _, s := range ss {
		w.str(s)
	}
}

// Decimal forms: a coefficient that fits in 18 digits is a zigzag varint,
// a larger one its magnitude's big-endian bytes with a sign.
const (
	decSmall = 0
	decBig   = 1
)

func (w *snapWriter) dec(d decimal.Decimal) {
	if d.NumDigits() <= 18 {
		w.byte(decSmall)
		w.varint(int64(d.Exponent()))
		w.varint(d.CoefficientInt64())
		return
	}
	c := d.Coefficient()
	w.byte(decBig)
	w.varint(int64(d.Exponent()))
	w.bool(c.Sign() < 0)
	mag := c.Abs(c).Bytes()
	w.count(len(mag))
	w.b = append(w.b, mag...)
}

func (w *snapWriter) optDec(d *decimal.Decimal) {
	w.bool(d != nil)
	if d != nil {
		w.dec(*d)
	}
}

// snapReader reads what snapWriter wrote. The first error sticks: every
// later read returns zero values, and the decoder checks err at the end of
// each section, so a damaged body can never index out of range.
type snapReader struct {
	b      []byte
	off    int
	err    error
	intern map[string]string
}

func (r *snapReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("at byte %d: %s", r.off, fmt.Sprintf(format, args...))
	}
}

func (r *snapReader) uvarint() uint64 { return r.unsigned("bad unsigned varint") }

// varint undoes the zigzag encoding of binary.AppendVarint.
func (r *snapReader) varint() int64 {
	u := r.unsigned("bad varint")
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

// unsigned reads an unsigned varint; bad names it in the error.
func (r *snapReader) unsigned(bad string) uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.fail("%s", bad)
		return 0
	}
	r.off += n
	return v
}

// count reads a number of elements that each take at least one byte: no
// count may exceed what is left, which bounds every allocation.
func (r *snapReader) count() int {
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.b)-r.off) {
		r.fail("count %d exceeds the %d bytes left", n, len(r.b)-r.off)
		return 0
	}
	return int(n)
}

// index reads a reference to one of n objects.
func (r *snapReader) index(n int) int {
	i := r.uvarint()
	if r.err == nil && i >= uint64(n) {
		r.fail("reference %d out of range (%d objects)", i, n)
		return 0
	}
	return int(i)
}

// optIndex reads a reference written as index+1, 0 meaning none (-1).
func (r *snapReader) optIndex(n int) int {
	i := r.uvarint()
	if r.err == nil && i > uint64(n) {
		r.fail("reference %d out of range (%d objects)", i, n)
		return -1
	}
	return int(i) - 1
}

func (r *snapReader) int32() int32 {
	v := r.varint()
	if r.err == nil && (v < math.MinInt32 || v > math.MaxInt32) {
		r.fail("value %d out of int32 range", v)
	}
	return int32(v)
}

func (r *snapReader) int() int {
	return int(r.varint())
}

func (r *snapReader) byte() byte {
	if r.err != nil {
		return 0
	}
	if r.off >= len(r.b) {
		r.fail("unexpected end")
		return 0
	}
	v := r.b[r.off]
	r.off++
	return v
}

func (r *snapReader) bool() bool {
	switch r.byte() {
	case 0:
		return false
	case 1:
		return true
	default:
		r.fail("bad boolean")
		return false
	}
}

func (r *snapReader) raw(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b)-r.off {
		r.fail("%d bytes wanted, %d left", n, len(r.b)-r.off)
		return nil
	}
	v := r.b[r.off : r.off+n]
	r.off += n
	return v
}

func (r *snapReader) str() string {
	return string(r.raw(r.count()))
}

// istr reads a string that recurs (banks, currencies, account kinds) and
// shares one copy of it.
func (r *snapReader) istr() string {
	b := r.raw(r.count())
	if s, ok := r.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if r.intern == nil {
		r.intern = map[string]string{}
	}
	r.intern[s] = s
	return s
}

func (r *snapReader) strs() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.istr()
	}
	return out
}

func (r *snapReader) dec() decimal.Decimal {
	form := r.byte()
	exp := r.int32()
	switch form {
	case decSmall:
		return decimal.New(r.varint(), exp)
	case decBig:
		neg := r.bool()
		c := new(big.Int).SetBytes(r.raw(r.count()))
		if neg {
			c.Neg(c)
		}
		return decimal.NewFromBigInt(c, exp)
	default:
		r.fail("bad decimal form %d", form)
		return decimal.Zero
	}
}

func (r *snapReader) optDec() *decimal.Decimal {
	if !r.bool() {
		return nil
	}
	d := r.dec()
	return &d
}
