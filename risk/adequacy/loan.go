package adequacy

import "fmt"

// Loan is one exposure in a portfolio under analysis.
type Loan struct {
	// EAD is the exposure at default (outstanding covered principal), ≥ 0.
	EAD float64 `json:"ead"`
	// PD is the one-year probability of default in [0, 1]; 1 means the loan
	// defaults in every scenario (a failed bank), 0 that it never does.
	PD float64 `json:"pd"`
	// Sector and Bank group loans for breakdowns and stress scenarios.
	Sector string `json:"sector"`
	Bank   string `json:"bank"`
}

// validateLoans checks every loan's EAD and PD.
func validateLoans(loans []Loan) error {
	for i, l := range loans {
		if !finiteNonNegative(l.EAD) {
			return fmt.Errorf("%w: loans[%d].ead %v not a finite amount ≥ 0", ErrInvalidInput, i, l.EAD)
		}
		if !closedUnit(l.PD) {
			return fmt.Errorf("%w: loans[%d].pd %v not in [0, 1]", ErrInvalidInput, i, l.PD)
		}
	}
	return nil
}
