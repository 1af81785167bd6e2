package ledger

import (
	"bytes"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/internal/testsvc"
	"github.com/techcredit/techcredit/risk"
)

// replayDir applies every *.ndjson file of a testdata directory in name
// order to a new engine built from its programs.json.
func replayDir(t *testing.T, dir string) *Engine {
	t.Helper()
	programs, lines := testsvc.ExampleInputs(t, dir)
	cfg, err := risk.ParsePrograms(bytes.NewReader(programs))
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(cfg)
	for _, line := range lines {
		if _, err := e.Apply(line, Meta{}); err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
	}
	return e
}

// claimDoc returns the state document of one claim.
func claimDoc(t *testing.T, e *Engine, id string) ClaimDoc {
	t.Helper()
	c := e.claims[id]
	if c == nil {
		t.Fatalf("claim %s does not exist", id)
	}
	return ClaimDocOf(c)
}

func programDoc(t *testing.T, e *Engine, id string) ProgramDoc {
	t.Helper()
	p := e.programs[id]
	if p == nil {
		t.Fatalf("program %s does not exist", id)
	}
	return e.ProgramDoc(p)
}

func wantEqual[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

func sharesString(s SharesDoc) string {
	b, _ := s.MarshalJSON()
	return string(b)
}

// restoredTwin restores e's snapshot without a programs file and checks
// that the restored engine's own snapshot is the same bytes: a twin to go
// on beside e.
func restoredTwin(t *testing.T, e *Engine) *Engine {
	t.Helper()
	b, err := e.MarshalSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	r, err := RestoreSnapshot(nil, b)
	if err != nil {
		t.Fatalf("RestoreSnapshot: %v", err)
	}
	if again, err := r.MarshalSnapshot(); err != nil || string(again) != string(b) {
		t.Fatalf("the restored engine's snapshot differs (%v)", err)
	}
	return r
}

// halfPools parses a programs file of compensation pools with the given
// ids (named as the ids in capitals), each with the province's share of 0.5.
func halfPools(t *testing.T, ids ...string) *risk.Config {
	t.Helper()
	var programs []string
	for _, id := range ids {
		programs = append(programs, `{"id":"`+id+`","name":"`+strings.ToUpper(id)+
			`","kind":"compensation_pool","currency":"CNY","shares":[{"party":"province","ratio":"0.5"}]}`)
	}
	cfg, err := risk.ParsePrograms(strings.NewReader(programsOf(programs...)))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
