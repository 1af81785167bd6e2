package risk

import "github.com/shopspring/decimal"

// Share is one party's part of a loss or a payout.
type Share struct {
	Party  string
	Amount decimal.Decimal
}

// SplitByRatios divides total between parties in the given order: every party
// but the last gets total × its ratio rounded half-up to the cent, and the
// last party takes the remainder, so the parts always sum to total exactly.
// The last ratio is not used: the remainder is by definition what it gets.
func SplitByRatios(total decimal.Decimal, parties []string, ratios []decimal.Decimal) []Share {
	shares := make([]Share, len(parties))
	rest := total
	for i, party := range parties {
		if i == len(parties)-1 {
			shares[i] = Share{Party: party, Amount: rest}
			break
		}
		part := MulCents(total, ratios[i])
		shares[i] = Share{Party: party, Amount: part}
		rest = rest.Sub(part)
	}
	return shares
}
