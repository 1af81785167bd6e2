package programrisk

import (
	"bytes"
	"encoding/json"
)

// note is said in every report: its figures are estimates.
const note = "Estimates from a one-factor (Vasicek) credit model under the assumptions below, " +
	"not booked amounts: estimated money figures are rounded to 0.01 for display only. " +
	"ead, pool_balance, caps and funding are exact ledger figures."

// Report is a program's pool-adequacy report (GET
// /v1/programs/{id}/risk, `techcredit risk program`). Estimated money is a
// string with two decimals, exact ledger money too; probabilities and
// default rates are numbers; leverage is a string with four decimals, null
// where undefined. The same inputs and options give the same document,
// byte for byte.
type Report struct {
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

// Marshal writes a report as indented JSON ending in a newline.
func Marshal(r *Report) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
