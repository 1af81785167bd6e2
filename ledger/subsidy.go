package ledger

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// Interest subsidy inputs (SPEC §11), judged from RulesSubsidy on.
const (
	TypeSubsidyFunded   = "subsidy.funded"
	TypeSubsidyApplied  = "subsidy.applied"
	TypeSubsidyApproved = "subsidy.approved"
	TypeSubsidyRejected = "subsidy.rejected"
)

// The subsidy budget's accounts: a program's subsidy money never mixes
// with its pool (claims never draw on it, subsidies never on the pool).
const (
	AccountSubsidyBudget    = "subsidy_budget"    // program: the subsidy budget's cash
	AccountSubsidyFunding   = "subsidy_funding"   // program, funder: money put into the budget (credit)
	AccountSubsidiesPayable = "subsidies_payable" // program: approved subsidies still owed (credit)
	AccountSubsidiesGranted = "subsidies_granted" // program: subsidies granted on final approval (debit)
)

// subsidyYearMax bounds year; a year is also never after the year of at.
const subsidyYearMax = 9999

// SubsidyStatus is where a subsidy stands.
type SubsidyStatus uint8

const (
	SubsidyPending SubsidyStatus = iota
	SubsidyAwaitingSecondApproval
	SubsidyQueued
	SubsidyPaid
	SubsidyRejected
)

var subsidyStatusNames = [...]string{"pending", "awaiting_second_approval", "queued", "paid", "rejected"}

func (s SubsidyStatus) String() string { return subsidyStatusNames[s] }

// open reports whether the subsidy may still be approved or rejected.
func (s SubsidyStatus) open() bool { return s == SubsidyPending || s == SubsidyAwaitingSecondApproval }

// Subsidy is an interest subsidy applied for on one loan for one year, id
// "<program>/<loan>/<year>". Interest and Amount are fixed at application.
type Subsidy struct {
	ID       string
	Program  *Program
	Loan     *Loan
	Year     int
	Interest decimal.Decimal // interest paid on the loan with paid_on in Year, at application
	Amount   decimal.Decimal // min(round2(rate × Interest), cap_per_borrower)
	Status   SubsidyStatus
	Decision
	RejectReason string
}

// YearAmount is an amount of one calendar year.
type YearAmount struct {
	Year   int
	Amount decimal.Decimal
}

// borrowerYear keys a borrower's one non-rejected subsidy of a year.
type borrowerYear struct {
	borrower string
	year     int
}

// programSubsidies is one program's subsidy book.
type programSubsidies struct {
	list    []*Subsidy // in application order
	queue   fifo[*Subsidy]
	funders []string // who funded the budget, in order of first funding
	paid    decimal.Decimal
	granted map[borrowerYear]*Subsidy // the non-rejected subsidies
}

// subsidyBook is the engine's subsidies; its maps are made on first use,
// so an engine without subsidies carries nothing.
type subsidyBook struct {
	byID     map[string]*Subsidy
	programs map[string]*programSubsidies
	touched  []*Subsidy // changed by the input being applied
}

func (b *subsidyBook) program(id string) *programSubsidies {
	if b.programs == nil {
		b.programs = map[string]*programSubsidies{}
	}
	ps := b.programs[id]
	if ps == nil {
		ps = &programSubsidies{granted: map[borrowerYear]*Subsidy{}}
		b.programs[id] = ps
	}
	return ps
}

func (b *subsidyBook) add(s *Subsidy) {
	if b.byID == nil {
		b.byID = map[string]*Subsidy{}
	}
	b.byID[s.ID] = s
	ps := b.program(s.Program.Def.ID)
	ps.list = append(ps.list, s)
	if s.Status != SubsidyRejected {
		ps.granted[borrowerYear{s.Loan.Borrower.ID, s.Year}] = s
	}
}

// countInterest adds interest paid on the loan to the year of paid_on.
func (l *Loan) countInterest(paidOn string, interest decimal.Decimal) {
	if interest.Sign() == 0 || len(paidOn) < 4 {
		return
	}
	year, err := strconv.Atoi(paidOn[:4])
	if err != nil {
		return
	}
	for i := range l.InterestPaid {
		if l.InterestPaid[i].Year == year {
			l.InterestPaid[i].Amount = l.InterestPaid[i].Amount.Add(interest)
			return
		}
	}
	l.InterestPaid = append(l.InterestPaid, YearAmount{year, interest})
}

// InterestPaidIn is the interest paid on the loan with paid_on in year.
func (l *Loan) InterestPaidIn(year int) decimal.Decimal {
	for _, ya := range l.InterestPaid {
		if ya.Year == year {
			return ya.Amount
		}
	}
	return decimal.Zero
}

func subsidyAccounts(p *Program) paymentAccounts {
	return paymentAccounts{cash: Account{AccountSubsidyBudget, p.Def.ID, ""},
		liability: Account{AccountSubsidiesPayable, p.Def.ID, ""},
		expense:   Account{AccountSubsidiesGranted, p.Def.ID, ""}, currency: p.Def.Currency}
}

func (s *Subsidy) decision() *Decision { return &s.Decision }

func (s *Subsidy) paid(e *Engine, amount decimal.Decimal) {
	ps := e.subsidies.program(s.Program.Def.ID)
	ps.paid = ps.paid.Add(amount)
	e.subsidies.touched = append(e.subsidies.touched, s)
}

func (s *Subsidy) settled() { s.Status = SubsidyPaid }

func notOffered(p *Program) *Reject {
	if p.Def.InterestSubsidy != nil {
		return nil
	}
	return reject(CodeSubsidyNotOffered, "program %s offers no interest subsidy", p.Def.ID)
}

func (e *Engine) subsidyFunded(r *request) (*Reject, error) {
	e.subsidies.touched = e.subsidies.touched[:0]
	d := r.data
	var f fields
	f.funding(d)
	if f.rej != nil {
		return f.rej, nil
	}
	if rej := notOffered(r.prog); rej != nil {
		return rej, nil
	}
	p := r.prog
	ps := e.subsidies.program(p.Def.ID)
	addFunder(&ps.funders, d.Funder)
	acc := subsidyAccounts(p)
	if err := e.move(Account{AccountSubsidyFunding, p.Def.ID, d.Funder}, acc.cash, d.Amount.Value, acc.currency); err != nil {
		return nil, err
	}
	if err := payFIFO(e, &ps.queue, acc); err != nil {
		return nil, err
	}
	return nil, e.checkSubsidies(p)
}

func (e *Engine) subsidyApplied(r *request) (*Reject, error) {
	e.subsidies.touched = e.subsidies.touched[:0]
	d := r.data
	var f fields
	f.loan(r.in, d.Loan)
	f.count("year", d.Year, 1, subsidyYearMax)
	if f.rej == nil && d.Year.Value > int64(r.in.At.Year()) {
		f.fail(CodeBadField, "year %d is after the year of at, %d", d.Year.Value, r.in.At.Year())
	}
	if f.rej != nil {
		return f.rej, nil
	}
	loan := r.in.loan
	if loan == nil {
		loan = e.loans[d.Loan]
	}
	switch {
	case loan == nil || loan.Program != r.prog:
		return reject(CodeUnknownLoan, "loan %s is not recorded in program %s", d.Loan, r.prog.Def.ID), nil
	case loan.Bank != r.in.Actor:
		return reject(CodeForbidden, "loan %s was disbursed by another bank", loan.ID), nil
	}
	r.loan = loan // a closed loan may apply: eligibility is tested now only
	p, year := r.prog, int(d.Year.Value)
	if rej := notOffered(p); rej != nil {
		return rej, nil
	}
	id := p.Def.ID + "/" + loan.ID + "/" + strconv.Itoa(year)
	ps := e.subsidies.program(p.Def.ID)
	if e.subsidies.byID[id] != nil {
		return reject(CodeAlreadyApplied, "subsidy %s was applied for already", id), nil
	}
	if other := ps.granted[borrowerYear{loan.Borrower.ID, year}]; other != nil {
		return reject(CodeAlreadyApplied, "borrower %s already has subsidy %s for %d", loan.Borrower.ID, other.ID, year), nil
	}
	interest := loan.InterestPaidIn(year)
	switch {
	case !loan.Covered:
		return reject(CodeNotEligible, "loan %s is not covered (%s)", loan.ID, loan.UncoveredReason), nil
	case loan.Delinquent:
		return reject(CodeNotEligible, "loan %s was reported past due or defaulted", loan.ID), nil
	case interest.Sign() == 0:
		return reject(CodeNotEligible, "loan %s paid no interest with paid_on in %d", loan.ID, year), nil
	}
	s := &Subsidy{ID: id, Program: p, Loan: loan, Year: year, Interest: interest,
		Amount: risk.SubsidyAmount(p.Def.InterestSubsidy, interest), Status: SubsidyPending}
	e.subsidies.add(s)
	e.subsidies.touched = append(e.subsidies.touched, s)
	return nil, nil
}

// findSubsidy checks the subsidy field and that the subsidy is still open.
func (e *Engine) findSubsidy(r *request) (*Subsidy, *Reject) {
	var f fields
	f.id("subsidy", r.data.Subsidy)
	if f.rej != nil {
		return nil, f.rej
	}
	s := e.subsidies.byID[r.data.Subsidy]
	if s == nil || s.Program != r.prog {
		return nil, reject(CodeUnknownSubsidy, "subsidy %s is not applied for in program %s", r.data.Subsidy, r.prog.Def.ID)
	}
	if !s.Status.open() {
		return nil, reject(CodeSubsidyClosed, "subsidy %s is %s", s.ID, s.Status)
	}
	r.loan = s.Loan
	return s, nil
}

func (e *Engine) subsidyApproved(r *request) (*Reject, error) {
	e.subsidies.touched = e.subsidies.touched[:0]
	s, rej := e.findSubsidy(r)
	if rej != nil {
		return rej, nil
	}
	final, rej := s.approve(s.Program.Def, r.in.Source, "subsidy "+s.ID, s.Amount)
	if rej != nil {
		return rej, nil
	}
	e.subsidies.touched = append(e.subsidies.touched, s)
	if !final {
		s.Status = SubsidyAwaitingSecondApproval
		return nil, nil
	}
	s.Status = SubsidyQueued
	ps := e.subsidies.program(s.Program.Def.ID)
	if err := grant(e, &ps.queue, s, s.Amount, subsidyAccounts(s.Program)); err != nil {
		return nil, err
	}
	return nil, e.checkSubsidies(s.Program)
}

func (e *Engine) subsidyRejected(r *request) (*Reject, error) {
	e.subsidies.touched = e.subsidies.touched[:0]
	s, rej := reasoned(r, e.findSubsidy)
	if rej != nil {
		return rej, nil
	}
	s.Status, s.RejectReason = SubsidyRejected, strings.TrimSpace(r.data.Reason)
	ps := e.subsidies.program(s.Program.Def.ID)
	delete(ps.granted, borrowerYear{s.Loan.Borrower.ID, s.Year})
	e.subsidies.touched = append(e.subsidies.touched, s)
	return nil, nil
}

// checkSubsidies asserts the invariants of a program's subsidies after an
// input moved its budget: the budget is not below zero and no subsidy it
// touched paid more than its amount or owes a negative amount.
func (e *Engine) checkSubsidies(p *Program) error {
	if bal := e.SubsidyBalance(p); bal.Sign() < 0 {
		return fmt.Errorf("program %s: subsidy balance %s below zero", p.Def.ID, bal)
	}
	for _, s := range e.subsidies.touched {
		if s.Paid.Cmp(s.Amount) > 0 || s.Owed.Sign() < 0 || s.Paid.Sign() < 0 {
			return fmt.Errorf("subsidy %s: paid %s, owed %s, amount %s", s.ID, s.Paid, s.Owed, s.Amount)
		}
	}
	return nil
}

// SubsidyBalance is the balance of the program's subsidy budget.
func (e *Engine) SubsidyBalance(p *Program) decimal.Decimal {
	return e.book.Balance(Account{AccountSubsidyBudget, p.Def.ID, ""})
}

// SubsidyFunded is the money put into the program's subsidy budget.
func (e *Engine) SubsidyFunded(p *Program) decimal.Decimal {
	var funders []string
	if ps := e.subsidies.programs[p.Def.ID]; ps != nil {
		funders = ps.funders
	}
	return e.fundedBy(AccountSubsidyFunding, p.Def.ID, funders)
}

// SubsidyPaid is what the program's subsidy budget paid out.
func (e *Engine) SubsidyPaid(p *Program) decimal.Decimal {
	if ps := e.subsidies.programs[p.Def.ID]; ps != nil {
		return ps.paid
	}
	return decimal.Zero
}

// SubsidyOwed is what the program's approved subsidies are still owed.
func (e *Engine) SubsidyOwed(p *Program) decimal.Decimal {
	return e.book.Balance(Account{AccountSubsidiesPayable, p.Def.ID, ""}).Neg()
}

// Subsidy returns the subsidy with the given id, or nil.
func (e *Engine) Subsidy(id string) *Subsidy { return e.subsidies.byID[id] }

// subsidyChanges lists the subsidies the input changed, once each.
func (e *Engine) subsidyChanges() []string {
	var out []string
	for _, s := range e.subsidies.touched {
		if !containsString(out, s.ID) {
			out = append(out, s.ID)
		}
	}
	e.subsidies.touched = e.subsidies.touched[:0]
	return out
}

func containsString(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
