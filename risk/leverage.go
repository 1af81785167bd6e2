package risk

import "github.com/shopspring/decimal"

// PoolCapacity is max_leverage × pool balance: the covered outstanding a pool
// may carry.
func PoolCapacity(maxLeverage, poolBalance decimal.Decimal) decimal.Decimal {
	return maxLeverage.Mul(poolBalance)
}

// PoolAdmits reports whether a loan of principal stays within the pool's
// leverage: covered outstanding + principal ≤ max_leverage × pool balance.
func PoolAdmits(maxLeverage, poolBalance, coveredOutstanding, principal decimal.Decimal) bool {
	return coveredOutstanding.Add(principal).Cmp(PoolCapacity(maxLeverage, poolBalance)) <= 0
}

// PoolHeadroom is max(0, max_leverage × pool balance − covered outstanding),
// rounded to the cent.
func PoolHeadroom(maxLeverage, poolBalance, coveredOutstanding decimal.Decimal) decimal.Decimal {
	return RoundCents(NonNegative(PoolCapacity(maxLeverage, poolBalance).Sub(coveredOutstanding)))
}

// NPLRatio is loss of open defaulted covered loans ÷ (that + covered
// outstanding of performing and overdue loans); false when both are zero.
func NPLRatio(defaultedLoss, performingOutstanding decimal.Decimal) (decimal.Decimal, bool) {
	return Quotient(defaultedLoss, defaultedLoss.Add(performingOutstanding))
}

// GuarantorWeight is a borrower's weight in a guarantor's liability: the
// small-borrower weight for a micro or small borrower whose in-force balance
// is at most the small-borrower maximum (inclusive), else 1.
func GuarantorWeight(rules GuarantorRules, smallBorrower bool, balance decimal.Decimal) decimal.Decimal {
	if smallBorrower && balance.Cmp(rules.SmallBorrowerBalanceMax) <= 0 {
		return rules.SmallBorrowerWeight
	}
	return one
}

// GuarantorMix summarises a guarantor's in-force book for its limit test.
type GuarantorMix struct {
	Balance        decimal.Decimal // Σ in-force balance
	SmallBalance   decimal.Decimal // of which micro and small borrowers
	Borrowers      int             // borrowers with a balance
	SmallBorrowers int             // of which micro and small
}

// GuarantorLimit is the higher limit when micro and small borrowers hold at
// least 50% of the in-force balance and are at least 80% of the borrowers
// with a balance; else the ordinary limit (also with no borrowers).
func GuarantorLimit(rules GuarantorRules, mix GuarantorMix) decimal.Decimal {
	if mix.Borrowers == 0 {
		return rules.LeverageLimit
	}
	holdsHalf := mix.SmallBalance.Add(mix.SmallBalance).Cmp(mix.Balance) >= 0
	mostBorrowers := 5*mix.SmallBorrowers >= 4*mix.Borrowers
	if holdsHalf && mostBorrowers {
		return rules.LeverageLimitSmall
	}
	return rules.LeverageLimit
}
