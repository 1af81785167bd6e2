package ledger

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// changeGuaranteedBefore and contributionBefore are changeGuaranteed and
// contribution as they were before the first learnt to shift the sums by
// the amount and the second to skip a weight of 1: the contribution of
// the borrower's old balance out, the new one in. The newer code must give
// the same decimals, coefficient and exponent. The mix moves alike in both
// (addToMix): only the sums and the weighting differ.
func (e *Engine) changeGuaranteedBefore(loan *Loan, delta decimal.Decimal) {
	g := loan.Guarantor
	if g == nil || !loan.Covered || delta.Sign() == 0 {
		return
	}
	gb := g.borrowers[loan.Borrower.ID]
	if gb == nil {
		gb = &guaranteedBorrower{}
		g.borrowers[loan.Borrower.ID] = gb
	}
	g.liability = g.liability.Sub(e.contributionBefore(&g.mix, *gb, -1))
	gb.balance = gb.balance.Add(delta)
	if delta.Sign() > 0 {
		gb.small = loan.Small
	}
	g.liability = g.liability.Add(e.contributionBefore(&g.mix, *gb, +1))
	if gb.balance.Sign() == 0 {
		delete(g.borrowers, loan.Borrower.ID)
	}
}

func (e *Engine) contributionBefore(mix *risk.GuarantorMix, gb guaranteedBorrower, sign int) decimal.Decimal {
	if gb.balance.Sign() <= 0 {
		return decimal.Zero
	}
	addToMix(mix, gb, sign)
	return risk.GuarantorWeight(e.rules, gb.small, gb.balance).Mul(gb.balance)
}

// TestChangeGuaranteedAsBefore drives two guarantors through the same
// random disbursements, repayments and defaults, one with changeGuaranteed
// and one with the update it replaced, with amounts of every exponent and,
// now and then, sums rewritten with fewer fraction digits (same value, as
// a state built under other inputs could hold them): every decimal must
// match in coefficient and exponent after every step.
func TestChangeGuaranteedAsBefore(t *testing.T) {
	rules := risk.GuarantorRules{
		LeverageLimit:           decimal.RequireFromString("10"),
		LeverageLimitSmall:      decimal.RequireFromString("15"),
		SmallBorrowerWeight:     decimal.RequireFromString("0.75"),
		SmallBorrowerBalanceMax: decimal.RequireFromString("5000.00"),
	}
	rng := rand.New(rand.NewPCG(1, 2))
	amount := func(max int64) decimal.Decimal {
		exp := -int32(rng.IntN(4)) // 0 to -3
		coef := 1 + rng.Int64N(max)
		if rng.IntN(3) == 0 { // a round amount that a larger exponent could hold
			coef *= 100
		}
		return decimal.New(coef, exp)
	}
	for round := range 200 {
		newer, older := &Engine{rules: rules}, &Engine{rules: rules}
		gn := &Guarantor{ID: "g", borrowers: map[string]*guaranteedBorrower{}}
		go_ := &Guarantor{ID: "g", borrowers: map[string]*guaranteedBorrower{}}
		type pair struct{ n, o *Loan }
		var loans []pair
		for step := range 60 {
			switch op := rng.IntN(10); {
			case op < 3 || len(loans) == 0: // a disbursement
				b := &Borrower{ID: fmt.Sprintf("b%d", rng.IntN(4))}
				small := rng.IntN(2) == 0
				p := amount(8000)
				ln := &Loan{Borrower: b, Guarantor: gn, Covered: true, Small: small, Outstanding: p}
				lo := &Loan{Borrower: b, Guarantor: go_, Covered: true, Small: small, Outstanding: p}
				loans = append(loans, pair{ln, lo})
				newer.changeGuaranteed(ln, p, false)
				older.changeGuaranteedBefore(lo, p)
			case op < 8: // a repayment of part or all of a loan
				l := loans[rng.IntN(len(loans))]
				if l.n.Outstanding.Sign() == 0 {
					continue
				}
				p := amount(3000)
				if rng.IntN(4) == 0 || p.Cmp(l.n.Outstanding) > 0 {
					p = l.n.Outstanding
				}
				l.n.Outstanding = l.n.Outstanding.Sub(p)
				l.o.Outstanding = l.n.Outstanding
				newer.changeGuaranteed(l.n, p, true)
				older.changeGuaranteedBefore(l.o, p.Neg())
			case op < 9: // a default
				l := loans[rng.IntN(len(loans))]
				newer.changeGuaranteed(l.n, l.n.Outstanding, true)
				older.changeGuaranteedBefore(l.o, l.o.Outstanding.Neg())
				l.n.Outstanding, l.o.Outstanding = decimal.Zero, decimal.Zero
			default: // the same sums, written with fewer fraction digits
				for _, d := range []*decimal.Decimal{&gn.mix.Balance, &gn.mix.SmallBalance, &gn.liability} {
					*d = fewerDigits(*d)
				}
				go_.mix, go_.liability = gn.mix, gn.liability
			}
			if diff := guarantorDiff(gn, go_); diff != "" {
				t.Fatalf("round %d step %d: %s", round, step, diff)
			}
		}
	}
}

// fewerDigits writes d with its exponent raised as far as its value allows.
func fewerDigits(d decimal.Decimal) decimal.Decimal {
	c, exp := d.Coefficient(), d.Exponent()
	ten, r := big.NewInt(10), new(big.Int)
	for exp < 0 && c.Sign() != 0 {
		q, m := new(big.Int).QuoRem(c, ten, r)
		if m.Sign() != 0 {
			break
		}
		c, exp = q, exp+1
	}
	return decimal.NewFromBigInt(c, exp)
}

func guarantorDiff(a, b *Guarantor) string {
	same := func(x, y decimal.Decimal) bool { return x.Equal(y) && x.Exponent() == y.Exponent() }
	switch {
	case !same(a.mix.Balance, b.mix.Balance):
		return fmt.Sprintf("mix balance %s (exp %d), want %s (exp %d)", a.mix.Balance, a.mix.Balance.Exponent(), b.mix.Balance, b.mix.Balance.Exponent())
	case !same(a.mix.SmallBalance, b.mix.SmallBalance):
		return fmt.Sprintf("small balance %s (exp %d), want %s (exp %d)", a.mix.SmallBalance, a.mix.SmallBalance.Exponent(), b.mix.SmallBalance, b.mix.SmallBalance.Exponent())
	case !same(a.liability, b.liability):
		return fmt.Sprintf("liability %s (exp %d), want %s (exp %d)", a.liability, a.liability.Exponent(), b.liability, b.liability.Exponent())
	case a.mix.Borrowers != b.mix.Borrowers || a.mix.SmallBorrowers != b.mix.SmallBorrowers:
		return fmt.Sprintf("borrowers %d/%d, want %d/%d", a.mix.Borrowers, a.mix.SmallBorrowers, b.mix.Borrowers, b.mix.SmallBorrowers)
	case len(a.borrowers) != len(b.borrowers):
		return fmt.Sprintf("%d borrowers, want %d", len(a.borrowers), len(b.borrowers))
	}
	for id, x := range a.borrowers {
		y := b.borrowers[id]
		if y == nil || !same(x.balance, y.balance) || x.small != y.small {
			return fmt.Sprintf("borrower %s: %v, want %v", id, x, y)
		}
	}
	return ""
}
