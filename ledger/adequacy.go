package ledger

import (
	"sort"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// Where a risk report's assumptions come from.
const (
	AssumptionsFromDefault = "default" // the program has no "risk" object: risk.DefaultAssumptions
	AssumptionsFromProgram = "program" // the program's own "risk" object
)

// AdequacyInputs is what the pool-adequacy analysis of one program runs on,
// read from the engine's state at one point. It is plain data that shares
// nothing with the engine, so the analysis (BuildProgramRisk) may run on
// any goroutine once the writer has built it.
type AdequacyInputs struct {
	Program  string
	Name     string
	Kind     risk.Kind
	Currency string
	// Assumptions are the program's, or the defaults (Source says which).
	Assumptions       risk.Assumptions
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

// AdequacyInputs reads one program's adequacy inputs; false when there is
// no such program. It must run on the writer (the engine is not safe for
// concurrent use); it reads every loan once and changes nothing.
func (e *Engine) AdequacyInputs(programID string) (AdequacyInputs, bool) {
	p := e.programs[programID]
	if p == nil {
		return AdequacyInputs{}, false
	}
	def := p.Def
	in := AdequacyInputs{Program: def.ID, Name: def.Name, Kind: def.Kind, Currency: def.Currency,
		AssumptionsSource: AssumptionsFromProgram, PoolBalance: e.PoolBalance(p), MaxLeverage: def.MaxLeverage,
		CoveredLoans: p.CoveredLoans, PortfolioVolume: p.PortfolioVolume, Exposures: []Exposure{}, Funding: []FunderMoney{}}
	a := def.Risk
	if a == nil {
		a, in.AssumptionsSource = risk.DefaultAssumptions(), AssumptionsFromDefault
	}
	in.Assumptions = *a
	var inForce []*Loan
	for _, l := range e.loans {
		if l.Program != p || !l.Covered {
			continue
		}
		if l.Claim != nil {
			in.DefaultedLoans++
		}
		if l.Status.inForce() && l.Outstanding.Sign() > 0 {
			inForce = append(inForce, l)
		}
	}
	sort.Slice(inForce, func(i, j int) bool { return inForce[i].ID < inForce[j].ID })
	for _, l := range inForce {
		in.Exposures = append(in.Exposures, Exposure{Loan: l.ID, Bank: l.Bank, Sector: l.Borrower.Sector,
			Size: l.Borrower.Size, EAD: l.Outstanding, PD: a.PDFor(l.Borrower.Sector, l.Borrower.Size)})
		in.EAD = in.EAD.Add(l.Outstanding)
	}
	for _, c := range p.Claims {
		if c.Status.open() {
			in.OpenClaimsPayable = in.OpenClaimsPayable.Add(c.Assessment.Payable)
		}
	}
	in.Owed = e.Owed(p)
	in.Rule = payoutTerms(def, p)
	for _, funder := range p.funders {
		in.Funding = append(in.Funding, FunderMoney{Funder: funder,
			Amount: e.book.Balance(Account{AccountFunding, def.ID, funder}).Neg()})
	}
	sort.Slice(in.Funding, func(i, j int) bool { return in.Funding[i].Funder < in.Funding[j].Funder })
	return in, true
}

// payoutTerms models the program's payout rule (SPEC §6). The per-bank
// annual cap of a compensation pool is left out: it can only lower what
// the pool pays, so leaving it out errs on the side of the pool's safety.
func payoutTerms(def *risk.Program, p *Program) PayoutTerms {
	switch def.Kind {
	case risk.KindGuaranteeProgram:
		var t PayoutTerms
		for _, s := range def.Shares {
			if s.Party == risk.PartyGovernment {
				t.Share = s.Ratio
			}
		}
		return t
	case risk.KindCappedGuarantee:
		total := risk.PortfolioCap(def, p.PortfolioVolume)
		used := p.payableTotal
		left := risk.NonNegative(total.Sub(used))
		return PayoutTerms{Share: def.GuaranteeRate, PortfolioCap: &left, Cap: &total, CapUsed: &used}
	default:
		return PayoutTerms{Share: def.FunderRatioSum(), PerLoanCap: def.PerLoanCap}
	}
}
