package adequacy

import (
	"math"
	"testing"
)

func TestNormInvKnownValues(t *testing.T) {
	tests := []struct {
		p, want float64
	}{
		{0.5, 0},
		{0.975, 1.959963984540054},
		{0.99, 2.326347874040841},
		{0.999, 3.090232306167813},
		{0.02, -2.053748910631823},
		{1e-10, -6.361340902404056},
	}
	for _, tt := range tests {
		got := normInv(tt.p)
		if math.Abs(got-tt.want) > 1e-12*math.Max(1, math.Abs(tt.want)) {
			t.Errorf("normInv(%g): got %.16g, want %.16g", tt.p, got, tt.want)
		}
	}
}

func TestNormInvRoundTrip(t *testing.T) {
	for _, p := range []float64{1e-300, 1e-100, 1e-15, 1e-8, 2e-8, 1e-9, 1e-4, 0.02, 0.3, 0.5, 0.7, 0.98, 0.9999} {
		got := normCDF(normInv(p))
		if math.Abs(got-p) > 1e-13*p {
			t.Errorf("normCDF(normInv(%g)): got %.17g, want %.17g", p, got, p)
		}
	}
}

func TestNormInvEdges(t *testing.T) {
	tests := []struct {
		p    float64
		want float64
	}{
		{0, math.Inf(-1)},
		{1, math.Inf(1)},
	}
	for _, tt := range tests {
		if got := normInv(tt.p); got != tt.want {
			t.Errorf("normInv(%g): got %g, want %g", tt.p, got, tt.want)
		}
	}
	for _, p := range []float64{-0.1, 1.1, math.NaN()} {
		if got := normInv(p); !math.IsNaN(got) {
			t.Errorf("normInv(%g): got %g, want NaN", p, got)
		}
	}
}
