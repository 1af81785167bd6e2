package adequacy

import (
	"math"
	"testing"
)

func TestLoanExpectedLoss(t *testing.T) {
	if got := LoanExpectedLoss(0.02, 0.6, 100_000_000); math.Abs(got-1_200_000) > 1e-6 {
		t.Errorf("got %g, want 1200000", got)
	}
}
