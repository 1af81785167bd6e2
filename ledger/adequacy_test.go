package ledger

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// riskFixture is testdata/risk: one program of each kind, worked out by
// hand in the comments of TestAdequacyInputsWorkedExamples.
const riskFixture = "../testdata/risk"

// exposureString writes exposures as "loan bank sector/size EAD PD; ...".
func exposureString(xs []risk.Exposure) string {
	var parts []string
	for _, x := range xs {
		parts = append(parts, fmt.Sprintf("%s %s %s/%s %s %s", x.Loan, x.Bank, x.Sector, x.Size, risk.FormatAmount(x.EAD), x.PD))
	}
	return strings.Join(parts, "; ")
}

func optAmount(d *decimal.Decimal) string {
	if d == nil {
		return "none"
	}
	return risk.FormatAmount(*d)
}

func fundingString(fs []risk.FunderMoney) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, f.Funder+" "+risk.FormatAmount(f.Amount))
	}
	return strings.Join(parts, ", ")
}

// TestAdequacyInputsWorkedExamples builds the inputs of each program of
// the fixture and checks them to the cent.
func TestAdequacyInputsWorkedExamples(t *testing.T) {
	e := replayDir(t, riskFixture)
	tests := []struct {
		program                         string
		source, version                 string
		exposures                       string
		ead, pool, openPayable          string
		share, perLoanCap, portfolioCap string
		capTotal, capUsed               string
		coveredLoans, defaultedLoans    int
		portfolioVolume, funding        string
	}{
		// Compensation pool: A1 4,000,000 less 500,000 repaid, A2, and A3
		// (overdue, still in force); A4 defaulted (its claim of 0.70 ×
		// 800,000 was paid from the 3,000,000 pool), A5 repaid and closed.
		// PDs from the program's table, software takes default_pd.
		{program: "pool-a", source: risk.AssumptionsFromProgram, version: "2026-01",
			exposures: "b1-A1 b1 semiconductors/small 3500000.00 0.04; b1-A2 b1 semiconductors/micro 1200000.00 0.06; " +
				"b2-A3 b2 software/medium 2500000.00 0.02",
			ead: "7200000.00", pool: "2440000.00", openPayable: "0.00", share: "0.7000", perLoanCap: "1000000.00", portfolioCap: "none",
			capTotal: "none", capUsed: "none", coveredLoans: 5, defaultedLoans: 1,
			portfolioVolume: "9500000.00", funding: "city 1000000.00, province 2000000.00"},
		// Guarantee program: the pool pays the government's 0.10; no
		// "risk" object, so every PD is the default 0.03.
		{program: "gp-4321", source: risk.AssumptionsFromDefault, version: risk.DefaultAssumptionsVersion,
			exposures: "b1-G1 b1 robotics/medium 6000000.00 0.03; b3-G2 b3 photonics/small 2000000.00 0.03",
			ead:       "8000000.00", pool: "1000000.00", openPayable: "0.00", share: "0.1000", perLoanCap: "none", portfolioCap: "none",
			capTotal: "none", capUsed: "none", coveredLoans: 2, defaultedLoans: 0,
			portfolioVolume: "8000000.00", funding: "city 1000000.00"},
		// Capped guarantee: APV 25,000,000 → cap 25,000,000 × 0.50 × 0.20
		// = 2,500,000; C3's pending claim (0.50 × 2,000,000) used
		// 1,000,000 of it, 1,500,000 is left.
		{program: "cap-eu", source: risk.AssumptionsFromProgram, version: "eu-1",
			exposures: "kfw-C1 kfw cleantech/micro 10000000.00 0.05; kfw-C2 kfw cleantech/micro 10000000.00 0.05",
			ead:       "20000000.00", pool: "2000000.00", openPayable: "1000000.00", share: "0.5000", perLoanCap: "none", portfolioCap: "1500000.00",
			capTotal: "2500000.00", capUsed: "1000000.00", coveredLoans: 3, defaultedLoans: 1,
			portfolioVolume: "25000000.00", funding: "eif 2000000.00"},
	}
	for _, tt := range tests {
		t.Run(tt.program, func(t *testing.T) {
			in, ok := e.AdequacyInputs(tt.program)
			if !ok {
				t.Fatalf("AdequacyInputs(%s): got not found", tt.program)
			}
			p := e.programs[tt.program]
			wantEqual(t, "assumptions source", in.AssumptionsSource, tt.source)
			wantEqual(t, "assumptions version", in.Assumptions.Version, tt.version)
			wantEqual(t, "exposures", exposureString(in.Exposures), tt.exposures)
			wantEqual(t, "EAD", risk.FormatAmount(in.EAD), tt.ead)
			wantEqual(t, "EAD = covered outstanding of the book", risk.FormatAmount(in.EAD), risk.FormatAmount(e.CoveredOutstanding(p)))
			wantEqual(t, "pool balance", risk.FormatAmount(in.PoolBalance), tt.pool)
			wantEqual(t, "open claims payable", risk.FormatAmount(in.OpenClaimsPayable), tt.openPayable)
			wantEqual(t, "owed", risk.FormatAmount(in.Owed), "0.00")
			wantEqual(t, "share", risk.FormatRatio(in.Rule.Share), tt.share)
			wantEqual(t, "per-loan cap", optAmount(in.Rule.PerLoanCap), tt.perLoanCap)
			wantEqual(t, "portfolio cap left", optAmount(in.Rule.PortfolioCap), tt.portfolioCap)
			wantEqual(t, "cap", optAmount(in.Rule.Cap), tt.capTotal)
			wantEqual(t, "cap used", optAmount(in.Rule.CapUsed), tt.capUsed)
			wantEqual(t, "covered loans", in.CoveredLoans, tt.coveredLoans)
			wantEqual(t, "defaulted loans", in.DefaultedLoans, tt.defaultedLoans)
			wantEqual(t, "portfolio volume", risk.FormatAmount(in.PortfolioVolume), tt.portfolioVolume)
			wantEqual(t, "funding", fundingString(in.Funding), tt.funding)
		})
	}
	if _, ok := e.AdequacyInputs("nope"); ok {
		t.Errorf("AdequacyInputs(nope): got found, want not found")
	}
}
