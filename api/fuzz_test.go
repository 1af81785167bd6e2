package api

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzParseTokens: any tokens file either parses into subjects that
// ParseSubject accepts or fails with an error; it never panics.
func FuzzParseTokens(f *testing.F) {
	f.Add(`{"tokens":[{"sha256":"` + HashToken("a") + `","subject":"bank:b1"}]}`)
	f.Add(`{"tokens":[]}`)
	f.Add(`{"tokens":[{"sha256":"zz","subject":"x"}]}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, file string) {
		tokens, err := ParseTokens(strings.NewReader(file))
		if err != nil {
			return
		}
		for _, e := range tokens.entries {
			if _, err := ParseSubject(e.subject.String()); err != nil {
				t.Fatalf("accepted subject %q: %v", e.subject, err)
			}
		}
	})
}

// FuzzSplitEvents: the body decoders of POST /v1/events never panic, and
// every input they find is non-blank.
func FuzzSplitEvents(f *testing.F) {
	f.Add([]byte(`{"id":"a"}`))
	f.Add([]byte(`[{"id":"a"},{"id":"b"}]`))
	f.Add([]byte("{\"id\":\"a\"}\n\n{\"id\":\"b\"}\r\n"))
	f.Add([]byte(`[1,"x",null]`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, raw := range splitNDJSON(body) {
			if len(bytes.TrimSpace(raw)) == 0 {
				t.Fatal("a blank NDJSON input")
			}
		}
		raws, err := splitJSON(body)
		if err != nil {
			return
		}
		if len(bytes.TrimSpace(body)) > 0 && bytes.TrimSpace(body)[0] != '[' && len(raws) != 1 {
			t.Fatalf("a single value gave %d inputs", len(raws))
		}
	})
}
