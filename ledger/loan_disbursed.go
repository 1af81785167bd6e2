package ledger

import (
	"strings"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// Borrower sizes; micro and small borrowers weigh less in a guarantor's
// liability.
const (
	SizeMicro  = "micro"
	SizeSmall  = "small"
	SizeMedium = "medium"
	SizeLarge  = "large"
)

func (e *Engine) loanDisbursed(r *request) (*Reject, error) {
	d, p := r.data, r.prog
	var f fields
	f.loan(r.in, d.Loan)
	if d.Borrower == nil {
		f.fail(CodeBadField, "borrower is required")
	} else {
		f.id("borrower.id", d.Borrower.ID)
		f.shortText(r.in, "borrower.name", d.Borrower.Name, true)
		f.shortText(r.in, "borrower.sector", d.Borrower.Sector, true)
		f.oneOf("borrower.size", d.Borrower.Size, SizeMicro, SizeSmall, SizeMedium, SizeLarge)
	}
	f.amount("principal", d.Principal, amountPositive)
	f.ratio("annual_rate", d.AnnualRate)
	f.count("term_months", d.TermMonths, 1, 360)
	f.date(r.in, "disbursed_on", d.DisbursedOn, true)
	guarantorID := strings.TrimPrefix(d.Guarantor, RoleGuarantor+":")
	if p.Def.Kind == risk.KindGuaranteeProgram {
		f.name("guarantor", guarantorID)
	}
	if f.rej != nil {
		return f.rej, nil
	}
	if _, ok := e.loans[d.Loan]; ok {
		return reject(CodeDuplicateLoan, "loan %s is already recorded", d.Loan), nil
	}

	loan := &Loan{ID: d.Loan, Program: p, Bank: r.in.Actor, DisbursedOn: d.DisbursedOn, Principal: d.Principal.Value,
		Outstanding: d.Principal.Value, Small: d.Borrower.Size == SizeMicro || d.Borrower.Size == SizeSmall,
		Filed: d.Principal.Value}
	if p.Def.Filing != nil {
		// Covered only once its filing is approved (SPEC §10).
		loan.Filed, loan.UncoveredReason = decimal.Zero, UncoveredNotFiled
	} else {
		loan.UncoveredReason = e.coverage(loan, loan.Principal, d.Borrower.ID, guarantorID, r.in.rules)
	}
	loan.Covered = loan.UncoveredReason == ""

	// Every check has passed: from here on the input is applied.
	if p.Def.Kind == risk.KindGuaranteeProgram {
		loan.Guarantor = e.guarantor(guarantorID)
	}
	loan.Borrower = e.borrower(d.Borrower)
	loan.Borrower.Loans = append(loan.Borrower.Loans, loan)
	e.loans[loan.ID] = loan
	r.loan = loan
	p.Loans++
	p.bank(loan.Bank)
	if loan.Covered {
		p.CoveredLoans++
		p.PortfolioVolume = p.PortfolioVolume.Add(loan.Principal)
		e.changeGuaranteed(loan, loan.Principal, false)
	}
	return nil, e.move(Account{AccountBankFunds, p.Def.ID, loan.Bank}, loan.inForceAccount(), loan.Principal, p.Def.Currency)
}

// coverage decides whether a new loan is covered (SPEC §6), in the order
// bank_suspended, leverage_cap, guarantor_leverage; "" means covered.
// amount is what the loan adds to the covered outstanding: its principal
// at disbursement, the covered part of its outstanding at the approval of
// its filing.
func (e *Engine) coverage(loan *Loan, amount decimal.Decimal, borrowerID, guarantorID string, rules int) string {
	p := loan.Program
	if p.Def.BankNPLSuspendRatio != nil {
		if npl, ok := e.bankNPLRatio(p, loan.Bank, rules); ok && npl.Cmp(*p.Def.BankNPLSuspendRatio) > 0 {
			return UncoveredBankSuspended
		}
	}
	if p.Def.MaxLeverage != nil &&
		!risk.PoolAdmits(*p.Def.MaxLeverage, e.PoolBalance(p), e.CoveredOutstanding(p), amount) {
		return UncoveredLeverageCap
	}
	if p.Def.Kind == risk.KindGuaranteeProgram && !e.guarantorAdmits(e.guarantors[guarantorID], borrowerID, loan, amount) {
		return UncoveredGuarantorLeverage
	}
	return ""
}

// inForceAccount is where a performing or overdue loan's principal stands.
func (l *Loan) inForceAccount() Account {
	kind := AccountLoansUncovered
	if l.Covered {
		kind = AccountLoansCovered
	}
	return Account{Kind: kind, Program: l.Program.Def.ID, Party: l.Bank}
}

// borrower records the enterprise as the bank reports it now.
func (e *Engine) borrower(d *BorrowerData) *Borrower {
	b := e.borrowers[d.ID]
	if b == nil {
		b = &Borrower{ID: d.ID}
		e.borrowers[d.ID] = b
		e.noteProjectBorrower(b.ID)
	}
	b.Name, b.Sector, b.Size = d.Name, d.Sector, d.Size
	return b
}

// bank returns the program's book of one bank, creating it on first use.
func (p *Program) bank(id string) *programBank {
	pb := p.banks[id]
	if pb == nil {
		pb = &programBank{id: id, yearPayable: map[int]decimal.Decimal{}}
		p.banks[id] = pb
		p.bankIDs = insertSorted(p.bankIDs, id)
	}
	return pb
}

func insertSorted(ids []string, id string) []string {
	i := 0
	for i < len(ids) && ids[i] < id {
		i++
	}
	ids = append(ids, "")
	copy(ids[i+1:], ids[i:])
	ids[i] = id
	return ids
}

// CoveredOutstanding is the outstanding principal of the program's covered
// performing and overdue loans: the sum of its banks' covered accounts.
func (e *Engine) CoveredOutstanding(p *Program) decimal.Decimal {
	if p.Def.Filing != nil { // the covered parts (SPEC §10)
		sum := decimal.Zero
		for _, bank := range p.bankIDs {
			sum = sum.Add(p.banks[bank].coveredInForce)
		}
		return sum
	}
	if sum, ok := e.coveredOutstandingInt64(p); ok {
		return sum
	}
	sum := decimal.Zero
	for _, bank := range p.bankIDs {
		sum = sum.Add(e.book.Balance(Account{AccountLoansCovered, p.Def.ID, bank}))
	}
	return sum
}

// coveredOutstandingInt64 is CoveredOutstanding summed in int64, in one
// allocation instead of two a bank (every disbursement in a program with a
// leverage cap asks for it). Adding decimals one by one to decimal.Zero
// gives the exact sum with the least of their exponents and 0, so the
// int64 sum is the same decimal when the balances that are not zero share
// that exponent and every coefficient and partial sum stays below 10^18
// in size (so that no addition overflows); else ok is false.
func (e *Engine) coveredOutstandingInt64(p *Program) (sum decimal.Decimal, ok bool) {
	const limit = 1e18
	var coef int64
	exp, nonZeroExp, nonZero := int32(0), int32(0), false
	for _, bank := range p.bankIDs {
		b := e.book.Balance(Account{AccountLoansCovered, p.Def.ID, bank})
		exp = min(exp, b.Exponent())
		if b.Sign() == 0 {
			continue
		}
		if b.NumDigits() > 18 || (nonZero && b.Exponent() != nonZeroExp) {
			return decimal.Decimal{}, false
		}
		nonZero, nonZeroExp = true, b.Exponent()
		if coef += b.CoefficientInt64(); coef >= limit || coef <= -limit {
			return decimal.Decimal{}, false
		}
	}
	if len(p.bankIDs) == 0 || (nonZero && nonZeroExp != exp) {
		return decimal.Decimal{}, false
	}
	return decimal.New(coef, exp), true
}
