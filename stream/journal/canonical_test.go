package journal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/techcredit/techcredit/internal/jcs"
)

// sealedBefore is Seal as it was before appendCanonical: internal/jcs
// applied to the whole encoded record (prev included, no hash). It is the
// reference every hash written so far was computed by.
func sealedBefore(t testing.TB, r Record, prev string) (Record, error) {
	t.Helper()
	r.Prev, r.Hash = prev, "x" // a hash: Encode writes prev
	enc := func() ([]byte, error) {
		b, _ := Encode(&r)
		return jcs.AppendWithout(nil, b, "hash")
	}
	canon, err := enc()
	if err != nil && r.Input != nil {
		r.Input, r.InputBytes = nil, r.Input
		canon, err = enc()
	}
	if err != nil {
		return r, err
	}
	r.Hash = chainHash(prev, canon)
	return r, nil
}

// checkCanonical holds appendCanonical to internal/jcs for one record:
// the hash Seal gives is the one the whole record's canonical form gives
// (so old journals and new ones verify alike), the record decodes and
// verifies from its encoding, and the canonical bytes are also those of
// the record's ordinary encoding/json form.
func checkCanonical(t *testing.T, r Record, prev string) {
	t.Helper()
	want, wantErr := sealedBefore(t, r, prev)
	got := r
	got.Postings = append([]PostingRecord(nil), r.Postings...)
	err := got.Seal(prev)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("record %+v: Seal error %v, before %v", r, err, wantErr)
	}
	if err != nil {
		return
	}
	if got.Hash != want.Hash || !bytes.Equal(got.Input, want.Input) || !bytes.Equal(got.InputBytes, want.InputBytes) {
		b, _ := Encode(&want)
		canon, _ := appendCanonical(nil, &got)
		ref, _ := jcs.AppendWithout(nil, b, "hash")
		t.Fatalf("canonical bytes differ\n got %s\nwant %s", canon, ref)
	}
	b, _ := Encode(&got)
	dec, err := Decode(b)
	if err != nil {
		t.Fatalf("Decode(%s): %v", b, err)
	}
	if dec.Hash != got.Hash || dec.Prev != prev {
		t.Fatalf("decoded hash %s prev %q, sealed %s %q", dec.Hash, dec.Prev, got.Hash, prev)
	}
	// The record's ordinary JSON (encoding/json, HTML escapes and all),
	// with prev "" put back where omitempty left it out.
	ordinary, err := json.Marshal(&got)
	if err != nil {
		t.Fatal(err)
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(ordinary, &members); err != nil {
		t.Fatal(err)
	}
	delete(members, "hash")
	if got.Kind == "" {
		delete(members, "kind") // Encode leaves an empty kind out; encoding/json writes "" (no omitempty)
	}
	members["prev"] = json.RawMessage(`""`)
	if got.Prev != "" {
		members["prev"], _ = json.Marshal(got.Prev)
	}
	ordinary, _ = json.Marshal(members)
	ref, err := jcs.Append(nil, ordinary)
	if err != nil {
		t.Fatalf("jcs of %s: %v", ordinary, err)
	}
	canon, _ := appendCanonical(nil, &got)
	if !bytes.Equal(canon, ref) {
		t.Fatalf("canonical bytes differ from jcs of encoding/json\n got %s\nwant %s", canon, ref)
	}
}

// oddRunes are what strings are made of: escapes, control characters,
// HTML characters, characters where UTF-16 order is not byte order,
// invalid UTF-8 (a byte alone, a sequence cut short, a surrogate).
var oddRunes = []string{"a", "Z", "0", " ", "\"", "\\", "/", "\x00", "\x01", "\x1f", "\n", "\r", "\t", "\b", "\f", "\x7f",
	"<", ">", "&", "é", "€", "中", "\u2028", "\u2029", "\ufffd", "\ue000", "\ufb33", "\uffff", "😀", "\U0010ffff",
	"\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "bank:", "-", "."}

func randString(rng *rand.Rand) string {
	var sb strings.Builder
	for range rng.IntN(8) {
		sb.WriteString(oddRunes[rng.IntN(len(oddRunes))])
	}
	return sb.String()
}

// randInt is an int64 near the edges that matter: 15 digits (where
// internal/jcs stops copying integers), 2^53, 1e21, the int64 range.
func randInt(rng *rand.Rand) int64 {
	switch rng.IntN(8) {
	case 0:
		return 0
	case 1:
		return int64(rng.IntN(1000))
	case 2:
		return int64(1e15) - 1 + int64(rng.IntN(3))
	case 3:
		return 1<<53 + int64(rng.IntN(5))
	case 4:
		return math.MaxInt64 - int64(rng.IntN(3))
	case 5:
		return math.MinInt64 + int64(rng.IntN(3))
	case 6:
		return -int64(rng.IntN(1e6))
	}
	return rng.Int64()
}

// numberTexts are JSON numbers in forms JCS rewrites, or refuses (1e400).
var numberTexts = []string{"0", "-0", "1", "-1", "4.50", "1E30", "2e-3", "0.000001", "1e-7", "123456789012345678",
	"9007199254740993", "333333333.33333329", "1e21", "999999999999999.9", "12", "0.0385", "1250000.00", "1e400"}

// randJSON writes a random JSON text: nested objects and arrays, odd
// member names (a repeated one now and then), escapes, white space.
func randJSON(rng *rand.Rand, sb *strings.Builder, depth int) {
	ws := func() {
		if rng.IntN(6) == 0 {
			sb.WriteString([]string{" ", "\n", "\t", "\r\n "}[rng.IntN(4)])
		}
	}
	ws()
	switch k := rng.IntN(9); {
	case k < 3 && depth < 4:
		sb.WriteByte('{')
		n := rng.IntN(6)
		names := map[string]bool{}
		for i := range n {
			if i > 0 {
				sb.WriteByte(',')
			}
			name := strings.ToValidUTF8(randString(rng), "")
			if rng.IntN(40) == 0 {
				name = "id" // now and then a repeated name, which has no canonical form
			}
			name = jsonText(name, rng)
			if names[name] && rng.IntN(4) != 0 {
				name = jsonText(fmt.Sprintf("k%d", i), rng)
			}
			names[name] = true
			ws()
			sb.WriteString(name)
			ws()
			sb.WriteByte(':')
			randJSON(rng, sb, depth+1)
		}
		ws()
		sb.WriteByte('}')
	case k < 4 && depth < 4:
		sb.WriteByte('[')
		for i := range rng.IntN(4) {
			if i > 0 {
				sb.WriteByte(',')
			}
			randJSON(rng, sb, depth+1)
		}
		sb.WriteByte(']')
	case k < 6:
		s := randString(rng)
		if rng.IntN(8) != 0 {
			s = strings.ToValidUTF8(s, "?") // mostly valid: invalid UTF-8 has no canonical form
		}
		text := jsonText(s, rng)
		if rng.IntN(60) == 0 {
			text = text[:len(text)-1] + `\ud800"` // a lone surrogate, escaped: none either
		}
		sb.WriteString(text)
	case k < 8:
		sb.WriteString(numberTexts[rng.IntN(len(numberTexts))])
	default:
		sb.WriteString([]string{"true", "false", "null"}[rng.IntN(3)])
	}
	ws()
}

// jsonText writes s as a JSON string, escaping some characters that need
// no escape (\u00e9, \/, a surrogate pair) now and then; invalid UTF-8
// stays as it is.
func jsonText(s string, rng *rand.Rand) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			sb.WriteByte(s[i])
			i++
			continue
		}
		i += size
		switch {
		case r == '"' || r == '\\':
			sb.WriteString(`\` + string(r))
		case r < 0x20:
			fmt.Fprintf(&sb, `\u%04X`, r)
		case r == '/' && rng.IntN(2) == 0:
			sb.WriteString(`\/`)
		case r > 0xFFFF && rng.IntN(2) == 0:
			r -= 0x10000
			fmt.Fprintf(&sb, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		case r > 0x7f && r <= 0xFFFF && rng.IntN(2) == 0:
			fmt.Fprintf(&sb, `\u%04x`, r)
		default:
			sb.WriteRune(r)
		}
	}
	sb.WriteByte('"')
	return sb.String()
}

func randRecord(rng *rand.Rand) Record {
	maybe := func() bool { return rng.IntN(2) == 0 }
	r := Record{Seq: randInt(rng), Kind: []string{KindInput, KindPrograms, KindClaim, randString(rng)}[rng.IntN(4)]}
	if maybe() {
		r.Epoch = randInt(rng)
	}
	if maybe() {
		r.Rules = int(randInt(rng) % 1000)
	}
	var sb strings.Builder
	switch rng.IntN(5) {
	case 0, 1:
		randJSON(rng, &sb, 0)
		r.Input = json.RawMessage(sb.String())
	case 2:
		r.InputBytes = []byte(randString(rng))
	case 3:
		r.InputSize, r.InputSHA256 = int(randInt(rng)), randString(rng)
	default:
		randJSON(rng, &sb, 0)
		if r.Programs = json.RawMessage(sb.String()); !json.Valid(r.Programs) {
			r.Programs = json.RawMessage(`{}`) // a programs version is always JSON
		}
	}
	for _, f := range []*string{&r.Source, &r.ImportedBy, &r.Arrival, &r.Status, &r.Code, &r.Message} {
		if maybe() {
			*f = randString(rng)
		}
	}
	if maybe() {
		r.Origin = &Origin{Topic: randString(rng), Partition: int32(randInt(rng)), Offset: randInt(rng)}
	}
	r.Transport = maybe()
	for range rng.IntN(3) {
		r.Postings = append(r.Postings, PostingRecord{From: randString(rng), To: randString(rng), Amount: randString(rng), Currency: randString(rng)})
	}
	return r
}

// TestCanonicalRecordIsJCS: for random records (odd strings, unicode,
// integers at every edge, nested inputs in every JSON form, inputs without
// a canonical form) the canonical bytes written from the fields are those
// of internal/jcs, and the hash is the one Seal gave before.
func TestCanonicalRecordIsJCS(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 4))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for i := range n {
		prev := ""
		if i%3 != 0 {
			prev = fmt.Sprintf("%064x", rng.Uint64())
		}
		checkCanonical(t, randRecord(rng), prev)
	}
	// The fixtures of the chain tests and a typical input record.
	for _, r := range chainFixture() {
		checkCanonical(t, r, "")
	}
}

// FuzzCanonicalRecord: whatever the strings and the input hold, the
// canonical bytes are internal/jcs's.
func FuzzCanonicalRecord(f *testing.F) {
	f.Add("bank:b1", "caf\u00e9 \u2028\xff", []byte(`{"b":[1E30,-0,"\u00e9"],"a":{"\ufb33":1,"😀":2}}`), int64(12))
	f.Add("", "\x00\"\\", []byte(`{"x":1,"x":2}`), int64(1<<53+1))
	f.Add("<&>", "\ue000", []byte(` [ 4.50 , "\ud83d\ude00" ] `), int64(-1e15))
	f.Fuzz(func(t *testing.T, a, b string, input []byte, n int64) {
		r := Record{Seq: n, Kind: KindInput, Epoch: n / 3, Rules: 3, Input: input, Source: a, ImportedBy: b, Arrival: a + b,
			Origin: &Origin{Topic: b, Partition: int32(n), Offset: -n}, Status: a, Code: b, Message: a + b, Transport: n%2 == 0,
			Postings: []PostingRecord{{From: a, To: b, Amount: b, Currency: a}}}
		if !json.Valid(input) {
			r.Input, r.InputBytes = nil, input
		}
		checkCanonical(t, r, strings.Repeat("ab", 32))
	})
}

// BenchmarkSeal: sealing a typical input record, the hash chain's cost
// per input.
func BenchmarkSeal(b *testing.B) {
	rec := Record{Seq: 123456, Kind: KindInput, Rules: 3, Epoch: 2,
		Input:   json.RawMessage(`{"id":"icbc-000123","type":"loan.disbursed","source":"bank:icbc-dz","program":"dz-lukedai","at":"2026-01-05T09:00:00+08:00","data":{"loan":"icbc-dz-000123","borrower":{"id":"e-1","name":"Jinan Photonics Co.","sector":"ic","size":"small"},"principal":"1250000.00","annual_rate":"0.0385","term_months":24,"disbursed_on":"2026-01-05"}}`),
		Arrival: "2026-01-05T01:00:00.123456789Z", Origin: &Origin{Topic: "techcredit.bank-events", Partition: 1, Offset: 7}, Status: "applied",
		Postings: []PostingRecord{{From: "loan:icbc-dz-000123", To: "bank:icbc-dz", Amount: "1250000.00", Currency: "CNY"}}}
	prev := strings.Repeat("9f", 32)
	b.ReportAllocs()
	for b.Loop() {
		r := rec
		if err := r.Seal(prev); err != nil {
			b.Fatal(err)
		}
	}
}
