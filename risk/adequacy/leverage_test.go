package adequacy

import (
	"errors"
	"math"
	"testing"
)

func TestMaxLeverageAtReference(t *testing.T) {
	// The reference pool: 100 million covered over a 5 million pool is 20×,
	// and exhausts with probability 0.012781070 (rho 0.2).
	got, err := MaxLeverageAt(0.012781070202931436, 0.02, 0.6, 0.2, 0.7)
	if err != nil {
		t.Fatalf("got error %v, want nil", err)
	}
	if math.Abs(got-20) > 1e-6 {
		t.Errorf("leverage: got %.9g, want 20", got)
	}
}

// The closed form must agree with a bisection on Vasicek itself, scaling the
// covered EAD over a fixed pool.
func TestMaxLeverageAtMatchesBisection(t *testing.T) {
	tests := []struct {
		target, pd, lgd, rho, share float64
	}{
		{0.01, 0.02, 0.6, 0.2, 0.7},
		{0.001, 0.02, 0.6, 0.2, 0.7},
		{0.05, 0.05, 0.45, 0.12, 0.5},
		{1e-6, 0.01, 1, 0.3, 1},
	}
	for _, tt := range tests {
		got, err := MaxLeverageAt(tt.target, tt.pd, tt.lgd, tt.rho, tt.share)
		if err != nil {
			t.Fatalf("%+v: got error %v, want nil", tt, err)
		}
		const pool = 1_000_000.0
		pExhaust := func(leverage float64) float64 {
			r, err := Vasicek(VasicekInput{EAD: leverage * pool, PD: tt.pd, LGD: tt.lgd, Rho: tt.rho, Pool: pool, PayableShare: tt.share})
			if err != nil {
				t.Fatalf("Vasicek: got error %v, want nil", err)
			}
			return r.PExhaust
		}
		lo, hi := 1e-3, 1e6
		for range 200 {
			mid := math.Sqrt(lo * hi)
			if pExhaust(mid) <= tt.target {
				lo = mid
			} else {
				hi = mid
			}
		}
		if math.Abs(got-lo) > 1e-9*lo {
			t.Errorf("%+v: got %.12g, want %.12g (bisection)", tt, got, lo)
		}
	}
}

func TestMaxLeverageAtRejects(t *testing.T) {
	tests := []struct {
		name                        string
		target, pd, lgd, rho, share float64
	}{
		{"target zero", 0, 0.02, 0.6, 0.2, 0.7},
		{"target one", 1, 0.02, 0.6, 0.2, 0.7},
		{"pd zero", 0.01, 0, 0.6, 0.2, 0.7},
		{"lgd zero", 0.01, 0.02, 0, 0.2, 0.7},
		{"rho one", 0.01, 0.02, 0.6, 1, 0.7},
		{"share zero", 0.01, 0.02, 0.6, 0.2, 0},
	}
	for _, tt := range tests {
		_, err := MaxLeverageAt(tt.target, tt.pd, tt.lgd, tt.rho, tt.share)
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: got error %v, want ErrInvalidInput", tt.name, err)
		}
	}
}
