package journal

import (
	"encoding/base64"
	"strconv"

	"github.com/techcredit/techcredit/internal/jcs"
)

// appendCanonical appends the RFC 8785 (JCS) form of r without hash, prev
// included: exactly what internal/jcs makes of r's encoding (Encode), so a
// hash sealed from it verifies as every hash written before it did
// (canonical_test.go holds the two together). It is written from the
// fields because it runs for every input: canonicalising the whole record
// parsed and sorted the writer's own members again, where only the
// embedded input (a bank's bytes) and programs need internal/jcs. The
// members are written in JCS order: by UTF-16 code units, which for these
// ASCII names is byte order. An input or programs text without a canonical
// form gives internal/jcs's error.
func appendCanonical(b []byte, r *Record) ([]byte, error) {
	var err error
	b = append(b, '{')
	comma := false
	name := func(n string) { // ,"n": ; the names need no escape
		if comma {
			b = append(b, ',')
		}
		comma = true
		b = append(b, '"')
		b = append(b, n...)
		b = append(b, '"', ':')
	}
	str := func(n, v string) { // an omitempty string member
		if v != "" {
			name(n)
			b = appendCanonicalString(b, v)
		}
	}
	str("arrival", r.Arrival)
	str("code", r.Code)
	if r.Epoch != 0 {
		name("epoch")
		b = appendCanonicalInt(b, r.Epoch)
	}
	str("imported_by", r.ImportedBy)
	if r.Input != nil {
		name("input")
		if b, err = jcs.Append(b, r.Input); err != nil {
			return b, err
		}
	}
	if len(r.InputBytes) > 0 {
		name("input_b64") // base64's alphabet needs no escape
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, r.InputBytes)
		b = append(b, '"')
	}
	str("input_sha256", r.InputSHA256)
	if r.InputSize != 0 {
		name("input_size")
		b = appendCanonicalInt(b, int64(r.InputSize))
	}
	str("kind", r.Kind)
	str("message", r.Message)
	if o := r.Origin; o != nil {
		name("origin")
		b = append(b, `{"offset":`...)
		b = appendCanonicalInt(b, o.Offset)
		b = append(b, `,"partition":`...)
		b = appendCanonicalInt(b, int64(o.Partition))
		b = append(b, `,"topic":`...)
		b = appendCanonicalString(b, o.Topic)
		b = append(b, '}')
	}
	if len(r.Postings) > 0 {
		name("postings")
		b = append(b, '[')
		for i, p := range r.Postings {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"amount":`...)
			b = appendCanonicalString(b, p.Amount)
			b = append(b, `,"currency":`...)
			b = appendCanonicalString(b, p.Currency)
			b = append(b, `,"from":`...)
			b = appendCanonicalString(b, p.From)
			b = append(b, `,"to":`...)
			b = appendCanonicalString(b, p.To)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	name("prev") // a sealed record carries prev, "" for the first
	b = appendCanonicalString(b, r.Prev)
	if r.Programs != nil {
		name("programs")
		if b, err = jcs.Append(b, r.Programs); err != nil {
			return b, err
		}
	}
	if r.Rules != 0 {
		name("rules")
		b = appendCanonicalInt(b, int64(r.Rules))
	}
	name("seq")
	b = appendCanonicalInt(b, r.Seq)
	str("source", r.Source)
	str("status", r.Status)
	if r.Transport {
		name("transport_reject")
		b = append(b, "true"...)
	}
	return append(b, '}'), nil
}

// appendCanonicalInt writes n as JCS writes the JSON number Encode wrote
// for it: the double nearest n, so an integer beyond 15 digits is written
// as internal/jcs writes it (rounded past 2^53, with an exponent from 1e21).
func appendCanonicalInt(b []byte, n int64) []byte {
	const exact = 1e15 // up to 15 digits internal/jcs copies the token
	if n > -exact && n < exact {
		return strconv.AppendInt(b, n, 10)
	}
	return jcs.AppendNumber(b, float64(n))
}

// appendCanonicalString writes s as JCS writes the string Encode wrote for
// it: every byte as it is but " \ and the control characters, which are
// escaped; invalid UTF-8 becomes U+FFFD, byte by byte, as Encode (and
// encoding/json) replace it. It is appendJSONString's canonical mode.
func appendCanonicalString(b []byte, s string) []byte { return appendString(b, s, true) }
