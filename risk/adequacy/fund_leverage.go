package adequacy

import (
	"fmt"
	"math"
)

// FundLeverageResult is how many yuan of loans each yuan of government money
// supports. A ratio whose denominator is zero is nil (JSON null), as the
// product prints every zero-denominator ratio.
type FundLeverageResult struct {
	// Loans is the total loan volume supported.
	Loans float64 `json:"loans"`
	// GovMoney is Σ of the funders' money.
	GovMoney float64 `json:"gov_money"`
	// Overall is Loans ÷ GovMoney.
	Overall *float64 `json:"overall"`
	// PerFunder is Loans ÷ that funder's money, for every funder given.
	PerFunder map[string]*float64 `json:"per_funder"`
}

// FundLeverage divides the total loans supported by the government money put
// in overall and by each funder (province, city, ...). Amounts must be finite
// and ≥ 0.
func FundLeverage(totalLoans float64, govMoneyByFunder map[string]float64) (FundLeverageResult, error) {
	if !finiteNonNegative(totalLoans) {
		return FundLeverageResult{}, fmt.Errorf("%w: total loans %v not a finite amount ≥ 0", ErrInvalidInput, totalLoans)
	}
	out := FundLeverageResult{Loans: totalLoans, PerFunder: make(map[string]*float64, len(govMoneyByFunder))}
	for funder, money := range govMoneyByFunder {
		if !finiteNonNegative(money) {
			return FundLeverageResult{}, fmt.Errorf("%w: money of funder %q %v not a finite amount ≥ 0", ErrInvalidInput, funder, money)
		}
		out.GovMoney += money
		out.PerFunder[funder] = ratio(totalLoans, money)
	}
	if math.IsInf(out.GovMoney, 1) {
		return FundLeverageResult{}, fmt.Errorf("%w: government money overflows", ErrInvalidInput)
	}
	out.Overall = ratio(totalLoans, out.GovMoney)
	return out, nil
}

// ratio is num ÷ den, or nil when den is zero.
func ratio(num, den float64) *float64 {
	if den == 0 {
		return nil
	}
	r := num / den
	return &r
}
