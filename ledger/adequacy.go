package ledger

import (
	"sort"

	"github.com/techcredit/techcredit/risk"
)

// AdequacyInputs reads one program's adequacy inputs, which
// risk/programrisk turns into its pool-adequacy report; false when there
// is no such program. It must run on the writer (the engine is not safe for
// concurrent use); it reads every loan once and changes nothing.
func (e *Engine) AdequacyInputs(programID string) (risk.AdequacyInputs, bool) {
	p := e.programs[programID]
	if p == nil {
		return risk.AdequacyInputs{}, false
	}
	def := p.Def
	in := risk.AdequacyInputs{Program: def.ID, Name: def.Name, Kind: def.Kind, Currency: def.Currency,
		AssumptionsSource: risk.AssumptionsFromProgram, PoolBalance: e.PoolBalance(p), MaxLeverage: def.MaxLeverage,
		CoveredLoans: p.CoveredLoans, PortfolioVolume: p.PortfolioVolume, Exposures: []risk.Exposure{}, Funding: []risk.FunderMoney{}}
	a := def.Risk
	if a == nil {
		a, in.AssumptionsSource = risk.DefaultAssumptions(), risk.AssumptionsFromDefault
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
		in.Exposures = append(in.Exposures, risk.Exposure{Loan: l.ID, Bank: l.Bank, Sector: l.Borrower.Sector,
			Size: l.Borrower.Size, EAD: l.Outstanding, PD: a.PDFor(l.Borrower.Sector, l.Borrower.Size)})
		in.EAD = in.EAD.Add(l.Outstanding)
	}
	for _, c := range p.Claims {
		if c.Status.open() {
			in.OpenClaimsPayable = in.OpenClaimsPayable.Add(c.Assessment.Payable)
		}
	}
	in.Owed = e.Owed(p)
	in.Rule = risk.PayoutTermsOf(def, p.PortfolioVolume, p.payableTotal)
	for _, funder := range p.funders {
		in.Funding = append(in.Funding, risk.FunderMoney{Funder: funder,
			Amount: e.book.Balance(Account{AccountFunding, def.ID, funder}).Neg()})
	}
	sort.Slice(in.Funding, func(i, j int) bool { return in.Funding[i].Funder < in.Funding[j].Funder })
	return in, true
}
