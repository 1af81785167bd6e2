package ledger

import (
	"strings"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// guarantor returns the guarantor with the given id, creating it (net
// assets unknown) on first mention.
func (e *Engine) guarantor(id string) *Guarantor {
	g := e.guarantors[id]
	if g == nil {
		g = &Guarantor{ID: id, borrowers: map[string]*guaranteedBorrower{}}
		e.guarantors[id] = g
	}
	return g
}

// guarantorAdmits tests the guarantor's leverage with the new loan included
// (SPEC §6): unknown net assets never admit a loan.
func (e *Engine) guarantorAdmits(g *Guarantor, borrowerID string, loan *Loan, amount decimal.Decimal) bool {
	if g == nil || !g.NetAssetsKnown {
		return false
	}
	mix, liability := g.mix, g.liability
	before := guaranteedBorrower{}
	if gb := g.borrowers[borrowerID]; gb != nil {
		before = *gb
	}
	after := guaranteedBorrower{balance: before.balance.Add(amount), small: loan.Small}
	liability = liability.Sub(e.contribution(&mix, before, -1)).Add(e.contribution(&mix, after, +1))
	limit := risk.GuarantorLimit(e.rules, mix)
	return liability.Cmp(limit.Mul(g.NetAssets)) <= 0
}

// contribution adds (sign +1) or removes (−1) one borrower's balance to or
// from a guarantor's mix and returns its weighted liability.
func (e *Engine) contribution(mix *risk.GuarantorMix, gb guaranteedBorrower, sign int) decimal.Decimal {
	if gb.balance.Sign() <= 0 {
		return decimal.Zero
	}
	addToMix(mix, gb, sign)
	return weighted(risk.GuarantorWeight(e.rules, gb.small, gb.balance), gb.balance)
}

// addToMix adds (sign +1) or removes (−1) one borrower's balance to or
// from a guarantor's mix.
func addToMix(mix *risk.GuarantorMix, gb guaranteedBorrower, sign int) {
	if sign > 0 {
		mix.Balance = mix.Balance.Add(gb.balance)
		mix.Borrowers++
		if gb.small {
			mix.SmallBalance = mix.SmallBalance.Add(gb.balance)
			mix.SmallBorrowers++
		}
	} else {
		mix.Balance = mix.Balance.Sub(gb.balance)
		mix.Borrowers--
		if gb.small {
			mix.SmallBalance = mix.SmallBalance.Sub(gb.balance)
			mix.SmallBorrowers--
		}
	}
}

// decimalOne is the weight of a borrower that is not small (risk's one).
var decimalOne = decimal.New(1, 0)

// weighted is w × balance. A weight of 1 (coefficient 1, exponent 0), most
// borrowers', gives balance itself: the product has the same coefficient
// and exponent, so the multiplication and its allocations are skipped.
func weighted(w, balance decimal.Decimal) decimal.Decimal {
	if w.Exponent() == 0 && w.Cmp(decimalOne) == 0 {
		return balance
	}
	return w.Mul(balance)
}

// changeGuaranteed moves a covered guaranteed loan's in-force balance by
// amount: added for a disbursement, subtracted (sub) for a repayment or a
// default.
func (e *Engine) changeGuaranteed(loan *Loan, amount decimal.Decimal, sub bool) {
	g := loan.Guarantor
	if g == nil || !loan.Covered || amount.Sign() == 0 {
		return
	}
	gb := g.borrowers[loan.Borrower.ID]
	if gb == nil {
		gb = &guaranteedBorrower{}
		g.borrowers[loan.Borrower.ID] = gb
	}
	before := *gb
	// Subtracting amount gives what adding its negation would, exponent
	// included, without the negation's allocations.
	if sub {
		gb.balance = gb.balance.Sub(amount)
	} else {
		gb.balance = gb.balance.Add(amount)
	}
	if (amount.Sign() > 0) != sub { // the balance grew
		gb.small = loan.Small
	}
	if !e.shiftGuaranteed(g, before, *gb, amount, sub) {
		g.liability = g.liability.Sub(e.contribution(&g.mix, before, -1))
		g.liability = g.liability.Add(e.contribution(&g.mix, *gb, +1))
	}
	if gb.balance.Sign() == 0 {
		delete(g.borrowers, loan.Borrower.ID)
	}
}

// shiftGuaranteed is changeGuaranteed's update of the guarantor's mix and
// liability for a borrower whose balance moved by ±amount and stays in the
// book with the same size and weight: each sum moves by ±amount (weighted)
// once, instead of losing the borrower's old contribution and gaining its
// new one, two operations with their allocations. It does so only when the
// result is the same decimal, exponent included: a sum's exponent is the
// least of its terms', so removing old and adding after could lower it
// below what ±amount does when old's exponent is the least. Else it changes
// nothing and returns false.
func (e *Engine) shiftGuaranteed(g *Guarantor, before, after guaranteedBorrower, amount decimal.Decimal, sub bool) bool {
	if before.balance.Sign() <= 0 || after.balance.Sign() <= 0 || before.small != after.small {
		return false
	}
	w := risk.GuarantorWeight(e.rules, before.small, before.balance)
	if wa := risk.GuarantorWeight(e.rules, after.small, after.balance); wa.Exponent() != w.Exponent() || wa.Cmp(w) != 0 {
		return false
	}
	eo, ea, ew := before.balance.Exponent(), amount.Exponent(), w.Exponent()
	if eo < min(g.mix.Balance.Exponent(), ea) ||
		(before.small && eo < min(g.mix.SmallBalance.Exponent(), ea)) ||
		ew+eo < min(g.liability.Exponent(), ew+ea) {
		return false
	}
	move := decimal.Decimal.Add
	if sub {
		move = decimal.Decimal.Sub
	}
	g.mix.Balance = move(g.mix.Balance, amount)
	if before.small {
		g.mix.SmallBalance = move(g.mix.SmallBalance, amount)
	}
	g.liability = move(g.liability, weighted(w, amount))
	return true
}

// GuarantorLiability is Σ weight × in-force balance, rounded to the cent.
func (e *Engine) GuarantorLiability(g *Guarantor) decimal.Decimal {
	return risk.RoundCents(g.liability)
}

// GuarantorLimit is the guarantor's leverage limit for its current book.
func (e *Engine) GuarantorLimit(g *Guarantor) decimal.Decimal {
	return risk.GuarantorLimit(e.rules, g.mix)
}

// GuarantorLeverage is liability ÷ net assets; false while net assets are
// unknown or zero.
func (e *Engine) GuarantorLeverage(g *Guarantor) (decimal.Decimal, bool) {
	if !g.NetAssetsKnown {
		return decimal.Zero, false
	}
	return risk.Quotient(g.liability, g.NetAssets)
}

func (e *Engine) guarantorNetAssets(r *request) (*Reject, error) {
	d := r.data
	var f fields
	id := strings.TrimPrefix(d.Guarantor, RoleGuarantor+":")
	f.name("guarantor", id)
	f.amount("net_assets", d.NetAssets, amountRequired)
	f.date(r.in, "as_of", d.AsOf, true)
	if f.rej != nil {
		return f.rej, nil
	}
	if r.in.Role == RoleGuarantor && r.in.Actor != id {
		return reject(CodeForbidden, "guarantor %s may report only its own net assets, not %s's", r.in.Actor, id), nil
	}
	g := e.guarantor(id)
	g.NetAssets, g.NetAssetsKnown, g.NetAssetsAsOf = d.NetAssets.Value, true, d.AsOf
	return nil, nil
}
