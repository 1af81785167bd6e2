package simulate_test

import (
	"bytes"
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/simulate"
)

// TestSubsidyScenario replays the interest-subsidy scenario: each input's
// outcome as the scenario says, then every subsidy and the budget, to the
// cent; the same steps give byte-identical state documents.
func TestSubsidyScenario(t *testing.T) {
	st := scenarioState(t, simulate.SubsidyScenario)
	got := map[string]ledger.SubsidyDoc{}
	for _, d := range *st.Subsidies {
		got[d.Loan] = d
	}
	for _, w := range []struct{ loan, interest, amount, paid, owed, status string }{
		{"icbc-dz-S1", "1300000.00", "500000.00", "500000.00", "0.00", "paid"},
		{"icbc-dz-S2", "123456.78", "49382.71", "49382.71", "0.00", "paid"},
		{"boc-dz-S5", "750000.00", "300000.00", "300000.00", "0.00", "paid"},
		{"boc-dz-S6", "25000.00", "10000.00", "0.00", "0.00", "rejected"},
	} {
		d := got[w.loan]
		if d.Interest != w.interest || d.Amount != w.amount || d.Paid != w.paid || d.Owed != w.owed || d.Status != w.status {
			t.Errorf("%s: got %+v, want interest %s, amount %s, paid %s, owed %s, %s", w.loan, d, w.interest, w.amount, w.paid, w.owed, w.status)
		}
	}
	if len(got) != 4 {
		t.Errorf("got %d subsidies, want 4", len(got))
	}
	p := st.Programs[0]
	if *p.SubsidyFunded != "900000.00" || *p.SubsidyPaid != "849382.71" || *p.SubsidyOwed != "0.00" || *p.SubsidyBalance != "50617.29" ||
		p.PoolBalance != "20000000.00" {
		t.Errorf("budget: got funded %s, paid %s, owed %s, balance %s, pool %s; want 900000.00, 849382.71, 0.00, 50617.29, 20000000.00",
			*p.SubsidyFunded, *p.SubsidyPaid, *p.SubsidyOwed, *p.SubsidyBalance, p.PoolBalance)
	}
	a, _ := ledger.MarshalState(st)
	second := scenarioState(t, simulate.SubsidyScenario)
	b, _ := ledger.MarshalState(second)
	if !bytes.Equal(a, b) {
		t.Error("two replays of the scenario gave different state documents")
	}
}

// TestSubsidyScenarioMidway: after S5's approval, before the top-up, the
// budget is short: S5 paid 100,000.00 owing 200,000.00, S2 owing all of
// 49,382.71 behind it.
func TestSubsidyScenarioMidway(t *testing.T) {
	programs, steps := simulate.SubsidyScenario()
	st := replayScenario(t, programs, steps[:len(steps)-1], false).State()
	for _, d := range *st.Subsidies {
		want := map[string]string{"boc-dz-S5": "queued 100000.00 200000.00", "icbc-dz-S2": "queued 0.00 49382.71",
			"icbc-dz-S1": "paid 500000.00 0.00", "boc-dz-S6": "rejected 0.00 0.00"}[d.Loan]
		if got := d.Status + " " + d.Paid + " " + d.Owed; got != want {
			t.Errorf("%s before the top-up: got %s, want %s", d.Loan, got, want)
		}
	}
	if p := st.Programs[0]; *p.SubsidyBalance != "0.00" || *p.SubsidyOwed != "249382.71" {
		t.Errorf("before the top-up: got balance %s, owed %s; want 0.00, 249382.71", *p.SubsidyBalance, *p.SubsidyOwed)
	}
}
