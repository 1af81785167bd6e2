package ledger

import (
	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// findLoan runs the loan checks of SPEC §4 in order: the loan exists in the
// program, it is the reporting bank's, it is not closed and, for reports
// that only make sense before default, it is not defaulted.
func (e *Engine) findLoan(r *request, beforeDefaultOnly bool) (*Loan, *Reject) {
	loan := r.in.loan // found while decoding, when it was known then
	if loan == nil {
		loan = e.loans[r.data.Loan]
	}
	switch {
	case loan == nil || loan.Program != r.prog:
		return nil, reject(CodeUnknownLoan, "loan %s is not recorded in program %s", r.data.Loan, r.prog.Def.ID)
	case loan.Bank != r.in.Actor:
		return nil, reject(CodeForbidden, "loan %s was disbursed by another bank", loan.ID)
	case loan.Status == LoanClosed:
		return nil, reject(CodeLoanClosed, "loan %s is closed", loan.ID)
	case beforeDefaultOnly && loan.Status == LoanDefaulted:
		return nil, reject(CodeAlreadyDefaulted, "loan %s is defaulted: money after default arrives as loan.recovered", loan.ID)
	}
	r.loan = loan
	return loan, nil
}

// checkedLoan ends the checks of a report on a loan in SPEC §4's order: its
// fields (f's first refusal), then findLoan's, then the report's date
// (dateName, date) against the loan's disbursement.
func (e *Engine) checkedLoan(r *request, f *fields, beforeDefaultOnly bool, dateName, date string) (*Loan, *Reject) {
	if f.rej != nil {
		return nil, f.rej
	}
	loan, rej := e.findLoan(r, beforeDefaultOnly)
	if rej != nil {
		return nil, rej
	}
	if rej := afterDisbursement(r.in, loan, dateName, date); rej != nil {
		return nil, rej
	}
	return loan, nil
}

func (e *Engine) loanRepaid(r *request) (*Reject, error) {
	d := r.data
	var f fields
	f.loan(r.in, d.Loan)
	f.amount("principal", d.Principal, amountRequired)
	f.amount("interest", d.Interest, amountRequired)
	if f.rej == nil && d.Principal.Value.Sign() == 0 && d.Interest.Value.Sign() == 0 {
		f.fail(CodeBadAmount, "principal and interest are both 0")
	}
	f.date(r.in, "paid_on", d.PaidOn, true)
	loan, rej := e.checkedLoan(r, &f, true, "paid_on", d.PaidOn)
	if rej != nil {
		return rej, nil
	}
	if d.Principal.Value.Cmp(loan.Outstanding) > 0 {
		return reject(CodeOverpayment, "principal %s is above the outstanding %s of loan %s",
			risk.FormatAmount(d.Principal.Value), risk.FormatAmount(loan.Outstanding), loan.ID), nil
	}
	cur, bank := r.prog.Def.Currency, Account{AccountBankFunds, r.prog.Def.ID, loan.Bank}
	from := loan.inForceAccount()
	if r.prog.Def.Filing == nil {
		loan.Outstanding = loan.Outstanding.Sub(d.Principal.Value)
		e.changeGuaranteed(loan, d.Principal.Value, true)
	} else {
		before := loan.coveredPart(loan.Outstanding)
		e.countCoveredInForce(loan, before, -1)
		loan.Outstanding = loan.Outstanding.Sub(d.Principal.Value)
		after := loan.coveredPart(loan.Outstanding)
		e.countCoveredInForce(loan, after, +1)
		e.changeGuaranteed(loan, before.Sub(after), true)
	}
	loan.countInterest(d.PaidOn, d.Interest.Value)
	if err := e.move(from, bank, d.Principal.Value, cur); err != nil {
		return nil, err
	}
	return nil, e.move(Account{AccountInterestIncome, r.prog.Def.ID, loan.Bank}, bank, d.Interest.Value, cur)
}

func (e *Engine) loanOverdue(r *request) (*Reject, error) {
	d := r.data
	var f fields
	f.loan(r.in, d.Loan)
	f.count("days_past_due", d.DaysPastDue, 0, 36500)
	f.date(r.in, "as_of", d.AsOf, true)
	loan, rej := e.checkedLoan(r, &f, true, "as_of", d.AsOf)
	if rej != nil {
		return rej, nil
	}
	loan.DaysPastDue = int32(d.DaysPastDue.Value)
	loan.Delinquent = loan.Delinquent || d.DaysPastDue.Value > 0
	trigger := int64(r.prog.Def.ClaimTriggerDaysPastDue)
	if trigger > 0 && d.DaysPastDue.Value >= trigger {
		return nil, e.defaultLoan(r, loan, decimal.Zero)
	}
	loan.Status = LoanPerforming
	if d.DaysPastDue.Value > 0 {
		loan.Status = LoanOverdue
	}
	return nil, nil
}

func (e *Engine) loanDefaulted(r *request) (*Reject, error) {
	d := r.data
	var f fields
	f.loan(r.in, d.Loan)
	f.date(r.in, "as_of", d.AsOf, true)
	f.amount("outstanding_principal", d.OutstandingPrincipal, amountOptional)
	f.amount("unpaid_interest", d.UnpaidInterest, amountOptional)
	loan, rej := e.checkedLoan(r, &f, true, "as_of", d.AsOf)
	if rej != nil {
		return rej, nil
	}
	if d.OutstandingPrincipal.Set && !d.OutstandingPrincipal.Value.Equal(loan.Outstanding) {
		return reject(CodeOutstandingMismatch, "reported outstanding %s differs from the ledger's %s for loan %s",
			risk.FormatAmount(d.OutstandingPrincipal.Value), risk.FormatAmount(loan.Outstanding), loan.ID), nil
	}
	return nil, e.defaultLoan(r, loan, d.UnpaidInterest.valueOr(decimal.Zero))
}

// defaultLoan moves the loan's principal to the defaulted account, takes it
// out of the guarantor's in-force book and, for a covered loan, opens its claim.
func (e *Engine) defaultLoan(r *request, loan *Loan, unpaidInterest decimal.Decimal) error {
	from := loan.inForceAccount()
	loan.Status, loan.UnpaidInterest, loan.Delinquent = LoanDefaulted, unpaidInterest, true
	e.countRemaining(loan, +1)
	e.countCoveredInForce(loan, loan.coveredPart(loan.Outstanding), -1)
	e.changeGuaranteed(loan, loan.coveredPart(loan.Outstanding), true)
	if loan.Covered {
		e.openClaim(loan, r.in, r.data.AsOf)
	}
	return e.move(from, Account{AccountLoansDefaulted, r.prog.Def.ID, loan.Bank}, loan.Outstanding, r.prog.Def.Currency)
}

func (e *Engine) loanRecovered(r *request) (*Reject, error) {
	d := r.data
	var f fields
	f.loan(r.in, d.Loan)
	f.amount("amount", d.Amount, amountPositive)
	f.amount("costs", d.Costs, amountOptional)
	f.date(r.in, "recovered_on", d.RecoveredOn, true)
	loan, rej := e.checkedLoan(r, &f, false, "recovered_on", d.RecoveredOn)
	if rej != nil {
		return rej, nil
	}
	if loan.Status != LoanDefaulted {
		return reject(CodeNotDefaulted, "loan %s is %s: recoveries follow a default", loan.ID, loan.Status), nil
	}
	net := risk.NonNegative(d.Amount.Value.Sub(d.Costs.valueOr(decimal.Zero)))
	e.countRemaining(loan, -1)
	loan.NetRecovered = loan.NetRecovered.Add(net)
	e.countRemaining(loan, +1)
	cur := r.prog.Def.Currency
	if err := e.move(Account{AccountRecoveriesForBank, r.prog.Def.ID, loan.Bank},
		Account{AccountBankFunds, r.prog.Def.ID, loan.Bank}, net, cur); err != nil {
		return nil, err
	}
	if loan.Claim == nil || loan.Claim.Status == ClaimRejected {
		return nil, nil
	}
	if loan.Claim.Status.open() {
		e.reassess(loan.Claim)
		return nil, nil
	}
	return nil, e.recoverAfterApproval(loan.Claim, net)
}

func (e *Engine) loanClosed(r *request) (*Reject, error) {
	d := r.data
	var f fields
	f.loan(r.in, d.Loan)
	f.date(r.in, "closed_on", d.ClosedOn, true)
	loan, rej := e.checkedLoan(r, &f, false, "closed_on", d.ClosedOn)
	if rej != nil {
		return rej, nil
	}
	if loan.Status != LoanDefaulted {
		if loan.Outstanding.Sign() != 0 {
			return reject(CodeOutstandingNotZero, "loan %s still has %s outstanding",
				loan.ID, risk.FormatAmount(loan.Outstanding)), nil
		}
		loan.Status = LoanClosed
		return nil, nil
	}
	// A defaulted loan closes at any time: what is outstanding is written off.
	e.countRemaining(loan, -1)
	loan.Status = LoanClosed
	if c := loan.Claim; c != nil {
		pb := r.prog.banks[loan.Bank]
		pb.defaultedLoss = pb.defaultedLoss.Sub(c.Assessment.Loss)
	}
	return nil, e.move(Account{AccountLoansDefaulted, r.prog.Def.ID, loan.Bank},
		Account{AccountLoanLosses, r.prog.Def.ID, loan.Bank}, loan.Outstanding, r.prog.Def.Currency)
}
