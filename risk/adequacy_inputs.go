package risk

import "github.com/shopspring/decimal"

// Where a risk report's assumptions come from.
const (
	AssumptionsFromDefault = "default" // the program has no "risk" object: DefaultAssumptions
	AssumptionsFromProgram = "program" // the program's own "risk" object
)

// AdequacyInputs is what the pool-adequacy analysis of one program
// (risk/programrisk) runs on: the program's state at one point, as plain
// data. It lives here, not in ledger, so that the analysis reads it without
// importing the ledger, and the ledger builds it (Engine.AdequacyInputs)
// without importing the analysis. It shares nothing with the engine, so
// the analysis may run on any goroutine once the writer has built it.
type AdequacyInputs struct {
	Program  string
	Name     string
	Kind     Kind
	Currency string
	// Assumptions are the program's, or the defaults (Source says which).
	Assumptions       Assumptions
	AssumptionsSource string
	// Exposures are the covered loans in force (performing or overdue),
	// sorted by loan id: only they can still draw on the pool.
	Exposures []Exposure
	// EAD is Σ of the exposures' EAD: the program's covered outstanding.
	EAD decimal.Decimal
	// Rule is what the pool pays on a default, from the program's terms.
	Rule PayoutTerms
	// PoolBalance is the balance of the program's pool account.
	PoolBalance decimal.Decimal
	// OpenClaimsPayable is the payable of the claims still awaiting a
	// decision, and Owed what approved claims are still owed: money the
	// pool is likely to pay, or must pay, whatever the loans in force do.
	// The analysis reports them beside the pool and does not deduct them.
	OpenClaimsPayable decimal.Decimal
	Owed              decimal.Decimal
	// MaxLeverage is the program's leverage limit, nil when it sets none.
	MaxLeverage *decimal.Decimal
	// CoveredLoans counts the loans ever covered, DefaultedLoans those of
	// them that defaulted (each opened a claim): the observed default rate.
	CoveredLoans   int
	DefaultedLoans int
	// PortfolioVolume (APV) is the principal of the covered loans ever
	// disbursed: the loans the government's money has supported.
	PortfolioVolume decimal.Decimal
	// Funding is the money each funder put into the pool, by funder name.
	Funding []FunderMoney
}

// Exposure is one covered loan in force.
type Exposure struct {
	Loan   string
	Bank   string
	Sector string
	Size   string
	// EAD is the loan's outstanding principal.
	EAD decimal.Decimal
	// PD is the assumptions' PD for the borrower's sector and size.
	PD decimal.Decimal
}

// PayoutTerms is the program's payout rule as the analysis models it: the
// pool pays min(Share × loss, PerLoanCap) per default and at most
// PortfolioCap in all.
type PayoutTerms struct {
	// Share of each loss the pool pays: Σ funder ratios (compensation
	// pool), the government's ratio (guarantee program) or the guarantee
	// rate (capped portfolio guarantee).
	Share decimal.Decimal
	// PerLoanCap is the compensation pool's per_loan_cap; nil = none.
	PerLoanCap *decimal.Decimal
	// PortfolioCap is what a capped portfolio guarantee may still pay: its
	// cap less the payable of its non-rejected claims, never below 0 (then
	// the pool pays nothing more); nil for the other kinds.
	PortfolioCap *decimal.Decimal
	// Cap and CapUsed are the capped guarantee's whole cap (on the current
	// APV) and the payable already counted against it; nil otherwise.
	Cap, CapUsed *decimal.Decimal
}

// FunderMoney is what one funder put into a program's pool: the credit
// balance of its funding account.
type FunderMoney struct {
	Funder string
	Amount decimal.Decimal
}

// PayoutTermsOf models p's payout rule (SPEC §6) for a portfolio of this
// volume (APV) whose non-rejected claims have used payableTotal. The
// per-bank annual cap of a compensation pool is left out: it can only
// lower what the pool pays, so leaving it out errs on the side of the
// pool's safety.
func PayoutTermsOf(p *Program, portfolioVolume, payableTotal decimal.Decimal) PayoutTerms {
	switch p.Kind {
	case KindGuaranteeProgram:
		var t PayoutTerms
		for _, s := range p.Shares {
			if s.Party == PartyGovernment {
				t.Share = s.Ratio
			}
		}
		return t
	case KindCappedGuarantee:
		total := PortfolioCap(p, portfolioVolume)
		used := payableTotal
		left := NonNegative(total.Sub(used))
		return PayoutTerms{Share: p.GuaranteeRate, PortfolioCap: &left, Cap: &total, CapUsed: &used}
	default:
		return PayoutTerms{Share: p.FunderRatioSum(), PerLoanCap: p.PerLoanCap}
	}
}
