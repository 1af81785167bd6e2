package adequacy

import (
	"fmt"
	"math"
)

// Size is a borrower's size class, as the program registers it.
type Size string

// Borrower sizes. PD tables are keyed by these strings.
const (
	SizeMicro  Size = "micro"
	SizeSmall  Size = "small"
	SizeMedium Size = "medium"
	SizeLarge  Size = "large"
)

// Valid reports whether s is one of the four known sizes.
func (s Size) Valid() bool {
	switch s {
	case SizeMicro, SizeSmall, SizeMedium, SizeLarge:
		return true
	}
	return false
}

// Assumptions are the credit-risk parameters an analysis runs on. They are
// data with a version, like any rule users configure: a report names the
// version it used.
type Assumptions struct {
	// Version names this set of assumptions (required, e.g. "2025-q3").
	Version string `json:"version"`
	// PD is the one-year probability of default by sector, then by borrower
	// size; each value in (0, 1). Optional: a missing pair uses DefaultPD.
	PD map[string]map[Size]float64 `json:"pd"`
	// DefaultPD applies to any (sector, size) pair the table lacks; in (0, 1).
	DefaultPD float64 `json:"default_pd"`
	// LGD is the loss given default as a share of exposure, in [0, 1].
	LGD float64 `json:"lgd"`
	// Rho is the asset correlation with the single systematic factor, in (0, 1).
	Rho float64 `json:"rho"`
}

// Validate checks every field against its documented range.
func (a Assumptions) Validate() error {
	if a.Version == "" {
		return fmt.Errorf("%w: version is required", ErrInvalidInput)
	}
	if !openUnit(a.DefaultPD) {
		return fmt.Errorf("%w: default_pd %v not in (0, 1)", ErrInvalidInput, a.DefaultPD)
	}
	for sector, bySize := range a.PD {
		for size, pd := range bySize {
			if !size.Valid() {
				return fmt.Errorf("%w: pd[%q]: unknown size %q", ErrInvalidInput, sector, size)
			}
			if !openUnit(pd) {
				return fmt.Errorf("%w: pd[%q][%q] %v not in (0, 1)", ErrInvalidInput, sector, size, pd)
			}
		}
	}
	if !closedUnit(a.LGD) {
		return fmt.Errorf("%w: lgd %v not in [0, 1]", ErrInvalidInput, a.LGD)
	}
	if !openUnit(a.Rho) {
		return fmt.Errorf("%w: rho %v not in (0, 1)", ErrInvalidInput, a.Rho)
	}
	return nil
}

// PDFor returns the PD for a borrower of this sector and size: the table's
// value when it has one, else DefaultPD.
func (a Assumptions) PDFor(sector string, size Size) float64 {
	if pd, ok := a.PD[sector][size]; ok {
		return pd
	}
	return a.DefaultPD
}

// ObservedPD is the observed default rate defaults ÷ loans. It fails when
// loans ≤ 0 (no rate can be observed), when defaults < 0 or when
// defaults > loans. A result of 0 is a valid observation but not a valid PD
// for Assumptions: floor it before use.
func ObservedPD(defaults, loans int) (float64, error) {
	if loans <= 0 {
		return 0, fmt.Errorf("%w: observed pd needs at least one loan, got %d", ErrInvalidInput, loans)
	}
	if defaults < 0 || defaults > loans {
		return 0, fmt.Errorf("%w: defaults %d not in [0, %d]", ErrInvalidInput, defaults, loans)
	}
	return float64(defaults) / float64(loans), nil
}

// openUnit reports 0 < x < 1 (false for NaN).
func openUnit(x float64) bool { return x > 0 && x < 1 }

// closedUnit reports 0 ≤ x ≤ 1 (false for NaN).
func closedUnit(x float64) bool { return x >= 0 && x <= 1 }

// finiteNonNegative reports 0 ≤ x < +Inf (false for NaN).
func finiteNonNegative(x float64) bool { return x >= 0 && !math.IsInf(x, 1) }
