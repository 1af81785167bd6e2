package adequacy

import (
	"math"
	"slices"
	"testing"
)

func TestQuantileRank(t *testing.T) {
	tests := []struct {
		n, num, den, want int
	}{
		{1000, 99, 100, 990},
		{1000, 999, 1000, 999},
		{1050, 99, 100, 1040},
		{1, 99, 100, 1},
		{50, 99, 100, 50},
		{10_000_000, 999, 1000, 9_990_000},
	}
	for _, tt := range tests {
		if got := quantileRank(tt.n, tt.num, tt.den); got != tt.want {
			t.Errorf("quantileRank(%d, %d/%d): got %d, want %d", tt.n, tt.num, tt.den, got, tt.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	// Draws 1…1000 in reverse order; pool 995.
	draws := make([]float64, 1000)
	for i := range draws {
		draws[i] = float64(1000 - i)
	}
	got := summarize(draws, 995, 4)
	tests := []struct {
		name      string
		got, want float64
	}{
		{"mean_draw", got.MeanDraw, 500.5},
		{"draw_q99", got.DrawQ99, 990},
		{"draw_q999", got.DrawQ999, 999},
		{"es99 (mean of 991…1000)", got.ES99, 995.5},
		{"p_exhaust (996…1000)", got.PExhaust, 0.005},
		{"shortfall_given_exhaust (1…5)", got.ShortfallGivenExhaust, 3},
		{"mean_shortfall", got.MeanShortfall, 0.015},
		{"histogram lo", got.Histogram.Lo, 1},
		{"histogram hi", got.Histogram.Hi, 1000},
		{"histogram bin width", got.Histogram.BinWidth, 249.75},
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-9 {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if want := []int{250, 250, 250, 250}; !slices.Equal(got.Histogram.Counts, want) {
		t.Errorf("histogram counts: got %v, want %v", got.Histogram.Counts, want)
	}
}

func TestSummarizeFewScenarios(t *testing.T) {
	got := summarize([]float64{3, 1, 2}, 0, 2)
	if got.DrawQ99 != 3 || got.DrawQ999 != 3 || got.ES99 != 3 {
		t.Errorf("q99, q999, es99: got %v, %v, %v, want 3, 3, 3", got.DrawQ99, got.DrawQ999, got.ES99)
	}
	if want := []int{1, 2}; !slices.Equal(got.Histogram.Counts, want) {
		t.Errorf("histogram counts: got %v, want %v", got.Histogram.Counts, want)
	}
}
