package adequacy

import (
	"fmt"
	"math"
)

// Quantiles reported by Vasicek and Simulate.
const (
	Q99  = 0.99
	Q999 = 0.999
)

// VasicekInput describes a large homogeneous portfolio covered by a pool.
type VasicekInput struct {
	// EAD is the portfolio's total exposure at default, > 0.
	EAD float64 `json:"ead"`
	// PD is each loan's probability of default, in (0, 1).
	PD float64 `json:"pd"`
	// LGD is the loss given default, in (0, 1].
	LGD float64 `json:"lgd"`
	// Rho is the asset correlation, in (0, 1).
	Rho float64 `json:"rho"`
	// Pool is the pool balance, ≥ 0.
	Pool float64 `json:"pool"`
	// PayableShare is the share of each loss the pool pays (Σ funder ratios,
	// a guarantee rate or the government's share), in (0, 1].
	PayableShare float64 `json:"payable_share"`
}

// Validate checks every field against its documented range. LGD and
// PayableShare must be > 0 here, or the pool could never be drawn and x*
// would be infinite.
func (in VasicekInput) Validate() error {
	switch {
	case !(in.EAD > 0) || math.IsInf(in.EAD, 1):
		return fmt.Errorf("%w: ead %v not a finite amount > 0", ErrInvalidInput, in.EAD)
	case !openUnit(in.PD):
		return fmt.Errorf("%w: pd %v not in (0, 1)", ErrInvalidInput, in.PD)
	case !(in.LGD > 0 && in.LGD <= 1):
		return fmt.Errorf("%w: lgd %v not in (0, 1]", ErrInvalidInput, in.LGD)
	case !openUnit(in.Rho):
		return fmt.Errorf("%w: rho %v not in (0, 1)", ErrInvalidInput, in.Rho)
	case !finiteNonNegative(in.Pool):
		return fmt.Errorf("%w: pool %v not a finite amount ≥ 0", ErrInvalidInput, in.Pool)
	case !(in.PayableShare > 0 && in.PayableShare <= 1):
		return fmt.Errorf("%w: payable_share %v not in (0, 1]", ErrInvalidInput, in.PayableShare)
	}
	return nil
}

// VasicekResult is the closed-form view of the portfolio and its pool.
type VasicekResult struct {
	// EL is the expected loss PD × LGD × EAD.
	EL float64 `json:"el"`
	// DefaultRateQ99 and DefaultRateQ999 are the portfolio default rates at
	// the 99% and 99.9% quantiles of the systematic factor.
	DefaultRateQ99  float64 `json:"default_rate_q99"`
	DefaultRateQ999 float64 `json:"default_rate_q999"`
	// LossQ99 and LossQ999 are those rates × LGD × EAD (the whole loss, not
	// only the pool's share of it).
	LossQ99  float64 `json:"loss_q99"`
	LossQ999 float64 `json:"loss_q999"`
	// XStar is the default rate that exhausts the pool:
	// Pool ÷ (PayableShare × LGD × EAD).
	XStar float64 `json:"x_star"`
	// PExhaust is the probability that the default rate exceeds XStar,
	// 1 − F(x*); 1 when x* = 0 (an empty pool), 0 when x* ≥ 1.
	PExhaust float64 `json:"p_exhaust"`
}

// Vasicek evaluates the one-factor (Vasicek) closed form for a large
// homogeneous portfolio. With a = N⁻¹(PD):
//
//	conditional default rate at quantile q:  N((a + √ρ·N⁻¹(q)) / √(1−ρ))
//	default-rate distribution function:      F(x) = N((√(1−ρ)·N⁻¹(x) − a) / √ρ)
//	pool exhaustion:                         P(exhaust) = 1 − F(x*)
func Vasicek(in VasicekInput) (VasicekResult, error) {
	if err := in.Validate(); err != nil {
		return VasicekResult{}, err
	}
	q99 := ConditionalDefaultRate(in.PD, in.Rho, Q99)
	q999 := ConditionalDefaultRate(in.PD, in.Rho, Q999)
	xStar := in.Pool / (in.PayableShare * in.LGD * in.EAD)
	return VasicekResult{
		EL:              LoanExpectedLoss(in.PD, in.LGD, in.EAD),
		DefaultRateQ99:  q99,
		DefaultRateQ999: q999,
		LossQ99:         q99 * in.LGD * in.EAD,
		LossQ999:        q999 * in.LGD * in.EAD,
		XStar:           xStar,
		PExhaust:        DefaultRateExceedance(in.PD, in.Rho, xStar),
	}, nil
}

// ConditionalDefaultRate is the large-portfolio default rate when the
// systematic factor sits at its q-quantile of bad outcomes:
// N((N⁻¹(pd) + √ρ·N⁻¹(q)) / √(1−ρ)). Arguments are not validated.
func ConditionalDefaultRate(pd, rho, q float64) float64 {
	return normCDF((normInv(pd) + math.Sqrt(rho)*normInv(q)) / math.Sqrt(1-rho))
}

// DefaultRateExceedance is 1 − F(x), the probability that a large
// portfolio's default rate exceeds x: 1 for x ≤ 0, 0 for x ≥ 1. It is
// computed as N(−…) so that small probabilities keep their precision.
// Arguments other than x are not validated.
func DefaultRateExceedance(pd, rho, x float64) float64 {
	switch {
	case x <= 0:
		return 1
	case x >= 1:
		return 0
	}
	return normCDF((normInv(pd) - math.Sqrt(1-rho)*normInv(x)) / math.Sqrt(rho))
}
