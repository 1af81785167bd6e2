package ledger

import "fmt"

// Loans in the engine snapshot, each listed member by member once for
// writing and reading.

// loanMembers are a loan's members in snapshot order: its filing since
// snapshot version 3, its interest paid by year and whether it was ever
// past due (SPEC §11) since version 4.
func loanMembers(m snapMembers, l *Loan) {
	m.str(&l.ID)
	ref(m, &l.Program, m.x.program, m.o.programs)
	m.istr(&l.Bank, &l.DisbursedOn)
	ref(m, &l.Borrower, m.x.borrower, m.o.borrowers)
	optRef(m, &l.Guarantor, m.x.guarantor, m.o.guarantors)
	m.bool(&l.Small)
	m.dec(&l.Principal, &l.Outstanding, &l.UnpaidInterest, &l.NetRecovered)
	status(m, &l.Status)
	m.int32(&l.DaysPastDue)
	m.bool(&l.Covered)
	m.istr(&l.UncoveredReason)
	optRef(m, &l.Claim, m.x.claim, m.o.claims)
	m.dec(&l.Filed)
	optional(m, &l.Filing, loanFilingMembers)
	list(m, &l.InterestPaid, func(m snapMembers, ya *YearAmount) {
		m.int(&ya.Year)
		m.dec(&ya.Amount)
	})
	m.bool(&l.Delinquent)
}

// loanFilingMembers are a loan's filing (SPEC §10).
func loanFilingMembers(m snapMembers, f *LoanFiling) {
	status(m, &f.Status)
	m.istr(&f.FiledOn)
	m.documents(&f.Documents)
	m.str(&f.FiledAt)
	m.istr(&f.DecidedBy)
	m.str(&f.DecidedAt, &f.Reason)
	m.istr(&f.Park)
}

// checkRestoredLoan refuses a loan or a filing with a status out of range.
func checkRestoredLoan(l *Loan) error {
	if f := l.Filing; f != nil && (f.Status == FilingNone || int(f.Status) >= len(filingStatusNames)) {
		return fmt.Errorf("loan %s: bad filing status %d", l.ID, f.Status)
	}
	if int(l.Status) >= len(loanStatusNames) {
		return fmt.Errorf("loan %s: bad status %d", l.ID, l.Status)
	}
	return nil
}

func (o *snapObjects) readLoans(r *snapReader, e *Engine) error {
	m := readingRefs(r, o)
	return readEach(r, "loan", o.loans, func(l *Loan) { loanMembers(m, l) }, checkRestoredLoan,
		func(l *Loan) string { return l.ID }, e.loans)
}
