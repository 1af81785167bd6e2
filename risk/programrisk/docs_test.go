package programrisk

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

func amount(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestExpectedLossDoc: EL = Σ PD × LGD × EAD in total and by sector and
// bank, a PD of 1 included (the cases of adequacy's float64 copy, which
// this exact one replaced).
func TestExpectedLossDoc(t *testing.T) {
	in := &risk.AdequacyInputs{
		Assumptions: risk.Assumptions{LGD: amount("0.5")},
		Rule:        risk.PayoutTerms{Share: amount("1")},
		Exposures: []risk.Exposure{
			{EAD: amount("1000000"), PD: amount("0.02"), Sector: "biotech", Bank: "icbc"},
			{EAD: amount("2000000"), PD: amount("0.05"), Sector: "software", Bank: "icbc"},
			{EAD: amount("500000"), PD: amount("1"), Sector: "biotech", Bank: "boc"},
		},
	}
	d := expectedLossDoc(in)
	for _, tc := range []struct{ what, got, want string }{
		{"el", d.Loss, "310000.00"}, // 10,000 + 50,000 + 250,000
		{"pool draw (share 1, no caps: the loss)", d.PoolDraw, "310000.00"},
		{"biotech", d.BySector["biotech"], "260000.00"},
		{"software", d.BySector["software"], "50000.00"},
		{"icbc", d.ByBank["icbc"], "60000.00"},
		{"boc", d.ByBank["boc"], "250000.00"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.what, tc.got, tc.want)
		}
	}
}

// TestFundLeverageDoc: loans supported ÷ government money, overall and per
// funder; a funder with no money has no leverage (null), and so has a
// program with no money at all.
func TestFundLeverageDoc(t *testing.T) {
	d := fundLeverageDoc(&risk.AdequacyInputs{PortfolioVolume: amount("500000000"), Funding: []risk.FunderMoney{
		{Funder: "city", Amount: amount("20000000")}, {Funder: "county", Amount: decimal.Zero},
		{Funder: "province", Amount: amount("30000000")}}})
	if d.GovernmentMoney != "50000000.00" || d.Overall == nil || *d.Overall != "10.0000" {
		t.Errorf("got government money %s, overall %v; want 50000000.00, 10.0000", d.GovernmentMoney, d.Overall)
	}
	want := map[string]string{"city": "25.0000", "county": "null", "province": "16.6667"}
	for _, f := range d.PerFunder {
		got := "null"
		if f.Leverage != nil {
			got = *f.Leverage
		}
		if got != want[f.Funder] {
			t.Errorf("%s: got %s, want %s", f.Funder, got, want[f.Funder])
		}
	}
	if len(d.PerFunder) != len(want) {
		t.Errorf("got %d funders, want %d", len(d.PerFunder), len(want))
	}
	none := fundLeverageDoc(&risk.AdequacyInputs{PortfolioVolume: amount("1000")})
	if none.Overall != nil || none.GovernmentMoney != "0.00" {
		t.Errorf("no money: got overall %v, government money %s; want null, 0.00", none.Overall, none.GovernmentMoney)
	}
}
