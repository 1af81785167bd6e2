package ledger

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadableInputsAreJSON: whatever the engine reads an envelope from is
// valid JSON. The journal stores such inputs verbatim inside its JSON
// records, so an input the fast decoder accepted but encoding/json would
// not would make an unreadable journal.
func FuzzReadableInputsAreJSON(f *testing.F) {
	files, _ := filepath.Glob("../testdata/examples/*/*.ndjson")
	for _, path := range files {
		raw, _ := os.ReadFile(path)
		for _, line := range strings.Split(string(raw), "\n") {
			if line != "" {
				f.Add([]byte(line))
			}
		}
	}
	f.Add([]byte(`{"id":"a","type":"loan.repaid","source":"bank:b","program":"p","at":"2026-01-01T00:00:00Z","data":{"loan":"x"}} `))
	f.Add([]byte(`{"id":"a","source":"bank:b","at":"2026-01-01T00:00:00Z","data":{"loan":"x"},}`))
	f.Add([]byte("{\"id\":\"a\",\"source\":\"bank:b\",\"at\":\"2026-01-01T00:00:00Z\",\"data\":{\"loan\":\"\xff\"}}"))
	cfg := mustPrograms(f, `{"programs":[{"id":"p","kind":"compensation_pool","currency":"CNY","shares":[{"party":"city","ratio":"0.5"}]}]}`)
	f.Fuzz(func(t *testing.T, raw []byte) {
		e := NewEngine(cfg)
		out, err := e.Apply(raw, Meta{})
		if err != nil {
			t.Fatalf("invariant: %v", err)
		}
		if out.Code != CodeBadJSON && !json.Valid(raw) {
			t.Fatalf("the engine read an envelope (outcome %s %s) from bytes that are not JSON: %q", out.Status, out.Code, raw)
		}
	})
}
