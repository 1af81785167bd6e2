package programrisk

import (
	"fmt"

	"github.com/techcredit/techcredit/risk/adequacy"
)

// Defaults and limits of Build: one report runs up to four Monte
// Carlo simulations (the portfolio and three stress scenarios), each
// bounded in scenarios and in loans × scenarios, so that a request finishes
// in seconds whatever the portfolio.
const (
	// ScenariosDefault is the scenarios of one simulation.
	ScenariosDefault = 20_000
	// ScenariosMax bounds Options.Scenarios.
	ScenariosMax = 20_000
	// LoanScenariosMax bounds loans × scenarios of one simulation: a
	// larger portfolio runs fewer scenarios, never fewer than
	// ScenariosMin (the report says how many it ran).
	LoanScenariosMax = 100_000_000
	// ScenariosMin is the fewest scenarios a report runs: enough for a
	// 99.9% quantile to rest on one scenario at least.
	ScenariosMin = 1_000
	// SeedDefault is the simulation's seed: fixed, so that the same
	// state always gives the same report.
	SeedDefault = 20260101
	// Bins is the histogram's number of bins.
	Bins = 40
	// ExhaustTarget is the exhaustion probability at which the highest
	// bearable leverage is reported (one year in a hundred).
	ExhaustTarget = 0.01
	// Stress multipliers of the PDs: all of them, then the largest sector's.
	StressPDFactor     = 2
	StressSectorFactor = 3
)

// Options tune one report. The zero value is not valid: start from
// DefaultOptions.
type Options struct {
	// Scenarios of each simulation, in [1, ScenariosMax]; fewer run when
	// the portfolio is large (LoanScenariosMax).
	Scenarios int
	// Seed of every simulation (the stress scenarios share it, so that they
	// differ from the base run only by their stress).
	Seed uint64
	// Workers is the goroutines of a simulation; 0 = GOMAXPROCS. It changes
	// the speed, never the report.
	Workers int
}

// DefaultOptions are the options the API uses.
func DefaultOptions() Options {
	return Options{Scenarios: ScenariosDefault, Seed: SeedDefault}
}

// Validate checks the options against their limits.
func (o Options) Validate() error {
	if o.Scenarios < 1 || o.Scenarios > ScenariosMax {
		return fmt.Errorf("%w: scenarios %d not in [1, %d]", adequacy.ErrLimit, o.Scenarios, ScenariosMax)
	}
	if o.Workers < 0 {
		return fmt.Errorf("%w: workers %d < 0", adequacy.ErrInvalidInput, o.Workers)
	}
	return nil
}

// scenariosFor is the scenarios a simulation of this many loans runs:
// the requested number, cut so that loans × scenarios stays within
// LoanScenariosMax, never below ScenariosMin (nor above the
// request).
func scenariosFor(loans, requested int) int {
	if loans > 0 && int64(loans)*int64(requested) > LoanScenariosMax {
		return min(requested, max(ScenariosMin, LoanScenariosMax/loans))
	}
	return requested
}
