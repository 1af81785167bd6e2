package adequacy

import (
	"fmt"
	"math"
)

// ObservedPD is the observed default rate defaults ÷ loans. It fails when
// loans ≤ 0 (no rate can be observed), when defaults < 0 or when
// defaults > loans. A result of 0 is a valid observation but not a valid PD
// (risk.Assumptions wants one in (0, 1)): floor it before use.
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
