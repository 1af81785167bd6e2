package simulate_test

import (
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/simulate"
)

// TestFilingScenario replays the filing scenario: each input's outcome as
// the scenario says, then the filed amounts, the coverage and the claim of
// the loan filed in part, to the cent.
func TestFilingScenario(t *testing.T) {
	programs, steps := simulate.FilingScenario()
	e := replayScenario(t, programs, steps, true)
	st := e.State()
	loans := map[string]ledger.LoanDoc{}
	for _, l := range st.Loans {
		loans[l.ID] = l
	}
	for _, tc := range []struct{ loan, filing, filed, reason string }{
		{"icbc-dz-L1", "approved", "8000000.00", ""},
		{"icbc-dz-L2", "revoked", "3000000.00", ledger.UncoveredFilingRevoked},
		{"icbc-dz-L3", "approved", "10000000.00", ""},
		{"icbc-dz-L4", "approved", "0.00", ledger.UncoveredFilingCap},
		{"icbc-dz-L5", "rejected", "0.00", ledger.UncoveredNotFiled},
		{"icbc-dz-L6", "none", "0.00", ledger.UncoveredNotFiled},
		{"boc-dz-L8", "approved", "2000000.00", ""},
	} {
		l := loans[tc.loan]
		if *l.Filing != tc.filing || *l.Filed != tc.filed || l.UncoveredReason != tc.reason || l.Covered != (tc.reason == "") {
			t.Errorf("%s: got filing %s filed %s covered %v %q, want %s %s %q", tc.loan, *l.Filing, *l.Filed, l.Covered, l.UncoveredReason,
				tc.filing, tc.filed, tc.reason)
		}
	}
	p := st.Programs[0]
	// In force and covered: L1 8,000,000.00 and L8 2,000,000.00 (L3 defaulted).
	if p.CoveredOutstanding != "10000000.00" || p.CoveredLoans != 3 || p.Paid != "3500000.00" || p.PoolBalance != "16500000.00" {
		t.Errorf("program: got %+v", p)
	}
	// L3: 6,000,000.00 outstanding at default, covered 10/12: L 5,000,000.00.
	c := st.Claims[0]
	if c.Loss != "5000000.00" || c.Payable != "3500000.00" || c.Status != "paid" {
		t.Errorf("claim: got %+v, want loss 5000000.00, payable 3500000.00, paid", c)
	}
	if got := e.UnqualifiedFilings(2026); len(got) != 2 || got[0] != "boc-dz-L8" || got[1] != "icbc-dz-L1" {
		t.Errorf("unqualified in 2026: got %v, want boc-dz-L8 and icbc-dz-L1 (e-chip's 2024 registration)", got)
	}
	if n := len(*st.Enterprises); n != 4 {
		t.Errorf("got %d enterprises, want 4", n)
	}
}
