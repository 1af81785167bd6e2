package main

import (
	"fmt"
	"io"
	"time"

	"github.com/techcredit/techcredit/simulate"
	"github.com/techcredit/techcredit/simulate/benchmark"
)

// Targets of issue 2 item 9.
const (
	benchRatioTarget       = 0.5
	benchBytesPerLoanLimit = 1024
)

const benchUsage = "usage: techcredit bench [--loans N] [--seed S] [--rounds R]"

// runBench replays a synthetic stream held in memory and prints the
// engine's rate against the floor of encoding/json decoding the same bytes
// in the same process, with allocations and the heap kept per loan.
func runBench(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("bench", stderr)
	loans := fs.Int("loans", 100_000, "loans in the synthetic stream (about ten inputs each)")
	seed := fs.Uint64("seed", 1, "the stream's seed")
	rounds := fs.Int("rounds", 1, "replays and decodings to run; the fastest of each counts (1-10)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	opts := simulate.Options{Loans: *loans, Seed: *seed}
	if fs.NArg() > 0 || *loans < 1 || *rounds < 1 || *rounds > 10 {
		fmt.Fprintln(stderr, benchUsage)
		return 2
	}
	if err := opts.Validate(); err != nil {
		return failed(stderr, "bench", 2, err)
	}
	start := time.Now()
	s, err := benchmark.Load(opts)
	if err != nil {
		return failed(stderr, "bench", 1, err)
	}
	fmt.Fprintf(stderr, "bench: generated %d inputs over %d loans (%.1f MB) in %.1fs; measuring\n",
		len(s.Lines), s.Stats.Loans, float64(s.Bytes)/1e6, time.Since(start).Seconds())
	r, err := benchmark.Measure(s, *rounds)
	if err != nil {
		return failed(stderr, "bench", 1, err)
	}
	printBench(stdout, r, *seed, *rounds)
	return 0
}

func printBench(w io.Writer, r benchmark.Result, seed uint64, rounds int) {
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT met"
	}
	fmt.Fprintf(w, "techcredit bench: %d inputs over %d loans (seed %d, fastest of %d)\n", r.Inputs, r.Loans, seed, rounds)
	fmt.Fprintf(w, "  engine replay   %10.0f inputs/s  %6.2f µs/input  %6.1f allocs/input  %7.0f B/input\n",
		r.InputsPerSecond(), 1e6/r.InputsPerSecond(), r.AllocsPerInput(), r.BytesPerInput())
	fmt.Fprintf(w, "  json floor      %10.0f inputs/s  %6.2f µs/input  (encoding/json into plain structs, same bytes)\n",
		r.FloorPerSecond(), 1e6/r.FloorPerSecond())
	fmt.Fprintf(w, "  ratio_to_json_floor  %.3f   (target ≥ %.1f: %s; in processor time %.3f)\n", r.Ratio(),
		benchRatioTarget, verdict(r.Ratio() >= benchRatioTarget), r.CPURatio())
	fmt.Fprintf(w, "  heap per loan        %.0f bytes (target ≤ %d: %s)\n", r.HeapPerLoan, benchBytesPerLoanLimit,
		verdict(r.HeapPerLoan <= benchBytesPerLoanLimit))
}
