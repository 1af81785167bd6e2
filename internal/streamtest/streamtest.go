package streamtest

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
)

// PlainEngine is a fresh engine of the programs file: what a writer's
// outcomes and states are compared with.
func PlainEngine(t testing.TB, programs []byte) *ledger.Engine {
	t.Helper()
	return ledger.NewEngine(ParsePrograms(t, programs))
}

// ParsePrograms parses a programs file under the current rules.
func ParsePrograms(t testing.TB, programs []byte) *risk.Config {
	t.Helper()
	cfg, err := risk.ParsePrograms(bytes.NewReader(programs))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// ReplayState is the state document of a plain replay of the lines.
func ReplayState(t testing.TB, programs []byte, lines [][]byte) []byte {
	t.Helper()
	e := PlainEngine(t, programs)
	for _, l := range lines {
		if _, err := e.Apply(l, ledger.Meta{}); err != nil {
			t.Fatal(err)
		}
	}
	out, _ := ledger.MarshalState(e.State())
	return out
}

// SimLines is a simulated stream of about ten inputs per loan, 3 % of them
// bad.
func SimLines(t testing.TB, loans int, seed uint64) (programs []byte, lines [][]byte) {
	t.Helper()
	return generated(simulate.Options{Loans: loans, Seed: seed, BadInputRate: 0.03})
}

// BenchLines is the benchmarks' stream: simulated from seed 1, about ten
// inputs per loan, none of them bad.
func BenchLines(b testing.TB, loans int) (programs []byte, lines [][]byte) {
	b.Helper()
	return generated(simulate.Options{Loans: loans, Seed: 1})
}

// generated is the simulator's programs and stream, each line a copy.
func generated(opts simulate.Options) (programs []byte, lines [][]byte) {
	programs, s := simulate.Generate(opts)
	for l := range s.All() {
		lines = append(lines, append([]byte(nil), l...))
	}
	return programs, lines
}

// QuietLogger discards the log, unless TECHCREDIT_TEST_LOG is set: then it
// writes to stderr.
func QuietLogger() *slog.Logger {
	if os.Getenv("TECHCREDIT_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// WaitFor polls cond every 20 ms until it holds or the deadline passes.
func WaitFor(t testing.TB, what string, deadline time.Duration, cond func() bool) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out after %s waiting for %s", deadline, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ProcessorTime is the process's user and system time so far: benchmarks
// report what a way of working costs the cores, apart from how busy the
// machine is.
func ProcessorTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
