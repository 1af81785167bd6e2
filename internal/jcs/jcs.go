// Package jcs writes the RFC 8785 JSON Canonicalization Scheme form of a
// JSON text: members sorted by their names' UTF-16 code units, no
// insignificant white space, strings with the minimal escapes, numbers as
// ECMAScript writes doubles. It is what the journal's hash chain hashes
// (SPEC §14): a record verifies the same whichever encoder wrote it.
//
// JCS is defined on I-JSON (RFC 7493) only, so a text with a member name
// repeated in one object, a number outside the range of a double, invalid
// UTF-8 or a lone surrogate escape has no canonical form: Append refuses it
// with ErrNotIJSON, and the caller keeps such bytes opaque (base64).
// Pure: the standard library only.
package jcs

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrNotIJSON is the error of a text that is not I-JSON.
var ErrNotIJSON = errors.New("jcs: not I-JSON")

// depthMax bounds nesting, as encoding/json does, so a hostile text cannot
// exhaust the stack.
const depthMax = 10000

// Append appends the canonical form of the JSON text src to dst.
func Append(dst, src []byte) ([]byte, error) {
	return AppendWithout(dst, src, "")
}

// AppendWithout is Append leaving out the top-level object's member named
// omit, if any: the canonical bytes of a record without its own hash.
func AppendWithout(dst, src []byte, omit string) ([]byte, error) {
	// The member stack outlives one call (a pool of them): growing it anew
	// for every record was a tenth of the canonicalization's time.
	stack := memberStacks.Get().(*[]member)
	p := parser{src: src, omit: omit, members: (*stack)[:0]}
	defer func() {
		clear(p.members[:cap(p.members)]) // names point into src: do not keep them alive
		*stack = p.members[:0]
		memberStacks.Put(stack)
	}()
	p.ws()
	out, err := p.value(dst, 0)
	if err != nil {
		return dst, err
	}
	p.ws()
	if p.i != len(p.src) {
		return dst, p.fail("data after the JSON value")
	}
	return out, nil
}

// memberStacks holds parsers' member stacks for reuse.
var memberStacks = sync.Pool{New: func() any { s := make([]member, 0, 32); return &s }}

type parser struct {
	src []byte
	i   int
	// members is a stack of the open objects' members: an object's are
	// those past the length it found on entry.
	members []member
	omit    string // a top-level member to leave out ("" for none)
	omitted bool   // omit was seen
}

func (p *parser) fail(what string) error {
	return fmt.Errorf("%w: %s at byte %d", ErrNotIJSON, what, p.i)
}

func (p *parser) ws() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value(dst []byte, depth int) ([]byte, error) {
	if p.i >= len(p.src) {
		return dst, p.fail("unexpected end")
	}
	if depth > depthMax {
		return dst, p.fail("nested too deeply")
	}
	switch c := p.src[p.i]; {
	case c == '{':
		return p.object(dst, depth)
	case c == '[':
		return p.array(dst, depth)
	case c == '"':
		s, plain, err := p.str()
		if err != nil {
			return dst, err
		}
		return appendName(dst, s, plain), nil
	// (str returns a slice of src when the string has no escapes, so a
	// plain string costs a copy, no allocation.)
	case c == 't':
		return p.literal(dst, "true")
	case c == 'f':
		return p.literal(dst, "false")
	case c == 'n':
		return p.literal(dst, "null")
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(dst)
	}
	return dst, p.fail("unexpected character")
}

func (p *parser) literal(dst []byte, lit string) ([]byte, error) {
	if !strings.HasPrefix(string(p.src[p.i:min(len(p.src), p.i+len(lit))]), lit) {
		return dst, p.fail("bad literal")
	}
	p.i += len(lit)
	return append(dst, lit...), nil
}

// member is one object member: its name and where the member, name and
// value, stands in canonical form in the output being written.
type member struct {
	name       []byte
	start, end int
	high       bool // name holds a byte ≥ 0xEE, where UTF-16 order is not byte order
}

// compareMembers is compareUTF16 of the names, without scanning them
// again for every comparison of the sort.
func compareMembers(a, b member) int {
	if !a.high && !b.high {
		return bytes.Compare(a.name, b.name)
	}
	return compareUTF16(a.name, b.name)
}

// object writes an object's members in canonical form as they come. When
// they came in order (as most small objects do) that is the object;
// otherwise the sorted object is written after them and moved down into
// place.
func (p *parser) object(dst []byte, depth int) ([]byte, error) {
	p.i++ // '{'
	p.ws()
	if p.i < len(p.src) && p.src[p.i] == '}' {
		p.i++
		return append(dst, '{', '}'), nil
	}
	base, first := len(dst), len(p.members)
	defer func() { p.members = p.members[:first] }()
	dst = append(dst, '{')
	inOrder := true
	for {
		p.ws()
		if p.i >= len(p.src) || p.src[p.i] != '"' {
			return dst, p.fail("expected a member name")
		}
		name, plain, err := p.str()
		if err != nil {
			return dst, err
		}
		p.ws()
		if p.i >= len(p.src) || p.src[p.i] != ':' {
			return dst, p.fail("expected ':'")
		}
		p.i++
		p.ws()
		mark := len(dst)
		if len(p.members) > first {
			dst = append(dst, ',')
		}
		start := len(dst)
		dst = appendName(dst, name, plain)
		dst = append(dst, ':')
		if dst, err = p.value(dst, depth+1); err != nil {
			return dst, err
		}
		if depth == 0 && p.omit != "" && string(name) == p.omit {
			// Left out, but still counted: a repeated omitted member is
			// refused like any other.
			if p.omitted {
				return dst, fmt.Errorf("%w: the member %q is repeated", ErrNotIJSON, name)
			}
			p.omitted = true
			dst = dst[:mark]
		} else {
			m := member{name: name, start: start, end: len(dst), high: highBMP(name)}
			if inOrder && len(p.members) > first {
				switch c := compareMembers(p.members[len(p.members)-1], m); {
				case c == 0:
					return dst, fmt.Errorf("%w: the member %q is repeated", ErrNotIJSON, name)
				case c > 0:
					inOrder = false
				}
			}
			p.members = append(p.members, m)
		}
		more, err := p.next('}')
		if err != nil {
			return dst, err
		}
		if !more {
			break
		}
	}
	if inOrder {
		return append(dst, '}'), nil
	}
	members := p.members[first:]
	slices.SortFunc(members, compareMembers)
	sorted := len(dst)
	dst = append(dst, '{')
	for k, m := range members {
		if k > 0 {
			if bytes.Equal(m.name, members[k-1].name) {
				return dst, fmt.Errorf("%w: the member %q is repeated", ErrNotIJSON, m.name)
			}
			dst = append(dst, ',')
		}
		dst = append(dst, dst[m.start:m.end]...)
	}
	dst = append(dst, '}')
	n := copy(dst[base:], dst[sorted:])
	return dst[:base+n], nil
}

// appendName writes a string str read: as it stood when it held nothing
// to escape (plain), else with JCS's escapes.
func appendName(dst, s []byte, plain bool) []byte {
	if !plain {
		return appendString(dst, s)
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

func (p *parser) array(dst []byte, depth int) ([]byte, error) {
	p.i++ // '['
	dst = append(dst, '[')
	p.ws()
	if p.i < len(p.src) && p.src[p.i] == ']' {
		p.i++
		return append(dst, ']'), nil
	}
	for n := 0; ; n++ {
		if n > 0 {
			dst = append(dst, ',')
		}
		p.ws()
		var err error
		if dst, err = p.value(dst, depth+1); err != nil {
			return dst, err
		}
		more, err := p.next(']')
		if err != nil {
			return dst, err
		}
		if !more {
			return append(dst, ']'), nil
		}
	}
}

// next reads what follows a member or an element: a ',' before more
// (true), or end, the object's or the array's closing byte.
func (p *parser) next(end byte) (bool, error) {
	p.ws()
	switch {
	case p.i >= len(p.src):
		return false, p.fail("unexpected end")
	case p.src[p.i] == ',':
		p.i++
		return true, nil
	case p.src[p.i] != end:
		return false, p.fail("expected ',' or '" + string(end) + "'")
	}
	p.i++
	return false, nil
}

// str reads a string token and returns its value: a slice of src when it
// holds no escape (plain: its canonical form is those bytes as they are),
// else a decoded copy.
func (p *parser) str() (s []byte, plain bool, err error) {
	p.i++ // '"'
	start := p.i
	// Fast path: no escapes, no control characters; UTF-8 checked only
	// when a byte is not ASCII.
	var seen byte // the bits of every byte: ≥ 0x80 when one is not ASCII
	for p.i < len(p.src) {
		c := p.src[p.i]
		if c == '"' {
			v := p.src[start:p.i]
			if seen >= utf8.RuneSelf && !utf8.Valid(v) {
				return nil, false, p.fail("invalid UTF-8")
			}
			p.i++
			return v, true, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		seen |= c
		p.i++
	}
	var b []byte
	b = append(b, p.src[start:p.i]...)
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '"':
			p.i++
			if !utf8.Valid(b) {
				return nil, false, p.fail("invalid UTF-8")
			}
			return b, false, nil
		case c < 0x20:
			return nil, false, p.fail("a control character in a string")
		case c != '\\':
			b = append(b, c)
			p.i++
			continue
		}
		p.i++ // '\\'
		if p.i >= len(p.src) {
			break
		}
		e := p.src[p.i]
		p.i++
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return nil, false, p.fail("bad \\u escape")
			}
			if utf16.IsSurrogate(r) {
				if p.i+1 >= len(p.src) || p.src[p.i] != '\\' || p.src[p.i+1] != 'u' {
					return nil, false, p.fail("a lone surrogate")
				}
				p.i += 2
				r2, ok := p.hex4()
				if !ok {
					return nil, false, p.fail("bad \\u escape")
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					return nil, false, p.fail("a lone surrogate")
				}
			}
			b = utf8.AppendRune(b, r)
		default:
			return nil, false, p.fail("bad escape")
		}
	}
	return nil, false, p.fail("unterminated string")
}

func (p *parser) hex4() (rune, bool) {
	if p.i+4 > len(p.src) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(p.src[p.i:p.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(n), true
}

// number reads a number token (JSON grammar) and writes it as ECMAScript
// writes the double it denotes.
func (p *parser) number(dst []byte) ([]byte, error) {
	start := p.i
	if p.src[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.src) && p.src[p.i] >= '0' && p.src[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.i < len(p.src) && p.src[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return dst, p.fail("bad number")
	}
	if p.i < len(p.src) && p.src[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return dst, p.fail("bad number")
		}
	}
	if p.i < len(p.src) && (p.src[p.i] == 'e' || p.src[p.i] == 'E') {
		p.i++
		if p.i < len(p.src) && (p.src[p.i] == '+' || p.src[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return dst, p.fail("bad number")
		}
	}
	tok := p.src[start:p.i]
	if plainInteger(tok) {
		if string(tok) == "-0" {
			return append(dst, '0'), nil
		}
		return append(dst, tok...), nil // a double holds it exactly and writes it so
	}
	f, err := strconv.ParseFloat(string(tok), 64)
	if err != nil {
		return dst, p.fail("a number outside the range of a double")
	}
	return AppendNumber(dst, f), nil
}

// plainInteger reports whether tok is an integer of at most 15 digits,
// which a double holds exactly and ECMAScript writes as it is.
func plainInteger(tok []byte) bool {
	digits := tok
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 15 {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// AppendNumber writes f as ECMAScript's Number.prototype.toString does
// (RFC 8785 §3.2.2.3): integers below 1e21 in full, -0 as 0, otherwise the
// shortest form that reads back as f, with an exponent outside [1e-6, 1e21).
// f must be finite.
func AppendNumber(dst []byte, f float64) []byte {
	if f == 0 {
		return append(dst, '0')
	}
	if f < 0 {
		dst = append(dst, '-')
		f = -f
	}
	format := byte('e')
	if f >= 1e-6 && f < 1e21 {
		format = 'f'
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	// Go writes "1e+09"; ECMAScript "1e+9".
	if e := slices.Index(dst[start:], 'e'); e >= 0 {
		e += start
		if e+2 < len(dst) && dst[e+2] == '0' {
			dst = append(dst[:e+2], dst[e+3:]...)
		}
	}
	return dst
}

// appendString writes s with JCS's escapes: \" \\ \b \f \n \r \t and
// \u00xx (lowercase hex) for the other control characters; everything else
// as it is.
func appendString(dst []byte, s []byte) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = AppendEscape(append(dst, s[start:i]...), c)
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendEscape writes the escape of c, an ASCII byte that a JSON string
// may not hold as it is (a quote, a backslash, a control character):
// \" \\ \b \f \n \r \t, else \u00xx in lowercase hex. JCS and
// encoding/json escape ASCII alike, so the journal's stored form uses it
// too.
func AppendEscape(dst []byte, c byte) []byte {
	const hex = "0123456789abcdef"
	switch c {
	case '"', '\\':
		return append(dst, '\\', c)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
}

// compareUTF16 orders names by their UTF-16 code units, as JCS sorts
// members. That is UTF-8 byte order, except that a character above U+FFFF
// (a surrogate pair, 0xD800...) sorts before U+E000..U+FFFF (UTF-8 lead
// byte 0xEE or 0xEF): bytes are compared as they are unless such a byte
// occurs.
func compareUTF16(a, b []byte) int {
	if !highBMP(a) && !highBMP(b) {
		return bytes.Compare(a, b)
	}
	for len(a) > 0 && len(b) > 0 {
		ra, na := utf8.DecodeRune(a)
		rb, nb := utf8.DecodeRune(b)
		if ra != rb {
			if ra > 0xFFFF && rb > 0xFFFF {
				return int(ra) - int(rb) // surrogate pairs sort as their runes do
			}
			return int(unit(ra)) - int(unit(rb))
		}
		a, b = a[na:], b[nb:]
	}
	return len(a) - len(b)
}

func highBMP(s []byte) bool {
	for _, c := range s {
		if c >= 0xEE {
			return true
		}
	}
	return false
}

// unit is the first UTF-16 code unit of r.
func unit(r rune) rune {
	if r > 0xFFFF {
		hi, _ := utf16.EncodeRune(r)
		return hi
	}
	return r
}
