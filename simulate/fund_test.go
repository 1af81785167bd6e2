package simulate

import (
	"strings"
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// TestFundScenario replays the fund scenario: every step gives the outcome
// it lists, and the fund ends with the figures below, to the cent.
func TestFundScenario(t *testing.T) {
	cfg, err := risk.ParsePrograms(strings.NewReader(FundProgramsJSON))
	if err != nil {
		t.Fatal(err)
	}
	e := ledger.NewEngine(cfg)
	for _, s := range FundScenario() {
		out, err := e.Apply(s.Line, ledger.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if out.Code != s.Code || (s.Code == ledger.CodeNone) != (out.Status == ledger.StatusApplied) {
			t.Fatalf("%s: got %s %s (%s), want code %q", s.Line, out.Status, out.Code, out.Message, s.Code)
		}
	}
	d := e.FundDoc(e.Fund("dz-transfer"))
	got := strings.Join([]string{d.Committed, d.Invested, d.Available, d.Proceeds, *d.Leverage, *d.EarlyShare,
		*d.SmallShare, *d.HardTechShare}, " ")
	if want := "100000000.00 8000000.00 92000000.00 6000000.00 5.0000 0.5000 0.5000 0.8750"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}
