package ledger

import (
	"slices"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// Decision is the approval and payment of an amount under dual control
// (SPEC §6), the part claims and subsidies share: two different finance
// users when the amount reaches the program's dual_approval_threshold at
// the first approval, then payment of what the balance allows, the rest
// owed and paid first-in first-out as the balance rises.
type Decision struct {
	Approvals []string // finance sources, in order
	NeedsTwo  bool     // decided at the first approval
	Paid      decimal.Decimal
	Owed      decimal.Decimal
}

// approve records source's approval of what (a "claim <id>"), whose amount
// is amount: same_approver when source approved it already. final is true
// when this approval is the last one needed.
func (d *Decision) approve(def *risk.Program, source, what string, amount decimal.Decimal) (final bool, rej *Reject) {
	if slices.Contains(d.Approvals, source) {
		return false, reject(CodeSameApprover, "%s already approved %s; a second finance user must approve", source, what)
	}
	if len(d.Approvals) == 0 {
		d.NeedsTwo = risk.NeedsTwoApprovals(def, amount)
	}
	d.Approvals = append(d.Approvals, source)
	return !d.NeedsTwo || len(d.Approvals) > 1, nil
}

// payee is what a payment queue holds: a claim or a subsidy.
type payee interface {
	decision() *Decision
	// paid is told of each payment to it, settled once nothing is owed.
	paid(e *Engine, amount decimal.Decimal)
	settled()
}

// paymentAccounts are the accounts a kind of payment moves: cash pays
// the liability, which final approval credits against the expense.
type paymentAccounts struct {
	cash, liability, expense Account
	currency                 string
}

// fifo is a payment queue: approved items still owed, in approval order.
type fifo[T payee] []T

// grant books a final approval of amount: it is owed, the liability is
// credited against the expense, and the queue pays as far as the cash
// goes. Nothing owed settles the item at once, never queued behind items
// that are owed.
func grant[T payee](e *Engine, q *fifo[T], item T, amount decimal.Decimal, acc paymentAccounts) error {
	d := item.decision()
	d.Owed = amount
	if d.Owed.Sign() == 0 {
		item.settled()
		return nil
	}
	*q = append(*q, item)
	if err := e.move(acc.liability, acc.expense, amount, acc.currency); err != nil {
		return err
	}
	return payFIFO(e, q, acc)
}

// payFIFO pays queued items first-in first-out while the cash account has
// money; the head may be paid in part. It runs whenever the balance rises.
func payFIFO[T payee](e *Engine, q *fifo[T], acc paymentAccounts) error {
	for len(*q) > 0 {
		head := (*q)[0]
		d := head.decision()
		if d.Owed.Sign() > 0 {
			pay := risk.MinAmount(d.Owed, e.book.Balance(acc.cash))
			if pay.Sign() <= 0 {
				return nil
			}
			if err := e.move(acc.cash, acc.liability, pay, acc.currency); err != nil {
				return err
			}
			d.Paid, d.Owed = d.Paid.Add(pay), d.Owed.Sub(pay)
			head.paid(e, pay)
		}
		if d.Owed.Sign() > 0 {
			return nil
		}
		head.settled()
		var none T
		(*q)[0] = none
		*q = (*q)[1:]
	}
	return nil
}
