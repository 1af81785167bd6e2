package jcs

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strconv"
	"testing"
)

// The examples of RFC 8785 §3.2.2 and §3.2.3.
func TestAppendRFC8785Examples(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"values", `{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`, `{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`},
		{"sorting", `{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}`, "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}"},
		{"in order, escaped or not", `{"a":"x\ty","b\u00e9":{"c":"\u00e9","d":"plain"},"\u00e9":1}`, "{\"a\":\"x\\ty\",\"bé\":{\"c\":\"é\",\"d\":\"plain\"},\"é\":1}"},
		{"out of order inside in order", `{"a":{"z":1,"y":{"b":2,"a":1}},"b":[{"d":1,"c":2}]}`, `{"a":{"y":{"a":1,"b":2},"z":1},"b":[{"c":2,"d":1}]}`},
		{"nested and empty", ` { "b" : [ {} , [ ] , { "z":1, "a" : "x" } ], "a":-0 } `, `{"a":0,"b":[{},[],{"a":"x","z":1}]}`},
		{"a record", `{"seq":12,"kind":"input","input":{"id":"x","data":{"principal":"100.00","term_months":12}},"prev":""}`,
			`{"input":{"data":{"principal":"100.00","term_months":12},"id":"x"},"kind":"input","prev":"","seq":12}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Append(nil, []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// The number examples of RFC 8785 Appendix B.
func TestAppendNumberAppendixB(t *testing.T) {
	for _, tc := range []struct {
		bits uint64
		want string
	}{
		{0x0000000000000000, "0"}, {0x8000000000000000, "0"}, {0x0000000000000001, "5e-324"},
		{0x8000000000000001, "-5e-324"}, {0x7fefffffffffffff, "1.7976931348623157e+308"},
		{0xffefffffffffffff, "-1.7976931348623157e+308"}, {0x4340000000000000, "9007199254740992"},
		{0xc340000000000000, "-9007199254740992"}, {0x4430000000000000, "295147905179352830000"},
		{0x44b52d02c7e14af5, "9.999999999999997e+22"}, {0x44b52d02c7e14af6, "1e+23"},
		{0x44b52d02c7e14af7, "1.0000000000000001e+23"}, {0x444b1ae4d6e2ef4e, "999999999999999700000"},
		{0x444b1ae4d6e2ef4f, "999999999999999900000"}, {0x444b1ae4d6e2ef50, "1e+21"},
		{0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"}, {0x3eb0c6f7a0b5ed8d, "0.000001"},
		{0x41b3de4355555553, "333333333.3333332"}, {0x41b3de4355555554, "333333333.33333325"},
		{0x41b3de4355555555, "333333333.3333333"}, {0x41b3de4355555556, "333333333.3333334"},
		{0x41b3de4355555557, "333333333.33333343"}, {0xbecbf647612f3696, "-0.0000033333333333333333"},
		{0x43143ff3c1cb0959, "1424953923781206.2"},
	} {
		f := math.Float64frombits(tc.bits)
		if got := string(AppendNumber(nil, f)); got != tc.want {
			t.Errorf("%#x: got %s, want %s", tc.bits, got, tc.want)
		}
		// The canonical form of the number read from its own text.
		if got, err := Append(nil, []byte(strconv.FormatFloat(f, 'g', -1, 64))); err != nil || string(got) != tc.want {
			t.Errorf("%#x as text: got %s %v, want %s", tc.bits, got, err, tc.want)
		}
	}
}

// TestAppendRefusesNonIJSON: what has no canonical form is refused.
func TestAppendRefusesNonIJSON(t *testing.T) {
	for name, in := range map[string]string{
		"repeated member":         `{"amount":"1.00","amount":"900.00"}`,
		"repeated after escapes":  `{"a":1,"\u0061":2}`,
		"nested repeat":           `{"data":{"x":1,"x":1}}`,
		"repeat out of order":     `{"b":1,"a":2,"b":3}`,
		"repeat in order, nested": `{"a":{"k":[],"k":{}},"b":1}`,
		"huge number":             `{"n":1e400}`,
		"invalid UTF-8":           "{\"n\":\"\xff\"}",
		"lone surrogate":          `{"n":"\ud800"}`,
		"control character":       "{\"n\":\"a\x01\"}",
		"trailing data":           `{} {}`,
		"not JSON":                `{"a":}`,
		"leading zero":            `[01]`,
		"empty":                   ``,
	} {
		if got, err := Append(nil, []byte(in)); !errors.Is(err, ErrNotIJSON) {
			t.Errorf("%s: got %q, %v; want ErrNotIJSON", name, got, err)
		}
	}
}

// FuzzAppend: whatever encoding/json accepts without repeated names or
// huge numbers is canonicalized, the result is valid JSON equal to the
// input as a value, and canonicalizing it again changes nothing.
func FuzzAppend(f *testing.F) {
	for _, s := range []string{`{"b":1,"a":[true,null,"x"]}`, `"\u00e9\n"`, `-1.5e-7`, `{"😀":{},"\ufb33":[]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := Append(nil, in)
		if err != nil {
			return
		}
		if !json.Valid(got) {
			t.Fatalf("not JSON: %s", got)
		}
		again, err := Append(nil, got)
		if err != nil || string(again) != string(got) {
			t.Fatalf("not idempotent: %s -> %s (%v)", got, again, err)
		}
		var a, b any
		if json.Unmarshal(in, &a) != nil || json.Unmarshal(got, &b) != nil {
			t.Fatalf("encoding/json disagrees on %q", in)
		}
		if !reflect.DeepEqual(a, b) { // float64 ==: -0 equals 0, as in JCS
			t.Fatalf("value changed: %s -> %s", in, got)
		}
	})
}

// BenchmarkAppendRecord: the canonical form of a typical journal record,
// the cost the hash chain adds per input.
func BenchmarkAppendRecord(b *testing.B) {
	rec := []byte(`{"seq":123456,"kind":"input","rules":3,"input":{"id":"icbc-000123","type":"loan.disbursed","source":"bank:icbc-dz","program":"dz-lukedai","at":"2026-01-05T09:00:00+08:00","data":{"loan":"icbc-dz-000123","borrower":{"id":"e-1","name":"Jinan Photonics Co.","sector":"ic","size":"small"},"principal":"1250000.00","annual_rate":"0.0385","term_months":24,"disbursed_on":"2026-01-05"}},"origin":{"topic":"http","partition":0,"offset":7},"status":"applied","postings":[{"from":"loan:icbc-dz-000123","to":"bank:icbc-dz","amount":"1250000.00","currency":"CNY"}],"prev":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}`)
	b.SetBytes(int64(len(rec)))
	b.ReportAllocs()
	var out []byte
	for b.Loop() {
		var err error
		if out, err = Append(out[:0], rec); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAppendWithout: a top-level member is left out, a nested one of the
// same name is kept, and the omitted member repeated is refused.
func TestAppendWithout(t *testing.T) {
	got, err := AppendWithout(nil, []byte(`{"seq":1,"hash":"ab","input":{"hash":"kept"},"prev":""}`), "hash")
	if err != nil || string(got) != `{"input":{"hash":"kept"},"prev":"","seq":1}` {
		t.Errorf("got %s %v", got, err)
	}
	if got, err := AppendWithout(nil, []byte(`{"hash":"a","hash":"b"}`), "hash"); !errors.Is(err, ErrNotIJSON) {
		t.Errorf("a repeated omitted member: got %s %v, want ErrNotIJSON", got, err)
	}
	if got, err := AppendWithout(nil, []byte(`{"hash":"a"}`), "hash"); err != nil || string(got) != `{}` {
		t.Errorf("only the omitted member: got %s %v", got, err)
	}
}
