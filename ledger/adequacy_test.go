package ledger

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/risk/adequacy"
)

// riskFixture is testdata/risk: one program of each kind, worked out by
// hand in the comments of TestAdequacyInputsWorkedExamples.
const riskFixture = "../testdata/risk"

// exposureString writes exposures as "loan bank sector/size EAD PD; ...".
func exposureString(xs []Exposure) string {
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

func fundingString(fs []FunderMoney) string {
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
		{program: "pool-a", source: AssumptionsFromProgram, version: "2026-01",
			exposures: "b1-A1 b1 semiconductors/small 3500000.00 0.04; b1-A2 b1 semiconductors/micro 1200000.00 0.06; " +
				"b2-A3 b2 software/medium 2500000.00 0.02",
			ead: "7200000.00", pool: "2440000.00", openPayable: "0.00", share: "0.7000", perLoanCap: "1000000.00", portfolioCap: "none",
			capTotal: "none", capUsed: "none", coveredLoans: 5, defaultedLoans: 1,
			portfolioVolume: "9500000.00", funding: "city 1000000.00, province 2000000.00"},
		// Guarantee program: the pool pays the government's 0.10; no
		// "risk" object, so every PD is the default 0.03.
		{program: "gp-4321", source: AssumptionsFromDefault, version: risk.DefaultAssumptionsVersion,
			exposures: "b1-G1 b1 robotics/medium 6000000.00 0.03; b3-G2 b3 photonics/small 2000000.00 0.03",
			ead:       "8000000.00", pool: "1000000.00", openPayable: "0.00", share: "0.1000", perLoanCap: "none", portfolioCap: "none",
			capTotal: "none", capUsed: "none", coveredLoans: 2, defaultedLoans: 0,
			portfolioVolume: "8000000.00", funding: "city 1000000.00"},
		// Capped guarantee: APV 25,000,000 → cap 25,000,000 × 0.50 × 0.20
		// = 2,500,000; C3's pending claim (0.50 × 2,000,000) used
		// 1,000,000 of it, 1,500,000 is left.
		{program: "cap-eu", source: AssumptionsFromProgram, version: "eu-1",
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

func buildRisk(t *testing.T, in AdequacyInputs, opts RiskOptions) *ProgramRisk {
	t.Helper()
	doc, err := BuildProgramRisk(context.Background(), &in, opts)
	if err != nil {
		t.Fatalf("BuildProgramRisk(%s): %v", in.Program, err)
	}
	return doc
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s: got %.10g, want %.10g ± %g", what, got, want, tol)
	}
}

func parseEstimate(t *testing.T, what, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%s: %q is not a number", what, s)
	}
	return v
}

// TestProgramRiskWorkedExample checks the compensation pool's report: the
// decimal figures exactly, the closed form and max leverage against the
// analytics, the simulation against the expected pool draw.
func TestProgramRiskWorkedExample(t *testing.T) {
	e := replayDir(t, riskFixture)
	in, _ := e.AdequacyInputs("pool-a")
	doc := buildRisk(t, in, DefaultRiskOptions())

	// EL = 0.5 × (0.04 × 3,500,000 + 0.06 × 1,200,000 + 0.02 × 2,500,000)
	//    = 0.5 × (140,000 + 72,000 + 50,000) = 131,000.
	// Pool draw per default: min(0.70 × 0.5 × EAD, 1,000,000) = 1,000,000
	// (A1, capped), 420,000 (A2), 875,000 (A3); expected: 40,000 +
	// 25,200 + 17,500 = 82,700.
	for _, tc := range []struct{ what, got, want string }{
		{"kind", doc.Kind, "compensation_pool"},
		{"assumptions", fmt.Sprint(doc.Assumptions), "{2026-01 0.5 0.2 0.02 map[semiconductors:map[micro:0.06 small:0.04]]}"},
		{"observed", fmt.Sprint(doc.Observed.CoveredLoans, doc.Observed.DefaultedLoans, *doc.Observed.DefaultRate), "5 1 0.2"},
		{"portfolio", fmt.Sprint(doc.Portfolio.Loans, " ", doc.Portfolio.EAD, " ", doc.Portfolio.PoolBalance, " ", *doc.Portfolio.Leverage),
			"3 7200000.00 2440000.00 2.9508"},
		{"payout rule", fmt.Sprint(doc.PayoutRule.Share, " ", *doc.PayoutRule.PerLoanCap, " ", doc.PayoutRule.PortfolioCap), "0.7000 1000000.00 <nil>"},
		{"expected loss", doc.ExpectedLoss.Loss, "131000.00"},
		{"expected pool draw", doc.ExpectedLoss.PoolDraw, "82700.00"},
		{"EL by sector", fmt.Sprint(doc.ExpectedLoss.BySector), "map[semiconductors:106000.00 software:25000.00]"},
		{"EL by bank", fmt.Sprint(doc.ExpectedLoss.ByBank), "map[b1:106000.00 b2:25000.00]"},
		{"stress", fmt.Sprintf("%s; %s %s; %s %s", doc.Stress[0].Name, doc.Stress[1].Name, *doc.Stress[1].Sector, doc.Stress[2].Name, *doc.Stress[2].Bank),
			"pd_x2; sector_x3 semiconductors; bank_fails b1"},
		{"max leverage: limit and current", *doc.MaxLeverage.ProgramLimit + " " + *doc.MaxLeverage.Current, "10.0000 2.9508"},
		// APV 9,500,000 over 3,000,000 funded: 3.1667; province 4.75, city 9.5.
		{"fund leverage", fmt.Sprintf("%s %s %s", doc.FundLeverage.LoansSupported, doc.FundLeverage.GovernmentMoney, *doc.FundLeverage.Overall),
			"9500000.00 3000000.00 3.1667"},
		{"fund leverage per funder", fmt.Sprintf("%s %s %s, %s %s %s",
			doc.FundLeverage.PerFunder[0].Funder, doc.FundLeverage.PerFunder[0].Money, *doc.FundLeverage.PerFunder[0].Leverage,
			doc.FundLeverage.PerFunder[1].Funder, doc.FundLeverage.PerFunder[1].Money, *doc.FundLeverage.PerFunder[1].Leverage),
			"city 1000000.00 9.5000, province 2000000.00 4.7500"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.what, tc.got, tc.want)
		}
	}

	// The closed form on the aggregate: EAD-weighted PD 262,000 ÷ 7,200,000.
	pd := 262_000.0 / 7_200_000
	near(t, "pd_weighted", *doc.Portfolio.PDWeighted, pd, 1e-15)
	want, err := adequacy.Vasicek(adequacy.VasicekInput{EAD: 7_200_000, PD: pd, LGD: 0.5, Rho: 0.2, Pool: 2_440_000, PayableShare: 0.7})
	if err != nil {
		t.Fatal(err)
	}
	v := doc.Vasicek
	if v == nil {
		t.Fatal("vasicek: got null")
	}
	near(t, "vasicek.default_rate_q999", v.DefaultRateQ999, want.DefaultRateQ999, 1e-12)
	near(t, "vasicek.x_star", v.XStar, 2_440_000/(0.7*0.5*7_200_000), 1e-12)
	near(t, "vasicek.p_exhaust", v.PExhaust, want.PExhaust, 1e-12)
	wantEqual(t, "vasicek.loss_q999", v.LossQ999, strconv.FormatFloat(want.LossQ999, 'f', 2, 64))
	wantEqual(t, "vasicek.el", v.EL, "131000.00")
	lev, err := adequacy.MaxLeverageAt(0.01, pd, 0.5, 0.2, 0.7)
	if err != nil {
		t.Fatal(err)
	}
	wantEqual(t, "max_leverage.leverage", *doc.MaxLeverage.Leverage, strconv.FormatFloat(lev, 'f', 4, 64))

	// The simulation: its mean draw estimates the expected pool draw (the
	// standard error of 20,000 scenarios is a few percent here).
	s := doc.Simulation
	wantEqual(t, "scenarios", s.Scenarios, RiskScenariosDefault)
	wantEqual(t, "seed", s.Seed, uint64(RiskSeedDefault))
	near(t, "mean draw vs expected pool draw", parseEstimate(t, "mean_draw", s.MeanDraw), 82_700, 82_700*0.1)
	total := 0
	for _, c := range s.Histogram.Counts {
		total += c
	}
	wantEqual(t, "histogram total", total, s.Scenarios)
	// The largest possible draw is every loan defaulting: 2,295,000, below
	// the pool; so the pool never runs dry, even when b1 fails for sure
	// (its draw 1,420,000 then comes on top of b2's).
	if s.PExhaust != 0 || parseEstimate(t, "draw_q999", s.DrawQ999) > 2_295_000 {
		t.Errorf("simulation: got p_exhaust %v, q999 %s; want 0 and at most 2295000.00", s.PExhaust, s.DrawQ999)
	}
	bank := doc.Stress[2]
	if got := parseEstimate(t, "bank_fails mean draw", bank.MeanDraw); got < 1_420_000 || bank.PExhaust != 0 {
		t.Errorf("bank_fails: got mean draw %s, p_exhaust %v; want at least 1420000.00 (b1's loans all default), 0", bank.MeanDraw, bank.PExhaust)
	}
	pdx2 := parseEstimate(t, "pd_x2 mean draw", doc.Stress[0].MeanDraw)
	near(t, "pd_x2 mean draw vs twice the expected draw", pdx2, 2*82_700, 2*82_700*0.1)
}

// TestProgramRiskCapUsedUp: worked example 5 has used its whole cap, so
// its pool pays nothing more and every draw is 0.
func TestProgramRiskCapUsedUp(t *testing.T) {
	e := replayDir(t, "../testdata/examples/5-capped-guarantee")
	in, _ := e.AdequacyInputs("eu-capped")
	wantEqual(t, "cap", optAmount(in.Rule.Cap), "10000000.00")
	wantEqual(t, "cap used", optAmount(in.Rule.CapUsed), "10000000.00")
	wantEqual(t, "cap left", optAmount(in.Rule.PortfolioCap), "0.00")
	wantEqual(t, "EAD (K4..K9 in force)", risk.FormatAmount(in.EAD), "60000000.00")
	doc := buildRisk(t, in, DefaultRiskOptions())
	wantEqual(t, "share (the contract's)", doc.PayoutRule.Share, "0.5000")
	wantEqual(t, "expected pool draw", doc.ExpectedLoss.PoolDraw, "0.00")
	wantEqual(t, "expected loss (the banks' still)", doc.ExpectedLoss.Loss, "810000.00")
	if doc.Vasicek != nil || doc.MaxLeverage.Leverage != nil {
		t.Errorf("got vasicek %+v, max leverage %v; want both null (the pool pays nothing)", doc.Vasicek, doc.MaxLeverage.Leverage)
	}
	if doc.Simulation.MeanDraw != "0.00" || doc.Simulation.DrawQ999 != "0.00" || doc.Simulation.PExhaust != 0 {
		t.Errorf("simulation: got %+v, want every draw 0", doc.Simulation)
	}
}

// TestProgramRiskNothingInForce: worked example 1 ends with its one loan
// defaulted and paid: no closed form, one stress scenario, and the max
// leverage on the default PD.
func TestProgramRiskNothingInForce(t *testing.T) {
	e := replayDir(t, "../testdata/examples/1-lukedai-default")
	in, _ := e.AdequacyInputs("dz-lukedai")
	doc := buildRisk(t, in, DefaultRiskOptions())
	if doc.Vasicek != nil || doc.Portfolio.PDWeighted != nil || doc.Portfolio.EAD != "0.00" || len(doc.Stress) != 1 {
		t.Errorf("got vasicek %v, pd_weighted %v, ead %s, %d stress scenarios; want null, null, 0.00, 1",
			doc.Vasicek, doc.Portfolio.PDWeighted, doc.Portfolio.EAD, len(doc.Stress))
	}
	wantEqual(t, "observed default rate", *doc.Observed.DefaultRate, 1.0)
	wantEqual(t, "max leverage pd", doc.MaxLeverage.PD, 0.03)
	if doc.MaxLeverage.Leverage == nil || doc.MaxLeverage.ProgramLimit != nil {
		t.Errorf("max leverage: got %v, limit %v; want a value, no limit", doc.MaxLeverage.Leverage, doc.MaxLeverage.ProgramLimit)
	}
	wantEqual(t, "fund leverage overall (5,000,000 over 10,000,000)", *doc.FundLeverage.Overall, "0.5000")
}

// TestProgramRiskDeterministic: the same state gives the same document,
// byte for byte, from two engines replaying the same inputs and with any
// number of workers; another seed changes only the simulations.
func TestProgramRiskDeterministic(t *testing.T) {
	for _, program := range []string{"pool-a", "gp-4321", "cap-eu"} {
		t.Run(program, func(t *testing.T) {
			var docs [][]byte
			for _, workers := range []int{0, 1, 3} {
				in, _ := replayDir(t, riskFixture).AdequacyInputs(program)
				opts := DefaultRiskOptions()
				opts.Workers = workers
				b, err := MarshalProgramRisk(buildRisk(t, in, opts))
				if err != nil {
					t.Fatal(err)
				}
				docs = append(docs, b)
			}
			for i := 1; i < len(docs); i++ {
				if !bytes.Equal(docs[0], docs[i]) {
					t.Fatalf("run %d differs from run 0:\n%s\n%s", i, docs[0], docs[i])
				}
			}
			in, _ := replayDir(t, riskFixture).AdequacyInputs(program)
			opts := DefaultRiskOptions()
			opts.Seed++
			other := buildRisk(t, in, opts)
			base := buildRisk(t, in, DefaultRiskOptions())
			if other.Simulation.MeanDraw == base.Simulation.MeanDraw || fmt.Sprint(other.ExpectedLoss) != fmt.Sprint(base.ExpectedLoss) {
				t.Errorf("seed %d: got mean draw %s (seed %d: %s), expected loss %v vs %v; want another draw, the same expected loss",
					opts.Seed, other.Simulation.MeanDraw, opts.Seed-1, base.Simulation.MeanDraw, other.ExpectedLoss, base.ExpectedLoss)
			}
		})
	}
}

func TestRiskOptions(t *testing.T) {
	in, _ := replayDir(t, riskFixture).AdequacyInputs("pool-a")
	for _, opts := range []RiskOptions{{Scenarios: 0}, {Scenarios: RiskScenariosMax + 1}, {Scenarios: 10, Workers: -1}} {
		if _, err := BuildProgramRisk(context.Background(), &in, opts); err == nil {
			t.Errorf("options %+v: got no error", opts)
		} else if !errors.Is(err, adequacy.ErrLimit) && !errors.Is(err, adequacy.ErrInvalidInput) {
			t.Errorf("options %+v: got %v, want an adequacy error", opts, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := BuildProgramRisk(ctx, &in, DefaultRiskOptions()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: got %v, want context.Canceled", err)
	}
	for _, tc := range []struct{ loans, requested, want int }{
		{0, 20_000, 20_000},
		{5_000, 20_000, 20_000},
		{20_000, 20_000, 5_000},
		{1_000_000, 20_000, RiskScenariosMin},
		{1_000_000, 10, 10},
	} {
		if got := riskScenarios(tc.loans, tc.requested); got != tc.want {
			t.Errorf("riskScenarios(%d, %d): got %d, want %d", tc.loans, tc.requested, got, tc.want)
		}
	}
}
