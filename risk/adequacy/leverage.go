package adequacy

import (
	"fmt"
	"math"
)

// MaxLeverageAt is the highest leverage (covered outstanding ÷ pool balance)
// a pool can carry while its Vasicek exhaustion probability stays at or below
// pExhaust, for a large homogeneous portfolio with this PD, LGD, correlation
// and payable share.
//
// Scaling the covered outstanding EAD over a fixed pool, x* = 1 ÷
// (payableShare × LGD × leverage) and P(exhaust) = 1 − F(x*) rises
// monotonically with the leverage. A bisection on the leverage would converge
// to the point where 1 − F(x*) = pExhaust; this function solves that equation
// exactly instead: x* is the conditional default rate at the (1 − pExhaust)
// quantile, so
//
//	leverage = 1 ÷ (payableShare × LGD × N((N⁻¹(PD) − √ρ·N⁻¹(pExhaust)) / √(1−ρ)))
//
// pExhaust, pd and rho must lie in (0, 1), lgd and payableShare in (0, 1].
func MaxLeverageAt(pExhaust, pd, lgd, rho, payableShare float64) (float64, error) {
	if !openUnit(pExhaust) {
		return 0, fmt.Errorf("%w: p_exhaust %v not in (0, 1)", ErrInvalidInput, pExhaust)
	}
	// Reuse Vasicek's ranges; EAD and Pool only need to be valid placeholders.
	in := VasicekInput{EAD: 1, PD: pd, LGD: lgd, Rho: rho, Pool: 0, PayableShare: payableShare}
	if err := in.Validate(); err != nil {
		return 0, err
	}
	// N⁻¹(1 − p) = −N⁻¹(p), which keeps precision for tiny targets.
	x := normCDF((normInv(pd) - math.Sqrt(rho)*normInv(pExhaust)) / math.Sqrt(1-rho))
	return 1 / (payableShare * lgd * x), nil
}
