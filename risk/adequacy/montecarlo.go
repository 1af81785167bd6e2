package adequacy

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Limits on one simulation, so that a request can neither exhaust memory nor
// run for hours.
const (
	// MaxScenarios bounds Scenarios; each scenario keeps one float64.
	MaxScenarios = 10_000_000
	// MaxLoans bounds the portfolio size.
	MaxLoans = 1_000_000
	// MaxLoanScenarios bounds loans × scenarios (minutes of work, not hours).
	MaxLoanScenarios = 100_000_000_000
	// MaxBins bounds the histogram's bins.
	MaxBins = 1_000
	// DefaultBins is the histogram's bins when SimulationInput.Bins is 0.
	DefaultBins = 50
	// chunkScenarios is how many consecutive scenarios share one random
	// stream. Fixed, so a result does not depend on the number of workers.
	chunkScenarios = 1024
)

// PayoutRule is what the pool pays when a loan defaults with loss
// L = LGD × EAD: min(Share × L, PerLoanCap) per loan, and in one scenario at
// most PortfolioCap in total.
type PayoutRule struct {
	// Share of the loss the pool pays, in [0, 1]: Σ funder ratios of a
	// compensation pool, a guarantee rate, or the government's share.
	Share float64 `json:"share"`
	// PerLoanCap caps each loan's payout; 0 = no cap.
	PerLoanCap float64 `json:"per_loan_cap"`
	// PortfolioCap caps the scenario's total payout (a capped portfolio
	// guarantee); 0 = no cap.
	PortfolioCap float64 `json:"portfolio_cap"`
}

// SimulationInput is a finite, possibly uneven portfolio and its pool.
type SimulationInput struct {
	// Loans are the exposures; at most MaxLoans.
	Loans []Loan `json:"loans"`
	// LGD is the loss given default, in [0, 1].
	LGD float64 `json:"lgd"`
	// Rho is the asset correlation with the systematic factor, in (0, 1).
	Rho float64 `json:"rho"`
	// PoolBalance is the money in the pool, ≥ 0.
	PoolBalance float64 `json:"pool_balance"`
	// Rule is how much of each loss the pool pays.
	Rule PayoutRule `json:"rule"`
	// Scenarios is the number of one-year scenarios, in [1, MaxScenarios].
	Scenarios int `json:"scenarios"`
	// Seed makes the run reproducible: the same seed and input give the same
	// result with any number of workers (bit for bit on one architecture;
	// compilers may fuse multiply-adds differently on others).
	Seed uint64 `json:"seed"`
	// Bins is the histogram's number of bins, in [0, MaxBins]; 0 = DefaultBins.
	Bins int `json:"bins"`
	// Workers is the number of goroutines; 0 = runtime.GOMAXPROCS(0). It
	// changes the speed, never the result.
	Workers int `json:"-"`
}

// Validate checks every field against its documented range and the limits.
func (in SimulationInput) Validate() error {
	switch {
	case len(in.Loans) > MaxLoans:
		return fmt.Errorf("%w: %d loans, at most %d", ErrLimit, len(in.Loans), MaxLoans)
	case in.Scenarios < 1 || in.Scenarios > MaxScenarios:
		return fmt.Errorf("%w: scenarios %d not in [1, %d]", ErrLimit, in.Scenarios, MaxScenarios)
	case int64(len(in.Loans))*int64(in.Scenarios) > MaxLoanScenarios:
		return fmt.Errorf("%w: %d loans × %d scenarios exceeds %d", ErrLimit, len(in.Loans), in.Scenarios, int64(MaxLoanScenarios))
	case in.Bins < 0 || in.Bins > MaxBins:
		return fmt.Errorf("%w: bins %d not in [0, %d]", ErrLimit, in.Bins, MaxBins)
	case in.Workers < 0:
		return fmt.Errorf("%w: workers %d < 0", ErrInvalidInput, in.Workers)
	case !closedUnit(in.LGD):
		return fmt.Errorf("%w: lgd %v not in [0, 1]", ErrInvalidInput, in.LGD)
	case !openUnit(in.Rho):
		return fmt.Errorf("%w: rho %v not in (0, 1)", ErrInvalidInput, in.Rho)
	case !finiteNonNegative(in.PoolBalance):
		return fmt.Errorf("%w: pool balance %v not a finite amount ≥ 0", ErrInvalidInput, in.PoolBalance)
	case !closedUnit(in.Rule.Share):
		return fmt.Errorf("%w: payout share %v not in [0, 1]", ErrInvalidInput, in.Rule.Share)
	case !finiteNonNegative(in.Rule.PerLoanCap):
		return fmt.Errorf("%w: per-loan cap %v not a finite amount ≥ 0", ErrInvalidInput, in.Rule.PerLoanCap)
	case !finiteNonNegative(in.Rule.PortfolioCap):
		return fmt.Errorf("%w: portfolio cap %v not a finite amount ≥ 0", ErrInvalidInput, in.Rule.PortfolioCap)
	}
	return validateLoans(in.Loans)
}

// SimulationResult describes the distribution of the pool's draw (what the
// pool would have to pay in one year) over the scenarios.
type SimulationResult struct {
	// Scenarios and Seed echo the input, so a report can be replayed.
	Scenarios int    `json:"scenarios"`
	Seed      uint64 `json:"seed"`
	// MeanDraw is the mean pool draw.
	MeanDraw float64 `json:"mean_draw"`
	// DrawQ99 and DrawQ999 are the empirical 99% and 99.9% quantiles of the
	// draw: the smallest draw d with at least q of the scenarios ≤ d.
	DrawQ99  float64 `json:"draw_q99"`
	DrawQ999 float64 `json:"draw_q999"`
	// PExhaust is the fraction of scenarios whose draw exceeds the pool balance.
	PExhaust float64 `json:"p_exhaust"`
	// ShortfallGivenExhaust is the mean of draw − pool balance over the
	// scenarios that exhaust the pool (0 when none does): how much is owed
	// beyond the pool when it runs dry.
	ShortfallGivenExhaust float64 `json:"shortfall_given_exhaust"`
	// MeanShortfall is the mean of max(0, draw − pool balance) over all
	// scenarios, i.e. PExhaust × ShortfallGivenExhaust: the expected unpaid
	// amount per year.
	MeanShortfall float64 `json:"mean_shortfall"`
	// ES99 is the expected shortfall (tail mean) of the draw at 99%: the mean
	// of the draws ranked above DrawQ99, the worst ⌊n/100⌋ or so scenarios;
	// DrawQ99 itself when fewer than 100 scenarios leave that set empty. It
	// does not involve the pool balance.
	ES99 float64 `json:"es99"`
	// Histogram counts the draws for charting.
	Histogram Histogram `json:"histogram"`
}

// Simulate runs a one-factor Monte Carlo over a finite portfolio. In each
// scenario a systematic factor Z ~ N(0, 1) is drawn and loan i defaults when
// εᵢ < (N⁻¹(PDᵢ) − √ρ·Z) / √(1−ρ) with εᵢ ~ N(0, 1) independent (the usual
// √ρ·Z′ + √(1−ρ)·εᵢ < N⁻¹(PDᵢ) with Z′ = −Z, the same distribution). Loans
// are grouped by PD: a group of at least 8 loans computes the conditional
// probability pᵢ(Z) = N((N⁻¹(PDᵢ) − √ρ·Z) / √(1−ρ)) once per scenario, and
// each of its loans then costs one uniform 64-bit draw and one compare; a
// smaller group draws each εᵢ. Both are exact in distribution. A loan with
// PD = 1 defaults in every scenario and one with PD = 0 never does. A
// defaulting loan's draw on the pool is min(Share × LGD × EAD, PerLoanCap);
// a scenario's total is capped at PortfolioCap.
//
// Scenarios are cut into fixed chunks of consecutive scenarios, each with
// its own PCG stream derived from (Seed, chunk index); workers take chunks in
// any order, so the result depends on the seed and the input only. ctx
// cancels a long run between chunks.
func Simulate(ctx context.Context, in SimulationInput) (SimulationResult, error) {
	if err := in.Validate(); err != nil {
		return SimulationResult{}, err
	}
	p := newPlan(in)
	draws := make([]float64, in.Scenarios)
	if err := runChunks(ctx, &p, in.Seed, draws, in.Workers); err != nil {
		return SimulationResult{}, err
	}
	bins := in.Bins
	if bins == 0 {
		bins = DefaultBins
	}
	out := summarize(draws, in.PoolBalance, bins)
	out.Scenarios = in.Scenarios
	out.Seed = in.Seed
	return out, nil
}

// runChunks fills draws, one scenario per element, with workers goroutines
// (0 = GOMAXPROCS) taking chunks from a shared counter. Chunks write disjoint
// parts of draws.
func runChunks(ctx context.Context, p *plan, seed uint64, draws []float64, workers int) error {
	chunks := (len(draws) + chunkScenarios - 1) / chunkScenarios
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, chunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				lo := c * chunkScenarios
				hi := min(lo+chunkScenarios, len(draws))
				p.runChunk(seed, c, draws[lo:hi])
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}

// mustFinite asserts a programmer invariant: the plan only produces finite,
// non-negative draws from validated input.
func mustFinite(x float64) {
	if !(x >= 0) || math.IsInf(x, 1) {
		panic(fmt.Sprintf("adequacy: draw %v is not a finite amount ≥ 0", x))
	}
}
