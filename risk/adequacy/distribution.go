package adequacy

import "slices"

// Histogram counts draws in equal-width bins from Lo to Hi. Bin i covers
// [Lo + i·BinWidth, Lo + (i+1)·BinWidth), the last bin also holds Hi. When
// every draw is equal, Lo = Hi, BinWidth = 0 and the first bin holds them all.
type Histogram struct {
	Lo       float64 `json:"lo"`
	Hi       float64 `json:"hi"`
	BinWidth float64 `json:"bin_width"`
	Counts   []int   `json:"counts"`
}

// summarize computes a SimulationResult's statistics from the draws, which it
// sorts in place. Sums run in scenario order before the sort, so they are as
// reproducible as the draws.
func summarize(draws []float64, pool float64, bins int) SimulationResult {
	n := len(draws)
	var sum, over float64
	exhausted := 0
	for _, d := range draws {
		sum += d
		if d > pool {
			exhausted++
			over += d - pool
		}
	}
	out := SimulationResult{
		MeanDraw:      sum / float64(n),
		PExhaust:      float64(exhausted) / float64(n),
		MeanShortfall: over / float64(n),
	}
	if exhausted > 0 {
		out.ShortfallGivenExhaust = over / float64(exhausted)
	}
	slices.Sort(draws)
	r99 := quantileRank(n, 99, 100)
	out.DrawQ99 = draws[r99-1]
	out.DrawQ999 = draws[quantileRank(n, 999, 1000)-1]
	out.ES99 = out.DrawQ99
	if tail := draws[r99:]; len(tail) > 0 {
		var s float64
		for _, d := range tail {
			s += d
		}
		out.ES99 = s / float64(len(tail))
	}
	out.Histogram = histogram(draws, bins)
	return out
}

// quantileRank is ⌈n·num/den⌉, clamped to [1, n]: the 1-based rank of the
// empirical num/den quantile among n sorted values, in exact integer
// arithmetic (n ≤ MaxScenarios, so no overflow).
func quantileRank(n, num, den int) int {
	r := (n*num + den - 1) / den
	return max(1, min(r, n))
}

// histogram bins sorted draws.
func histogram(sorted []float64, bins int) Histogram {
	h := Histogram{Lo: sorted[0], Hi: sorted[len(sorted)-1], Counts: make([]int, bins)}
	h.BinWidth = (h.Hi - h.Lo) / float64(bins)
	for _, d := range sorted {
		i := 0
		if h.BinWidth > 0 {
			i = min(int((d-h.Lo)/h.BinWidth), bins-1)
		}
		h.Counts[i]++
	}
	return h
}
