package ledger

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/risk/adequacy"
)

// Defaults and limits of BuildProgramRisk: one report runs up to four Monte
// Carlo simulations (the portfolio and three stress scenarios), each
// bounded in scenarios and in loans × scenarios, so that a request finishes
// in seconds whatever the portfolio.
const (
	// RiskScenariosDefault is the scenarios of one simulation.
	RiskScenariosDefault = 20_000
	// RiskScenariosMax bounds RiskOptions.Scenarios.
	RiskScenariosMax = 20_000
	// RiskLoanScenariosMax bounds loans × scenarios of one simulation: a
	// larger portfolio runs fewer scenarios, never fewer than
	// RiskScenariosMin (the report says how many it ran).
	RiskLoanScenariosMax = 100_000_000
	// RiskScenariosMin is the fewest scenarios a report runs: enough for a
	// 99.9% quantile to rest on one scenario at least.
	RiskScenariosMin = 1_000
	// RiskSeedDefault is the simulation's seed: fixed, so that the same
	// state always gives the same report.
	RiskSeedDefault = 20260101
	// RiskBins is the histogram's number of bins.
	RiskBins = 40
	// RiskExhaustTarget is the exhaustion probability at which the highest
	// bearable leverage is reported (one year in a hundred).
	RiskExhaustTarget = 0.01
	// Stress multipliers of the PDs: all of them, then the largest sector's.
	RiskStressPDFactor     = 2
	RiskStressSectorFactor = 3
)

// riskNote is said in every report: its figures are estimates.
const riskNote = "Estimates from a one-factor (Vasicek) credit model under the assumptions below, " +
	"not booked amounts: estimated money figures are rounded to 0.01 for display only. " +
	"ead, pool_balance, caps and funding are exact ledger figures."

// RiskOptions tune one report. The zero value is not valid: start from
// DefaultRiskOptions.
type RiskOptions struct {
	// Scenarios of each simulation, in [1, RiskScenariosMax]; fewer run when
	// the portfolio is large (RiskLoanScenariosMax).
	Scenarios int
	// Seed of every simulation (the stress scenarios share it, so that they
	// differ from the base run only by their stress).
	Seed uint64
	// Workers is the goroutines of a simulation; 0 = GOMAXPROCS. It changes
	// the speed, never the report.
	Workers int
}

// DefaultRiskOptions are the options the API uses.
func DefaultRiskOptions() RiskOptions {
	return RiskOptions{Scenarios: RiskScenariosDefault, Seed: RiskSeedDefault}
}

// Validate checks the options against their limits.
func (o RiskOptions) Validate() error {
	if o.Scenarios < 1 || o.Scenarios > RiskScenariosMax {
		return fmt.Errorf("%w: scenarios %d not in [1, %d]", adequacy.ErrLimit, o.Scenarios, RiskScenariosMax)
	}
	if o.Workers < 0 {
		return fmt.Errorf("%w: workers %d < 0", adequacy.ErrInvalidInput, o.Workers)
	}
	return nil
}

// ProgramRisk is a program's pool-adequacy report (GET
// /v1/programs/{id}/risk, `techcredit risk program`). Estimated money is a
// string with two decimals, exact ledger money too; probabilities and
// default rates are numbers; leverage is a string with four decimals, null
// where undefined. The same inputs and options give the same document,
// byte for byte.
type ProgramRisk struct {
	Program  string `json:"program"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Currency string `json:"currency"`
	Note     string `json:"note"`
	// AssumptionsSource is "program" (the program's "risk" object) or
	// "default" (risk.DefaultAssumptions).
	AssumptionsSource string         `json:"assumptions_source"`
	Assumptions       AssumptionsDoc `json:"assumptions"`
	// Observed is the program's own default history, beside the assumptions.
	Observed     ObservedDoc     `json:"observed"`
	Portfolio    PortfolioDoc    `json:"portfolio"`
	PayoutRule   PayoutRuleDoc   `json:"payout_rule"`
	ExpectedLoss ExpectedLossDoc `json:"expected_loss"`
	// Vasicek is the closed form on the aggregate portfolio; null when it is
	// undefined (no exposure, or a pool that pays nothing).
	Vasicek      *VasicekDoc     `json:"vasicek"`
	Simulation   SimulationDoc   `json:"simulation"`
	Stress       []StressDoc     `json:"stress"`
	MaxLeverage  MaxLeverageDoc  `json:"max_leverage"`
	FundLeverage FundLeverageDoc `json:"fund_leverage"`
}

// AssumptionsDoc echoes the assumptions as the programs file writes them.
type AssumptionsDoc struct {
	Version   string                       `json:"version"`
	LGD       string                       `json:"lgd"`
	Rho       string                       `json:"rho"`
	DefaultPD string                       `json:"default_pd"`
	PD        map[string]map[string]string `json:"pd"`
}

// ObservedDoc is the observed default rate: covered loans that defaulted ÷
// loans ever covered, over the program's life (not annualised); null
// before any loan is covered.
type ObservedDoc struct {
	CoveredLoans   int      `json:"covered_loans"`
	DefaultedLoans int      `json:"defaulted_loans"`
	DefaultRate    *float64 `json:"default_rate"`
}

// PortfolioDoc is what can still draw on the pool.
type PortfolioDoc struct {
	// Loans counts the covered loans in force with something outstanding.
	Loans int `json:"loans"`
	// EAD is their outstanding principal (exact).
	EAD string `json:"ead"`
	// PDWeighted is Σ PD × EAD ÷ EAD; null when EAD is 0.
	PDWeighted  *float64 `json:"pd_weighted"`
	PoolBalance string   `json:"pool_balance"`
	// OpenClaimsPayable (claims awaiting a decision) and Owed (approved,
	// unpaid) will come out of the pool too; the simulation, which covers
	// the loans in force, does not deduct them from PoolBalance.
	OpenClaimsPayable string `json:"open_claims_payable"`
	Owed              string `json:"owed"`
	// Leverage is EAD ÷ pool balance; null when the pool is empty.
	Leverage *string `json:"leverage"`
}

// PayoutRuleDoc is the payout rule the analysis applies.
type PayoutRuleDoc struct {
	Share        string  `json:"share"`
	PerLoanCap   *string `json:"per_loan_cap"`
	PortfolioCap *string `json:"portfolio_cap"`
	Cap          *string `json:"cap"`
	CapUsed      *string `json:"cap_used"`
}

// ExpectedLossDoc is EL = Σ PD × LGD × EAD in total and by sector and bank,
// and the pool's expected draw Σ PD × min(share × LGD × EAD, per-loan cap),
// at most a capped guarantee's portfolio cap left (so an upper bound
// there). Computed in decimal.
type ExpectedLossDoc struct {
	Loss     string            `json:"loss"`
	PoolDraw string            `json:"pool_draw"`
	BySector map[string]string `json:"by_sector"`
	ByBank   map[string]string `json:"by_bank"`
}

// VasicekDoc is adequacy.Vasicek on the aggregate: EAD, EAD-weighted PD,
// LGD, rho, pool balance and payable share. It knows no caps.
type VasicekDoc struct {
	EAD             string  `json:"ead"`
	PD              float64 `json:"pd"`
	LGD             float64 `json:"lgd"`
	Rho             float64 `json:"rho"`
	Pool            string  `json:"pool"`
	PayableShare    float64 `json:"payable_share"`
	EL              string  `json:"el"`
	DefaultRateQ99  float64 `json:"default_rate_q99"`
	DefaultRateQ999 float64 `json:"default_rate_q999"`
	LossQ99         string  `json:"loss_q99"`
	LossQ999        string  `json:"loss_q999"`
	// PoolDrawQ999 is payable share × loss_q999.
	PoolDrawQ999 string  `json:"pool_draw_q999"`
	XStar        float64 `json:"x_star"`
	PExhaust     float64 `json:"p_exhaust"`
}

// SimulationDoc is the seeded Monte Carlo of the pool's one-year draw.
type SimulationDoc struct {
	Scenarios             int          `json:"scenarios"`
	Seed                  uint64       `json:"seed"`
	MeanDraw              string       `json:"mean_draw"`
	DrawQ99               string       `json:"draw_q99"`
	DrawQ999              string       `json:"draw_q999"`
	PExhaust              float64      `json:"p_exhaust"`
	ES99                  string       `json:"es99"`
	ShortfallGivenExhaust string       `json:"shortfall_given_exhaust"`
	MeanShortfall         string       `json:"mean_shortfall"`
	Histogram             HistogramDoc `json:"histogram"`
}

// HistogramDoc counts the scenarios' draws in equal bins from Lo to Hi.
type HistogramDoc struct {
	Lo       string `json:"lo"`
	Hi       string `json:"hi"`
	BinWidth string `json:"bin_width"`
	Counts   []int  `json:"counts"`
}

// StressDoc is one stress scenario, simulated with the base run's seed.
type StressDoc struct {
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Sector      *string `json:"sector"`
	Bank        *string `json:"bank"`
	MeanDraw    string  `json:"mean_draw"`
	DrawQ999    string  `json:"draw_q999"`
	PExhaust    float64 `json:"p_exhaust"`
}

// MaxLeverageDoc is the highest leverage (covered outstanding ÷ pool) at
// which the Vasicek P(exhaust) stays at PExhaust, for the portfolio's
// EAD-weighted PD (the default PD while nothing is in force), beside the
// program's limit and its current leverage.
type MaxLeverageDoc struct {
	PExhaust     float64 `json:"p_exhaust"`
	PD           float64 `json:"pd"`
	Leverage     *string `json:"leverage"`
	ProgramLimit *string `json:"program_limit"`
	Current      *string `json:"current"`
}

// FundLeverageDoc is the loans supported (covered principal ever
// disbursed) per yuan of government money put into the pool, overall and
// per funder. Exact.
type FundLeverageDoc struct {
	LoansSupported  string              `json:"loans_supported"`
	GovernmentMoney string              `json:"government_money"`
	Overall         *string             `json:"overall"`
	PerFunder       []FunderLeverageDoc `json:"per_funder"`
}

// FunderLeverageDoc is one funder's money and the loans per yuan of it.
type FunderLeverageDoc struct {
	Funder   string  `json:"funder"`
	Money    string  `json:"money"`
	Leverage *string `json:"leverage"`
}

// BuildProgramRisk computes a program's report from its adequacy inputs.
// It is pure and deterministic; ctx cancels its simulations. It fails only
// on invalid options or a cancelled ctx.
func BuildProgramRisk(ctx context.Context, in *AdequacyInputs, opts RiskOptions) (*ProgramRisk, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	a := &in.Assumptions
	m := riskModel{in: in, lgd: a.LGD.InexactFloat64(), rho: a.Rho.InexactFloat64(),
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
	m.scenarios = riskScenarios(len(m.loans), opts.Scenarios)

	doc := &ProgramRisk{Program: in.Program, Name: in.Name, Kind: string(in.Kind), Currency: in.Currency,
		Note: riskNote, AssumptionsSource: in.AssumptionsSource, Assumptions: assumptionsDoc(a),
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

// riskScenarios is the scenarios a simulation of this many loans runs:
// the requested number, cut so that loans × scenarios stays within
// RiskLoanScenariosMax, never below RiskScenariosMin (nor above the
// request).
func riskScenarios(loans, requested int) int {
	if loans > 0 && int64(loans)*int64(requested) > RiskLoanScenariosMax {
		return min(requested, max(RiskScenariosMin, RiskLoanScenariosMax/loans))
	}
	return requested
}

// MarshalProgramRisk writes a report as indented JSON ending in a newline.
func MarshalProgramRisk(r *ProgramRisk) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// riskModel is one report's inputs in the analysis' float64 form.
type riskModel struct {
	in        *AdequacyInputs
	loans     []adequacy.Loan
	lgd, rho  float64
	pool      float64
	rule      adequacy.PayoutRule
	scenarios int
	opts      RiskOptions
}

func (m *riskModel) simulate(ctx context.Context, loans []adequacy.Loan) (adequacy.SimulationResult, error) {
	return adequacy.Simulate(ctx, adequacy.SimulationInput{Loans: loans, LGD: m.lgd, Rho: m.rho,
		PoolBalance: m.pool, Rule: m.rule, Scenarios: m.scenarios, Seed: m.opts.Seed, Bins: RiskBins,
		Workers: m.opts.Workers})
}

// weightedPD is Σ PD × EAD ÷ Σ EAD, false when EAD is 0.
func (m *riskModel) weightedPD() (float64, bool) {
	if m.in.EAD.Sign() == 0 {
		return 0, false
	}
	sum := decimal.Zero
	for _, x := range m.in.Exposures {
		sum = sum.Add(x.PD.Mul(x.EAD))
	}
	return sum.DivRound(m.in.EAD, 16).InexactFloat64(), true
}

func (m *riskModel) portfolioDoc() PortfolioDoc {
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

func (m *riskModel) vasicekDoc() *VasicekDoc {
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

func (m *riskModel) maxLeverageDoc() MaxLeverageDoc {
	pd, ok := m.weightedPD()
	if !ok {
		pd = m.in.Assumptions.DefaultPD.InexactFloat64()
	}
	d := MaxLeverageDoc{PExhaust: RiskExhaustTarget, PD: pd}
	if lev, err := adequacy.MaxLeverageAt(RiskExhaustTarget, pd, m.lgd, m.rho, m.rule.Share); err == nil {
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

// stressCase is a stressed portfolio and its report entry, results to come.
type stressCase struct {
	loans []adequacy.Loan
	doc   StressDoc
}

// stressScenarios are: every PD ×2; the largest sector's PDs ×3; the
// largest bank failing (all its loans default). Largest is by EAD, ties
// to the first name. With nothing in force, only the first applies.
func (m *riskModel) stressScenarios() []stressCase {
	var out []stressCase
	if loans, err := adequacy.ScalePD(m.loans, RiskStressPDFactor); err == nil {
		out = append(out, stressCase{loans, StressDoc{Name: "pd_x2",
			Description: fmt.Sprintf("every PD × %d", RiskStressPDFactor)}})
	}
	sector, bank := largest(m.in.Exposures, func(x Exposure) string { return x.Sector }),
		largest(m.in.Exposures, func(x Exposure) string { return x.Bank })
	if sector != "" {
		if loans, err := adequacy.ShockSector(m.loans, sector, RiskStressSectorFactor); err == nil {
			out = append(out, stressCase{loans, StressDoc{Name: "sector_x3", Sector: ptr(sector),
				Description: fmt.Sprintf("PDs of the largest sector (%s) × %d", sector, RiskStressSectorFactor)}})
		}
	}
	if bank != "" {
		if loans, err := adequacy.FailBank(m.loans, bank); err == nil {
			out = append(out, stressCase{loans, StressDoc{Name: "bank_fails", Bank: ptr(bank),
				Description: fmt.Sprintf("the largest bank (%s) fails: all its covered loans default", bank)}})
		}
	}
	return out
}

// largest is the key with the most EAD, ties to the smaller key; "" for
// no exposures.
func largest(xs []Exposure, key func(Exposure) string) string {
	sums := map[string]decimal.Decimal{}
	for _, x := range xs {
		sums[key(x)] = sums[key(x)].Add(x.EAD)
	}
	best := ""
	for _, k := range sortedKeys(sums) {
		if best == "" || sums[k].Cmp(sums[best]) > 0 {
			best = k
		}
	}
	return best
}

func assumptionsDoc(a *risk.Assumptions) AssumptionsDoc {
	d := AssumptionsDoc{Version: a.Version, LGD: a.LGD.String(), Rho: a.Rho.String(),
		DefaultPD: a.DefaultPD.String(), PD: map[string]map[string]string{}}
	for sector, bySize := range a.PD {
		d.PD[sector] = map[string]string{}
		for size, pd := range bySize {
			d.PD[sector][size] = pd.String()
		}
	}
	return d
}

func observedDoc(in *AdequacyInputs) ObservedDoc {
	d := ObservedDoc{CoveredLoans: in.CoveredLoans, DefaultedLoans: in.DefaultedLoans}
	if rate, err := adequacy.ObservedPD(in.DefaultedLoans, in.CoveredLoans); err == nil {
		d.DefaultRate = &rate
	}
	return d
}

func payoutRuleDoc(t PayoutTerms) PayoutRuleDoc {
	d := PayoutRuleDoc{Share: risk.FormatRatio(t.Share)}
	amount := func(v *decimal.Decimal) *string {
		if v == nil {
			return nil
		}
		return ptr(risk.FormatAmount(*v))
	}
	d.PerLoanCap, d.PortfolioCap, d.Cap, d.CapUsed = amount(t.PerLoanCap), amount(t.PortfolioCap), amount(t.Cap), amount(t.CapUsed)
	return d
}

func expectedLossDoc(in *AdequacyInputs) ExpectedLossDoc {
	lgd, share := in.Assumptions.LGD, in.Rule.Share
	var loss, draw decimal.Decimal
	bySector, byBank := map[string]decimal.Decimal{}, map[string]decimal.Decimal{}
	for _, x := range in.Exposures {
		l := x.PD.Mul(lgd).Mul(x.EAD)
		pay := share.Mul(lgd).Mul(x.EAD)
		if c := in.Rule.PerLoanCap; c != nil {
			pay = risk.MinAmount(pay, *c)
		}
		loss, draw = loss.Add(l), draw.Add(x.PD.Mul(pay))
		bySector[x.Sector] = bySector[x.Sector].Add(l)
		byBank[x.Bank] = byBank[x.Bank].Add(l)
	}
	if c := in.Rule.PortfolioCap; c != nil {
		draw = risk.MinAmount(draw, *c)
	}
	d := ExpectedLossDoc{Loss: risk.FormatAmount(risk.RoundCents(loss)), PoolDraw: risk.FormatAmount(risk.RoundCents(draw)),
		BySector: map[string]string{}, ByBank: map[string]string{}}
	for k, v := range bySector {
		d.BySector[k] = risk.FormatAmount(risk.RoundCents(v))
	}
	for k, v := range byBank {
		d.ByBank[k] = risk.FormatAmount(risk.RoundCents(v))
	}
	return d
}

func simulationDoc(r adequacy.SimulationResult) SimulationDoc {
	return SimulationDoc{Scenarios: r.Scenarios, Seed: r.Seed, MeanDraw: estimate(r.MeanDraw),
		DrawQ99: estimate(r.DrawQ99), DrawQ999: estimate(r.DrawQ999), PExhaust: r.PExhaust, ES99: estimate(r.ES99),
		ShortfallGivenExhaust: estimate(r.ShortfallGivenExhaust), MeanShortfall: estimate(r.MeanShortfall),
		Histogram: HistogramDoc{Lo: estimate(r.Histogram.Lo), Hi: estimate(r.Histogram.Hi),
			BinWidth: estimate(r.Histogram.BinWidth), Counts: slices.Clone(r.Histogram.Counts)}}
}

// fundLeverageDoc divides the loans supported by the money put in; funders
// in the inputs' order (by name).
func fundLeverageDoc(in *AdequacyInputs) FundLeverageDoc {
	total := decimal.Zero
	d := FundLeverageDoc{LoansSupported: risk.FormatAmount(in.PortfolioVolume), PerFunder: []FunderLeverageDoc{}}
	for _, f := range in.Funding {
		total = total.Add(f.Amount)
		fd := FunderLeverageDoc{Funder: f.Funder, Money: risk.FormatAmount(f.Amount)}
		if lev, ok := risk.Quotient(in.PortfolioVolume, f.Amount); ok {
			fd.Leverage = ptr(risk.FormatRatio(lev))
		}
		d.PerFunder = append(d.PerFunder, fd)
	}
	d.GovernmentMoney = risk.FormatAmount(total)
	if lev, ok := risk.Quotient(in.PortfolioVolume, total); ok {
		d.Overall = ptr(risk.FormatRatio(lev))
	}
	return d
}

// estimate writes an estimated amount with two decimals. The analysis
// returns finite amounts ≥ 0 from validated input; anything else is a bug.
func estimate(x float64) string {
	if !(x >= 0) || math.IsInf(x, 1) {
		panic(fmt.Sprintf("ledger: estimated amount %v is not finite and ≥ 0", x))
	}
	if x == 0 {
		x = 0 // never "-0.00"
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}
