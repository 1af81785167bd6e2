package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func runReplay(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("replay", stderr)
	rf := addReplayFlags(fs)
	quiet := fs.Bool("quiet", false, "no progress lines on stderr")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !rf.given() || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: techcredit replay --programs PROGRAMS.json --input A.ndjson [--input B.ndjson ...]")
		return 2
	}
	engine, err := rf.replay(stderr, *quiet)
	if err != nil {
		return failed(stderr, "replay", 1, err)
	}
	out, err := ledger.MarshalState(engine.State())
	if err != nil {
		return failed(stderr, "replay", 1, err)
	}
	if _, err := stdout.Write(out); err != nil {
		return 1
	}
	return 0
}

// replayFlags name what replay and risk program fold: a programs file and
// input files, applied in order.
type replayFlags struct {
	programs string
	inputs   stringList
}

func addReplayFlags(fs *flag.FlagSet) *replayFlags {
	r := &replayFlags{}
	fs.StringVar(&r.programs, "programs", "", "programs file (JSON, SPEC §5)")
	fs.Var(&r.inputs, "input", "NDJSON input file, applied in order (repeatable)")
	return r
}

// given reports whether both the programs and at least one input are.
func (r *replayFlags) given() bool { return r.programs != "" && len(r.inputs) > 0 }

// replay applies the inputs to a new engine of the programs, with the
// engine's counts on stderr while it runs unless quiet.
func (r *replayFlags) replay(stderr io.Writer, quiet bool) (*ledger.Engine, error) {
	cfg, err := loadPrograms(r.programs)
	if err != nil {
		return nil, err
	}
	engine := ledger.NewEngine(cfg)
	progress := newReplayProgress(stderr, quiet, engine)
	for _, path := range r.inputs {
		if err := replayFile(engine, path, progress); err != nil {
			return nil, err
		}
	}
	progress.done()
	return engine, nil
}

func loadPrograms(path string) (*risk.Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cfg, err := risk.ParsePrograms(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// replayFile applies every non-blank line of an NDJSON file in order.
func replayFile(engine *ledger.Engine, path string, progress *progressLine) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	lines := NewLineReader(f, ledger.InputBytesMax)
	for {
		line, err := lines.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if _, err := engine.Apply(line, ledger.Meta{}); err != nil {
			return fmt.Errorf("%s line %d: %w", path, lines.Number(), err)
		}
		progress.tick()
	}
}

// newReplayProgress reports the engine's counts while a replay runs.
func newReplayProgress(w io.Writer, quiet bool, e *ledger.Engine) *progressLine {
	return newProgressLine(w, quiet, 4096, func(_ int, elapsed time.Duration) string {
		inputs, applied, dups, rejected := e.Counts()
		return fmt.Sprintf("replay: %d inputs (%d applied, %d duplicates, %d rejected), %.0f inputs/s",
			inputs, applied, dups, rejected, perSecond(inputs, elapsed))
	})
}
