package simulate

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// chinaTime is the zone of every timestamp in a stream (UTC+08:00).
var chinaTime = time.FixedZone("CST", 8*3600)

// line builds one input as a JSON object on one line. Keys are written in a
// fixed order per type, so the bytes depend only on the values.
type line struct {
	b     []byte
	first bool // no member written yet in the current object
}

// begin writes the envelope up to the opening brace of data. An empty
// program is left out (project and net-assets inputs have none).
func (l *line) begin(id, typ, source, program string, at int64) {
	l.b = append(l.b, `{"id":`...)
	l.b = appendString(l.b, id)
	l.b = append(l.b, `,"type":`...)
	l.b = appendString(l.b, typ)
	l.b = append(l.b, `,"source":`...)
	l.b = appendString(l.b, source)
	if program != "" {
		l.b = append(l.b, `,"program":`...)
		l.b = appendString(l.b, program)
	}
	l.b = append(l.b, `,"at":"`...)
	l.b = time.Unix(at, 0).In(chinaTime).AppendFormat(l.b, time.RFC3339)
	l.b = append(l.b, `","data":{`...)
	l.first = true
}

// end closes data and the envelope.
func (l *line) end() { l.b = append(l.b, "}}"...) }

func (l *line) key(k string) {
	if !l.first {
		l.b = append(l.b, ',')
	}
	l.first = false
	l.b = append(l.b, '"')
	l.b = append(l.b, k...)
	l.b = append(l.b, `":`...)
}

func (l *line) str(k, v string) {
	l.key(k)
	l.b = appendString(l.b, v)
}

func (l *line) int(k string, v int64) {
	l.key(k)
	l.b = strconv.AppendInt(l.b, v, 10)
}

// money writes an amount in cents as a JSON string (SPEC §3). compact
// writes the shortest form ("7", "0.5"); else two fractional digits.
func (l *line) money(k string, cents int64, compact bool) {
	l.key(k)
	l.b = append(l.b, '"')
	l.b = appendCents(l.b, cents, compact)
	l.b = append(l.b, '"')
}

// raw writes a value that is already JSON (or deliberately is not).
func (l *line) raw(k, v string) {
	l.key(k)
	l.b = append(l.b, v...)
}

func (l *line) date(k string, at int64) {
	l.key(k)
	l.b = append(l.b, '"')
	l.b = appendDate(l.b, at)
	l.b = append(l.b, '"')
}

func (l *line) openObject(k string) {
	l.key(k)
	l.b = append(l.b, '{')
	l.first = true
}

func (l *line) closeObject() {
	l.b = append(l.b, '}')
	l.first = false
}

// appendCents writes cents in plain decimal notation.
func appendCents(b []byte, cents int64, compact bool) []byte {
	if cents < 0 {
		panic("simulate: negative amount")
	}
	b = strconv.AppendInt(b, cents/100, 10)
	frac := cents % 100
	switch {
	case compact && frac == 0:
		return b
	case compact && frac%10 == 0:
		return append(b, '.', byte('0'+frac/10))
	default:
		return append(b, '.', byte('0'+frac/10), byte('0'+frac%10))
	}
}

// appendRatio writes a ratio given in millionths ("0.0385").
func appendRatio(b []byte, ppm int64) []byte {
	b = strconv.AppendInt(b, ppm/1_000_000, 10)
	frac := ppm % 1_000_000
	if frac == 0 {
		return b
	}
	digits := []byte{'0', '0', '0', '0', '0', '0'}
	for i := 5; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	n := 6
	for digits[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, digits[:n]...)
}

// appendDate writes the local calendar date of a timestamp.
func appendDate(b []byte, at int64) []byte {
	return time.Unix(at, 0).In(chinaTime).AppendFormat(b, "2006-01-02")
}

// appendString writes s as a JSON string. Non-ASCII text is written as is
// (valid UTF-8); quotes, backslashes and control characters are escaped.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		case c < utf8.RuneSelf:
			b = append(b, c)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		i++
	}
	return append(b, '"')
}

// appendPadded writes n with at least width digits.
func appendPadded(b []byte, n int64, width int) []byte {
	var tmp [20]byte
	digits := strconv.AppendInt(tmp[:0], n, 10)
	for i := len(digits); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, digits...)
}
