package programrisk

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/risk/adequacy"
)

// Build computes a program's report from its adequacy inputs.
// It is pure and deterministic; ctx cancels its simulations. It fails only
// on invalid options or a cancelled ctx.
func Build(ctx context.Context, in *risk.AdequacyInputs, opts Options) (*Report, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	a := &in.Assumptions
	m := model{in: in, lgd: a.LGD.InexactFloat64(), rho: a.Rho.InexactFloat64(),
		pool: in.PoolBalance.InexactFloat64(), opts: opts}
	m.loans = make([]adequacy.Loan, len(in.Exposures))
	for i, x := range in.Exposures {
		m.loans[i] = adequacy.Loan{EAD: x.EAD.InexactFloat64(), PD: x.PD.InexactFloat64(), Sector: x.Sector, Bank: x.Bank}
	}
	m.rule = adequacy.PayoutRule{Share: in.Rule.Share.InexactFloat64()}
	if c := in.Rule.PerLoanCap; c != nil {
		m.rule.PerLoanCap = c.InexactFloat64()
	}
	if c := in.Rule.PortfolioCap; c != nil {
		m.rule.PortfolioCap = c.InexactFloat64()
		if c.Sign() == 0 {
			// A used-up cap pays nothing more; adequacy reads a zero
			// portfolio cap as "no cap", so the share says it instead.
			m.rule.Share = 0
		}
	}
	m.scenarios = scenariosFor(len(m.loans), opts.Scenarios)

	doc := &Report{Program: in.Program, Name: in.Name, Kind: string(in.Kind), Currency: in.Currency,
		Note: note, AssumptionsSource: in.AssumptionsSource, Assumptions: assumptionsDoc(a),
		Observed: observedDoc(in), Portfolio: m.portfolioDoc(), PayoutRule: payoutRuleDoc(in.Rule),
		ExpectedLoss: expectedLossDoc(in), Vasicek: m.vasicekDoc(), MaxLeverage: m.maxLeverageDoc(),
		FundLeverage: fundLeverageDoc(in), Stress: []StressDoc{}}
	base, err := m.simulate(ctx, m.loans)
	if err != nil {
		return nil, err
	}
	doc.Simulation = simulationDoc(base)
	for _, s := range m.stressScenarios() {
		r, err := m.simulate(ctx, s.loans)
		if err != nil {
			return nil, err
		}
		s.doc.MeanDraw, s.doc.DrawQ999, s.doc.PExhaust = estimate(r.MeanDraw), estimate(r.DrawQ999), r.PExhaust
		doc.Stress = append(doc.Stress, s.doc)
	}
	return doc, nil
}

// model is one report's inputs in the analysis' float64 form.
type model struct {
	in        *risk.AdequacyInputs
	loans     []adequacy.Loan
	lgd, rho  float64
	pool      float64
	rule      adequacy.PayoutRule
	scenarios int
	opts      Options
}

func (m *model) simulate(ctx context.Context, loans []adequacy.Loan) (adequacy.SimulationResult, error) {
	return adequacy.Simulate(ctx, adequacy.SimulationInput{Loans: loans, LGD: m.lgd, Rho: m.rho,
		PoolBalance: m.pool, Rule: m.rule, Scenarios: m.scenarios, Seed: m.opts.Seed, Bins: Bins,
		Workers: m.opts.Workers})
}

// weightedPD is Σ PD × EAD ÷ Σ EAD, false when EAD is 0.
func (m *model) weightedPD() (float64, bool) {
	if m.in.EAD.Sign() == 0 {
		return 0, false
	}
	sum := decimal.Zero
	for _, x := range m.in.Exposures {
		sum = sum.Add(x.PD.Mul(x.EAD))
	}
	return sum.DivRound(m.in.EAD, 16).InexactFloat64(), true
}

func (m *model) portfolioDoc() PortfolioDoc {
	d := PortfolioDoc{Loans: len(m.in.Exposures), EAD: risk.FormatAmount(m.in.EAD),
		PoolBalance: risk.FormatAmount(m.in.PoolBalance), OpenClaimsPayable: risk.FormatAmount(m.in.OpenClaimsPayable),
		Owed: risk.FormatAmount(m.in.Owed)}
	if pd, ok := m.weightedPD(); ok {
		d.PDWeighted = &pd
	}
	if lev, ok := risk.Quotient(m.in.EAD, m.in.PoolBalance); ok {
		d.Leverage = ptr(risk.FormatRatio(lev))
	}
	return d
}

func (m *model) vasicekDoc() *VasicekDoc {
	pd, ok := m.weightedPD()
	if !ok {
		return nil
	}
	vin := adequacy.VasicekInput{EAD: m.in.EAD.InexactFloat64(), PD: pd, LGD: m.lgd, Rho: m.rho,
		Pool: m.pool, PayableShare: m.rule.Share}
	r, err := adequacy.Vasicek(vin)
	if err != nil {
		return nil // undefined: a pool that pays nothing (share 0)
	}
	return &VasicekDoc{EAD: risk.FormatAmount(m.in.EAD), PD: pd, LGD: m.lgd, Rho: m.rho,
		Pool: risk.FormatAmount(m.in.PoolBalance), PayableShare: m.rule.Share, EL: estimate(r.EL),
		DefaultRateQ99: r.DefaultRateQ99, DefaultRateQ999: r.DefaultRateQ999,
		LossQ99: estimate(r.LossQ99), LossQ999: estimate(r.LossQ999),
		PoolDrawQ999: estimate(m.rule.Share * r.LossQ999), XStar: r.XStar, PExhaust: r.PExhaust}
}

func (m *model) maxLeverageDoc() MaxLeverageDoc {
	pd, ok := m.weightedPD()
	if !ok {
		pd = m.in.Assumptions.DefaultPD.InexactFloat64()
	}
	d := MaxLeverageDoc{PExhaust: ExhaustTarget, PD: pd}
	if lev, err := adequacy.MaxLeverageAt(ExhaustTarget, pd, m.lgd, m.rho, m.rule.Share); err == nil {
		d.Leverage = ptr(strconv.FormatFloat(lev, 'f', 4, 64))
	}
	if l := m.in.MaxLeverage; l != nil {
		d.ProgramLimit = ptr(risk.FormatRatio(*l))
	}
	if lev, ok := risk.Quotient(m.in.EAD, m.in.PoolBalance); ok {
		d.Current = ptr(risk.FormatRatio(lev))
	}
	return d
}

// estimate writes an estimated amount with two decimals. The analysis
// returns finite amounts ≥ 0 from validated input; anything else is a bug.
func estimate(x float64) string {
	if !(x >= 0) || math.IsInf(x, 1) {
		panic(fmt.Sprintf("programrisk: estimated amount %v is not finite and ≥ 0", x))
	}
	if x == 0 {
		x = 0 // never "-0.00"
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}
