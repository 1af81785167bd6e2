package adequacy

import "fmt"

// LoanExpectedLoss is EL = PD × LGD × EAD for one loan.
func LoanExpectedLoss(pd, lgd, ead float64) float64 {
	return pd * lgd * ead
}

// ExpectedLoss is a portfolio's expected loss, in total and broken down.
type ExpectedLoss struct {
	// EAD is the portfolio's total exposure.
	EAD float64 `json:"ead"`
	// Total is Σ PD × LGD × EAD over the loans.
	Total float64 `json:"el"`
	// BySector and ByBank split Total by the loans' Sector and Bank.
	BySector map[string]float64 `json:"by_sector"`
	ByBank   map[string]float64 `json:"by_bank"`
}

// PortfolioExpectedLoss sums LoanExpectedLoss over loans with one LGD in
// [0, 1]. An empty portfolio has an expected loss of 0.
func PortfolioExpectedLoss(loans []Loan, lgd float64) (ExpectedLoss, error) {
	if !closedUnit(lgd) {
		return ExpectedLoss{}, fmt.Errorf("%w: lgd %v not in [0, 1]", ErrInvalidInput, lgd)
	}
	if err := validateLoans(loans); err != nil {
		return ExpectedLoss{}, err
	}
	out := ExpectedLoss{BySector: map[string]float64{}, ByBank: map[string]float64{}}
	for _, l := range loans {
		el := LoanExpectedLoss(l.PD, lgd, l.EAD)
		out.EAD += l.EAD
		out.Total += el
		out.BySector[l.Sector] += el
		out.ByBank[l.Bank] += el
	}
	return out, nil
}
