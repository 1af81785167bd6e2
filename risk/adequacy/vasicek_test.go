package adequacy

import (
	"errors"
	"math"
	"testing"
)

// reference is the worked example the product documents: a 100 million
// portfolio, PD 2%, LGD 60%, a 5 million pool paying 70% of each loss.
func reference(rho float64) VasicekInput {
	return VasicekInput{EAD: 100_000_000, PD: 0.02, LGD: 0.6, Rho: rho, Pool: 5_000_000, PayableShare: 0.7}
}

func TestVasicekReference(t *testing.T) {
	got, err := Vasicek(reference(0.20))
	if err != nil {
		t.Fatalf("Vasicek: got error %v, want nil", err)
	}
	checks := []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"el", got.EL, 1_200_000, 1e-6},
		{"default_rate_q999", got.DefaultRateQ999, 0.226313, 5e-7},
		{"loss_q999", got.LossQ999, 13_578_768, 1},
		{"x_star", got.XStar, 0.11905, 5e-6},
		{"p_exhaust", got.PExhaust, 0.01278, 5e-6},
		{"loss_q99 = rate × lgd × ead", got.LossQ99, got.DefaultRateQ99 * 0.6 * 100_000_000, 1e-6},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s: got %.8g, want %.8g ± %g", c.name, c.got, c.want, c.tol)
		}
	}
	if !(got.DefaultRateQ99 > 0.02 && got.DefaultRateQ99 < got.DefaultRateQ999) {
		t.Errorf("default_rate_q99: got %g, want between pd 0.02 and q999 %g", got.DefaultRateQ99, got.DefaultRateQ999)
	}
}

func TestVasicekPExhaustByRho(t *testing.T) {
	tests := []struct {
		rho  float64
		want float64
	}{
		{0.10, 0.00156},
		{0.20, 0.01278},
		{0.30, 0.02574},
	}
	for _, tt := range tests {
		got, err := Vasicek(reference(tt.rho))
		if err != nil {
			t.Fatalf("rho %g: got error %v, want nil", tt.rho, err)
		}
		if math.Abs(got.PExhaust-tt.want) > 5e-6 {
			t.Errorf("rho %g: p_exhaust got %.6f, want %.5f", tt.rho, got.PExhaust, tt.want)
		}
	}
}

func TestVasicekPExhaustEdges(t *testing.T) {
	tests := []struct {
		name string
		pool float64
		want float64
	}{
		{"empty pool", 0, 1},
		{"pool covers the whole payable loss", 42_000_000, 0},
		{"pool beyond the whole payable loss", 50_000_000, 0},
	}
	for _, tt := range tests {
		in := reference(0.2)
		in.Pool = tt.pool
		got, err := Vasicek(in)
		if err != nil {
			t.Fatalf("%s: got error %v, want nil", tt.name, err)
		}
		if got.PExhaust != tt.want {
			t.Errorf("%s: p_exhaust got %g, want %g", tt.name, got.PExhaust, tt.want)
		}
	}
}

// The quantile and the distribution function are inverses of each other:
// the default rate at quantile q is exceeded with probability 1 − q.
func TestVasicekQuantileInvertsCDF(t *testing.T) {
	for _, rho := range []float64{0.05, 0.2, 0.5} {
		for _, q := range []float64{0.5, Q99, Q999} {
			x := ConditionalDefaultRate(0.02, rho, q)
			got := DefaultRateExceedance(0.02, rho, x)
			if math.Abs(got-(1-q)) > 1e-12 {
				t.Errorf("rho %g q %g: exceedance got %.15g, want %.15g", rho, q, got, 1-q)
			}
		}
	}
}

func TestVasicekValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*VasicekInput)
	}{
		{"ead zero", func(in *VasicekInput) { in.EAD = 0 }},
		{"ead inf", func(in *VasicekInput) { in.EAD = math.Inf(1) }},
		{"pd zero", func(in *VasicekInput) { in.PD = 0 }},
		{"pd one", func(in *VasicekInput) { in.PD = 1 }},
		{"pd nan", func(in *VasicekInput) { in.PD = math.NaN() }},
		{"lgd zero", func(in *VasicekInput) { in.LGD = 0 }},
		{"lgd above one", func(in *VasicekInput) { in.LGD = 1.1 }},
		{"rho zero", func(in *VasicekInput) { in.Rho = 0 }},
		{"rho one", func(in *VasicekInput) { in.Rho = 1 }},
		{"pool negative", func(in *VasicekInput) { in.Pool = -1 }},
		{"share zero", func(in *VasicekInput) { in.PayableShare = 0 }},
		{"share above one", func(in *VasicekInput) { in.PayableShare = 1.5 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := reference(0.2)
			tt.mutate(&in)
			_, err := Vasicek(in)
			if !errors.Is(err, ErrInvalidInput) {
				t.Errorf("got error %v, want ErrInvalidInput", err)
			}
		})
	}
}
