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
func (e *Engine) guarantorAdmits(g *Guarantor, borrowerID string, loan *Loan) bool {
	if g == nil || !g.NetAssetsKnown {
		return false
	}
	mix, liability := g.mix, g.liability
	before := guaranteedBorrower{}
	if gb := g.borrowers[borrowerID]; gb != nil {
		before = *gb
	}
	after := guaranteedBorrower{balance: before.balance.Add(loan.Principal), small: loan.Small}
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
	return risk.GuarantorWeight(e.rules, gb.small, gb.balance).Mul(gb.balance)
}

// changeGuaranteed moves a covered guaranteed loan's in-force balance by
// delta (a disbursement adds, a repayment or default subtracts).
func (e *Engine) changeGuaranteed(loan *Loan, delta decimal.Decimal) {
	g := loan.Guarantor
	if g == nil || !loan.Covered || delta.Sign() == 0 {
		return
	}
	gb := g.borrowers[loan.Borrower.ID]
	if gb == nil {
		gb = &guaranteedBorrower{}
		g.borrowers[loan.Borrower.ID] = gb
	}
	g.liability = g.liability.Sub(e.contribution(&g.mix, *gb, -1))
	gb.balance = gb.balance.Add(delta)
	if delta.Sign() > 0 {
		gb.small = loan.Small
	}
	g.liability = g.liability.Add(e.contribution(&g.mix, *gb, +1))
	if gb.balance.Sign() == 0 {
		delete(g.borrowers, loan.Borrower.ID)
	}
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
	f.date("as_of", d.AsOf, true)
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
