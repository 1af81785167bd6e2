package adequacy

import "math"

// normCDF is the standard normal distribution function N(x). Erfc keeps full
// relative precision in the lower tail.
func normCDF(x float64) float64 {
	return 0.5 * math.Erfc(-x/math.Sqrt2)
}

// normPDF is the standard normal density.
func normPDF(x float64) float64 {
	return math.Exp(-0.5*x*x) / math.Sqrt(2*math.Pi)
}

// normInv is the standard normal quantile N⁻¹(p) for p in (0, 1); it returns
// -Inf at 0, +Inf at 1 and NaN outside [0, 1]. It is used only to prepare
// thresholds, never per loan, so a few refinement steps cost nothing.
func normInv(p float64) float64 {
	switch {
	case math.IsNaN(p) || p < 0 || p > 1:
		return math.NaN()
	case p == 0:
		return math.Inf(-1)
	case p == 1:
		return math.Inf(1)
	}
	var x float64
	if p < 1e-8 {
		// Far lower tail: Erfcinv's 1−2p has lost most digits, start from the
		// Mills-ratio asymptote instead.
		l := -2 * math.Log(p)
		x = -math.Sqrt(l - math.Log(l) - math.Log(2*math.Pi))
	} else {
		x = -math.Sqrt2 * math.Erfcinv(2*p)
	}
	// Halley: x -= e/(1 + x·e/2), e = (N(x) − p)/φ(x); cubic convergence, so a
	// few steps from either start reach full precision.
	for range 3 {
		phi := normPDF(x)
		if phi == 0 {
			break
		}
		e := (normCDF(x) - p) / phi
		x -= e / (1 + x*e/2)
	}
	return x
}
