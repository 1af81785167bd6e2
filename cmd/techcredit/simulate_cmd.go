package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/techcredit/techcredit/simulate"
)

const simulateUsage = "usage: techcredit simulate --loans N --seed S --out DIR [--until YYYY-MM-DD] [--bad-rate R | --clean] [--quiet]\n" +
	"       techcredit simulate --scenario filing|subsidy|review|fund --out DIR"

// scenarios are the fixed streams --scenario writes: each a programs file
// and its inputs, some of them refused as the scenario means them to be.
var scenarios = map[string]func() ([]byte, []simulate.Step){
	"filing":  simulate.FilingScenario,
	"subsidy": simulate.SubsidyScenario,
	"review":  simulate.ReviewScenario,
	"fund":    func() ([]byte, []simulate.Step) { return []byte(simulate.FundProgramsJSON), simulate.FundScenario() },
}

// runSimulate writes a synthetic stream: DIR/programs.json and
// DIR/inputs.ndjson, then a summary line on stdout. Progress goes to stderr
// every progressEvery while it runs.
func runSimulate(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("simulate", stderr)
	loans := fs.Int("loans", 1000, "number of loans (about ten inputs each)")
	seed := fs.Uint64("seed", 1, "the stream's seed: the same seed writes the same bytes")
	out := fs.String("out", "", "directory to write programs.json and inputs.ndjson into (created if missing)")
	badRate := fs.Float64("bad-rate", 0.01, "share of extra bad inputs (duplicates, malformed, garbage)")
	clean := fs.Bool("clean", false, "no bad inputs at all")
	until := fs.String("until", "", "end the stream after this day (YYYY-MM-DD, China time): programs in flight")
	quiet := fs.Bool("quiet", false, "no progress lines on stderr")
	scenario := fs.String("scenario", "", "write a fixed scenario instead (filing: SPEC §10; subsidy: the interest subsidy, SPEC §11; review: claim dossiers and their review, SPEC §12; fund: the transformation fund, SPEC §13); the other flags but --out are not used")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *scenario != "" {
		return writeScenario(*scenario, *out, fs.NArg(), stdout, stderr)
	}
	opts := simulate.Options{Loans: *loans, Seed: *seed, BadInputRate: *badRate, Clean: *clean}
	if *until != "" {
		day, err := time.ParseInLocation(time.DateOnly, *until, time.FixedZone("CST", 8*3600))
		if err != nil {
			fmt.Fprintf(stderr, "techcredit simulate: --until %q is not a date such as 2026-06-30\n", *until)
			return 2
		}
		opts.Until = day.Add(24*time.Hour - time.Second)
	}
	if *out == "" || fs.NArg() > 0 || *loans < 1 {
		fmt.Fprintln(stderr, simulateUsage)
		return 2
	}
	if err := opts.Validate(); err != nil {
		return failed(stderr, "simulate", 2, err)
	}
	start := time.Now()
	stats, err := writeSimulation(*out, opts, stderr, *quiet)
	if err != nil {
		return failed(stderr, "simulate", 1, err)
	}
	fmt.Fprintf(stdout, "simulate: wrote %s and %s: %d inputs (%d loans, %d borrowers, %d claims, %d projects; %d resent, %d bad) in %.1fs\n",
		filepath.Join(*out, "programs.json"), filepath.Join(*out, "inputs.ndjson"), stats.Inputs, stats.Loans,
		stats.Borrowers, sumCounts(stats.Claims), stats.Projects, stats.Resent, stats.Rejected(), time.Since(start).Seconds())
	return 0
}

// writeSimulation writes both files through temporary names, so that an
// interrupted run never leaves a stream that looks complete.
func writeSimulation(dir string, opts simulate.Options, stderr io.Writer, quiet bool) (simulate.Stats, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return simulate.Stats{}, err
	}
	programs, stream := simulate.Generate(opts)
	progress := newProgressLine(stderr, quiet, 8192, func(n int, elapsed time.Duration) string {
		disbursed, total := stream.Done()
		return fmt.Sprintf("simulate: %d of %d loans disbursed (%.0f%%), %d inputs, %.0f inputs/s",
			disbursed, total, 100*float64(disbursed)/float64(max(total, 1)), n, perSecond(int64(n), elapsed))
	})
	if err := writeFileAtomic(filepath.Join(dir, "programs.json"), func(w io.Writer) error {
		_, err := w.Write(programs)
		return err
	}); err != nil {
		return simulate.Stats{}, err
	}
	err := writeFileAtomic(filepath.Join(dir, "inputs.ndjson"), func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 256<<10)
		for line := range stream.All() {
			bw.Write(line)
			if err := bw.WriteByte('\n'); err != nil {
				return err
			}
			progress.tick()
		}
		return bw.Flush()
	})
	progress.done()
	return stream.Stats(), err
}

func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.Rename(tmp, path)
}

func sumCounts(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

// writeScenario writes the fixed scenario name to dir.
func writeScenario(name, dir string, extra int, stdout, stderr io.Writer) int {
	build, ok := scenarios[name]
	if !ok || dir == "" || extra > 0 {
		fmt.Fprintln(stderr, simulateUsage)
		return 2
	}
	programs, steps := build()
	refused := 0
	err := os.MkdirAll(dir, 0o755)
	if err == nil {
		err = writeFileAtomic(filepath.Join(dir, "programs.json"), func(w io.Writer) error {
			_, err := w.Write(programs)
			return err
		})
	}
	if err == nil {
		err = writeFileAtomic(filepath.Join(dir, "inputs.ndjson"), func(w io.Writer) error {
			bw := bufio.NewWriter(w)
			for _, st := range steps {
				bw.Write(st.Line)
				bw.WriteByte('\n')
				if st.Code != 0 {
					refused++
				}
			}
			return bw.Flush()
		})
	}
	if err != nil {
		return failed(stderr, "simulate", 1, err)
	}
	fmt.Fprintf(stdout, "simulate: wrote %s and %s: the %s scenario, %d inputs (%d refused by design)\n",
		filepath.Join(dir, "programs.json"), filepath.Join(dir, "inputs.ndjson"), name, len(steps), refused)
	return 0
}
