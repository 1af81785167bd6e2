package simulate_test

import (
	"bytes"
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
)

// replayScenario applies a scenario's steps to a new engine on its
// programs. With checked, every step must give the outcome it lists:
// applied when its code is none, rejected with that code otherwise.
func replayScenario(t *testing.T, programs []byte, steps []simulate.Step, checked bool) *ledger.Engine {
	t.Helper()
	e := engineOf(t, programs)
	for _, s := range steps {
		out, err := e.Apply(s.Line, ledger.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if !checked {
			continue
		}
		if want := map[bool]ledger.Status{true: ledger.StatusApplied, false: ledger.StatusRejected}[s.Code == 0]; out.Status != want || out.Code != s.Code {
			t.Fatalf("%s: got %s %s (%s), want %s %s", s.Line, out.Status, out.Code, out.Message, want, s.Code)
		}
	}
	return e
}

// scenarioState is the state document of a fixed scenario replayed with
// every step's outcome checked.
func scenarioState(t *testing.T, scenario func() ([]byte, []simulate.Step)) *ledger.State {
	t.Helper()
	programs, steps := scenario()
	return replayScenario(t, programs, steps, true).State()
}

// engineOf is a new engine on a programs file.
func engineOf(t *testing.T, programs []byte) *ledger.Engine {
	t.Helper()
	cfg, err := risk.ParsePrograms(bytes.NewReader(programs))
	if err != nil {
		t.Fatal(err)
	}
	return ledger.NewEngine(cfg)
}
