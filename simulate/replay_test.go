package simulate_test

import (
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
)

// replay applies a whole stream and returns the engine and the stream's stats.
func replay(t *testing.T, opts simulate.Options) (*ledger.Engine, simulate.Stats) {
	t.Helper()
	programs, s := simulate.Generate(opts)
	e := engineOf(t, programs)
	for line := range s.All() {
		if _, err := e.Apply(line, ledger.Meta{}); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
	}
	return e, s.Stats()
}

// A replay rejects exactly the inputs the generator meant to be bad, and
// every program kind ends with claims approved, some of them by two users.
func TestStreamReplays(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		e, st := replay(t, simulate.Options{Loans: 1200, Seed: seed})
		inputs, applied, dups, rejected := e.Counts()
		if inputs != st.Inputs || inputs != applied+dups+rejected {
			t.Fatalf("seed %d: got inputs %d = applied %d + duplicates %d + rejected %d, stream has %d",
				seed, inputs, applied, dups, rejected, st.Inputs)
		}
		if dups != st.Resent {
			t.Errorf("seed %d: got %d duplicates, want %d resent", seed, dups, st.Resent)
		}
		if float64(rejected) >= 0.05*float64(inputs) || rejected == 0 {
			t.Errorf("seed %d: got %d rejected of %d inputs, want a few, under 5%%", seed, rejected, inputs)
		}
		state := e.State()
		codes := map[string]int64{}
		for _, r := range state.Rejected {
			codes[r.Code]++
		}
		if len(codes) != len(st.Bad) {
			t.Errorf("seed %d: got reject codes %v, want %v", seed, codes, st.Bad)
		}
		for code, want := range st.Bad {
			if codes[code] != want {
				t.Errorf("seed %d: got %d %s, want %d", seed, codes[code], code, want)
			}
		}
		checkFinalState(t, seed, state, st)
	}
}

func checkFinalState(t *testing.T, seed uint64, state *ledger.State, st simulate.Stats) {
	t.Helper()
	if !state.Ledger.Balanced {
		t.Errorf("seed %d: the book does not balance", seed)
	}
	kindOf := map[string]string{}
	for _, p := range state.Programs {
		kindOf[p.ID] = p.Kind
		if p.Loans != p.CoveredLoans {
			t.Errorf("seed %d: program %s covers %d of %d loans, want all", seed, p.ID, p.CoveredLoans, p.Loans)
		}
	}
	claims, dual, rejected := map[string]int64{}, int64(0), int64(0)
	for _, c := range state.Claims {
		claims[kindOf[c.Program]]++
		switch c.Status {
		case "rejected":
			rejected++
		case "queued", "paid":
		default:
			t.Errorf("seed %d: claim %s is still %s at the end of the stream", seed, c.ID, c.Status)
		}
		if len(c.Approvals) == 2 {
			dual++
		}
	}
	for _, kind := range []risk.Kind{risk.KindCompensationPool, risk.KindGuaranteeProgram, risk.KindCappedGuarantee} {
		if claims[string(kind)] == 0 || claims[string(kind)] != st.Claims[string(kind)] {
			t.Errorf("seed %d: got %d claims in %s programs, want %d (and some)", seed, claims[string(kind)], kind, st.Claims[string(kind)])
		}
	}
	if dual == 0 || dual != st.DualApprovals || rejected != st.ClaimsRejected {
		t.Errorf("seed %d: got %d dual approvals and %d rejected claims, want %d and %d",
			seed, dual, rejected, st.DualApprovals, st.ClaimsRejected)
	}
	for _, l := range state.Loans {
		if l.Status != "closed" {
			t.Errorf("seed %d: loan %s is %s at the end of the stream", seed, l.ID, l.Status)
			break
		}
	}
	if int64(len(state.Projects)) != st.Projects || st.Projects == 0 {
		t.Errorf("seed %d: got %d projects, want %d", seed, len(state.Projects), st.Projects)
	}
}
