package ledger

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// openClaim opens the claim of a covered loan that just defaulted, on
// defaultOn (the as_of of the report): pending, or awaiting the bank's
// dossier in a program with claim_review.
func (e *Engine) openClaim(loan *Loan, in *Input, defaultOn string) {
	p := loan.Program
	pb := p.bank(loan.Bank)
	c := &Claim{ID: p.Def.ID + "/" + loan.ID, Loan: loan, Program: p, Order: len(p.Claims),
		Year: in.At.Year(), OpenedAt: in.AtText, Status: ClaimPending}
	loss := loan.coveredPart(risk.ClaimLoss(p.Def, loan.Outstanding, loan.UnpaidInterest, loan.NetRecovered))
	c.Assessment = risk.AssessClaim(p.Def, loss, risk.ClaimContext{
		BankYearPayable: pb.yearPayable[c.Year],
		ProgramPayable:  p.payableTotal,
		PortfolioVolume: p.PortfolioVolume,
	})
	e.openReview(c, in, defaultOn)
	loan.Claim = c
	p.Claims = append(p.Claims, c)
	pb.claims = append(pb.claims, c)
	e.claims[c.ID] = c
	e.countPayable(c, c.Assessment.Payable)
	pb.defaultedLoss = pb.defaultedLoss.Add(loss)
	e.touched = append(e.touched, c)
}

// countPayable adds a non-rejected claim's payable (or, negative, takes it
// back) to the totals that caps are measured against.
func (e *Engine) countPayable(c *Claim, delta decimal.Decimal) {
	pb := c.Program.banks[c.Loan.Bank]
	c.Program.payableTotal = c.Program.payableTotal.Add(delta)
	pb.yearPayable[c.Year] = pb.yearPayable[c.Year].Add(delta)
}

// reassess recomputes an open claim's loss, split and payable after a net
// recovery, against the claims opened before it.
func (e *Engine) reassess(c *Claim) {
	p, loan := c.Program, c.Loan
	ctx := risk.ClaimContext{PortfolioVolume: p.PortfolioVolume}
	// The sums over the earlier claims cost a pass over them: make them only
	// for the rules that read them, the cap of a capped guarantee
	// (ProgramPayable) and a bank's annual cap (BankYearPayable).
	programSum, bankSum := p.Def.Kind == risk.KindCappedGuarantee, p.Def.PerBankAnnualCap != nil
	for _, earlier := range p.Claims[:c.Order] {
		if !programSum && !bankSum {
			break
		}
		if earlier.Status == ClaimRejected {
			continue
		}
		if programSum {
			ctx.ProgramPayable = ctx.ProgramPayable.Add(earlier.Assessment.Payable)
		}
		if bankSum && earlier.Loan.Bank == loan.Bank && earlier.Year == c.Year {
			ctx.BankYearPayable = ctx.BankYearPayable.Add(earlier.Assessment.Payable)
		}
	}
	before := c.Assessment
	loss := loan.coveredPart(risk.ClaimLoss(p.Def, loan.Outstanding, loan.UnpaidInterest, loan.NetRecovered))
	c.Assessment = risk.AssessClaim(p.Def, loss, ctx)
	e.countPayable(c, c.Assessment.Payable.Sub(before.Payable))
	if loan.Status == LoanDefaulted {
		pb := p.banks[loan.Bank]
		pb.defaultedLoss = pb.defaultedLoss.Add(loss).Sub(before.Loss)
	}
	e.touched = append(e.touched, c)
}

// findClaim checks the claim field and that the claim is still open.
func (e *Engine) findClaim(r *request) (*Claim, *Reject) {
	var f fields
	f.id("claim", r.data.Claim)
	if f.rej != nil {
		return nil, f.rej
	}
	c := e.claims[r.data.Claim]
	if c == nil || c.Program != r.prog {
		return nil, reject(CodeUnknownClaim, "claim %s is not open in program %s", r.data.Claim, r.prog.Def.ID)
	}
	if !c.Status.open() {
		return nil, reject(CodeClaimClosed, "claim %s is %s", c.ID, c.Status)
	}
	return c, nil
}

// needsTwoApprovals is what the claim's document says of its approvals
// (needs_two_approvals): decided at the first approval (NeedsTwo); before
// it, foretold from the current payable by the same rule while the claim is
// open, so that a reader never applies the threshold itself.
func (c *Claim) needsTwoApprovals() bool {
	if len(c.Approvals) > 0 {
		return c.NeedsTwo
	}
	return c.Status.open() && risk.NeedsTwoApprovals(c.Program.Def, c.Assessment.Payable)
}

func (e *Engine) claimApproved(r *request) (*Reject, error) {
	c, rej := e.findClaim(r)
	if rej != nil {
		return rej, nil
	}
	if !c.Status.reviewed() {
		return reject(CodeNotReviewed, "claim %s is %s: the science bureau has not recommended it yet", c.ID, c.Status), nil
	}
	final, rej := c.approve(c.Program.Def, r.in.Source, "claim "+c.ID, c.Assessment.Payable)
	if rej != nil {
		return rej, nil
	}
	e.touched = append(e.touched, c)
	if !final {
		c.Status = ClaimAwaitingSecondApproval
		return nil, nil
	}
	// Final approval: the loss is frozen, the payable is owed and the queue
	// pays it in approval order as far as the pool's balance goes.
	c.Status = ClaimQueued
	return nil, grant(e, &c.Program.queue, c, c.Assessment.Payable, claimAccounts(c.Program))
}

// claimAccounts are the accounts claims are paid through: the pool pays
// claims payable, credited against compensation at final approval.
func claimAccounts(p *Program) paymentAccounts {
	return paymentAccounts{cash: Account{AccountPool, p.Def.ID, ""}, liability: Account{AccountClaimsPayable, p.Def.ID, ""},
		expense: Account{AccountCompensation, p.Def.ID, ""}, currency: p.Def.Currency}
}

func (c *Claim) decision() *Decision { return &c.Decision }

// paid counts a payment to the claim in the program's paid.
func (c *Claim) paid(e *Engine, amount decimal.Decimal) {
	c.Program.Paid = c.Program.Paid.Add(amount)
	e.touched = append(e.touched, c)
}

func (c *Claim) settled() { c.Status = ClaimPaid }

// reasoned checks the reason that a rejection (of a claim, a subsidy, a
// filing) or a revocation must give, then finds what it is of.
func reasoned[T any](r *request, find func(*request) (T, *Reject)) (T, *Reject) {
	var f fields
	f.text(r.in, "reason", r.data.Reason, true)
	if f.rej != nil {
		var none T
		return none, f.rej
	}
	return find(r)
}

func (e *Engine) claimRejected(r *request) (*Reject, error) {
	c, rej := reasoned(r, e.findClaim)
	if rej != nil {
		return rej, nil
	}
	c.Status, c.RejectReason = ClaimRejected, strings.TrimSpace(r.data.Reason)
	e.countPayable(c, c.Assessment.Payable.Neg())
	e.touched = append(e.touched, c)
	return nil, nil
}

// payQueue pays queued claims first-in first-out while the pool has money;
// the head may be paid in part. It runs whenever the pool balance rises.
func (e *Engine) payQueue(p *Program) error {
	return payFIFO(e, &p.queue, claimAccounts(p))
}

// recoverAfterApproval gives the pool its part of a net recovery on a
// queued or paid claim: it first cancels what the claim still owes, and the
// rest is paid back into the pool, which then pays the queue.
func (e *Engine) recoverAfterApproval(c *Claim, net decimal.Decimal) error {
	p := c.Program
	part := risk.RecoveryPoolPartFiled(net, c.Loan.Filed, c.Loan.Principal, c.Assessment.Payable, c.Assessment.Loss, c.Recovered)
	if part.Sign() == 0 {
		return nil
	}
	c.Recovered = c.Recovered.Add(part)
	e.touched = append(e.touched, c)
	income := Account{AccountPoolRecoveries, p.Def.ID, ""}
	cancel := risk.MinAmount(part, c.Owed)
	if cancel.Sign() > 0 {
		c.Owed = c.Owed.Sub(cancel)
		if err := e.move(income, Account{AccountClaimsPayable, p.Def.ID, ""}, cancel, p.Def.Currency); err != nil {
			return err
		}
		if c.Owed.Sign() == 0 {
			c.Status = ClaimPaid
			p.queue = slices.DeleteFunc(p.queue, func(q *Claim) bool { return q == c })
		}
	}
	cash := part.Sub(cancel)
	if cash.Sign() == 0 {
		return nil
	}
	p.Recovered = p.Recovered.Add(cash)
	if err := e.move(income, Account{AccountPool, p.Def.ID, ""}, cash, p.Def.Currency); err != nil {
		return err
	}
	return e.payQueue(p)
}

func (e *Engine) poolFunded(r *request) (*Reject, error) {
	d := r.data
	var f fields
	f.funding(d)
	if f.rej != nil {
		return f.rej, nil
	}
	p := r.prog
	addFunder(&p.funders, d.Funder)
	if err := e.move(Account{AccountFunding, p.Def.ID, d.Funder}, Account{AccountPool, p.Def.ID, ""},
		d.Amount.Value, p.Def.Currency); err != nil {
		return nil, err
	}
	return nil, e.payQueue(p)
}

// Funded is the money put into the program's pool: the credits of its
// funding accounts.
func (e *Engine) Funded(p *Program) decimal.Decimal {
	return e.fundedBy(AccountFunding, p.Def.ID, p.funders)
}

// fundedBy is what the funders put in through their accounts of the kind
// for the program or fund id: the credits of those accounts (a pool's,
// a subsidy budget's, a fund's).
func (e *Engine) fundedBy(kind, id string, funders []string) decimal.Decimal {
	sum := decimal.Zero
	for _, funder := range funders {
		sum = sum.Sub(e.book.Balance(Account{kind, id, funder}))
	}
	return sum
}

// Owed is what the program's approved claims are still owed: the credit
// balance of its claims payable account.
func (e *Engine) Owed(p *Program) decimal.Decimal {
	return e.book.Balance(Account{AccountClaimsPayable, p.Def.ID, ""}).Neg()
}

// GuarantorPaysBankOf is, for a guarantee program's claim, what the
// guarantor pays the bank (L less the bank's part), written as an amount.
func GuarantorPaysBankOf(c *Claim) string {
	return risk.FormatAmount(risk.GuarantorPaysBank(c.Assessment))
}
