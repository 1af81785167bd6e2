package main

import (
	"errors"
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
	programsPath := fs.String("programs", "", "programs file (JSON, SPEC §5)")
	var inputs stringList
	fs.Var(&inputs, "input", "NDJSON input file, applied in order (repeatable)")
	quiet := fs.Bool("quiet", false, "no progress lines on stderr")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *programsPath == "" || len(inputs) == 0 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: techcredit replay --programs PROGRAMS.json --input A.ndjson [--input B.ndjson ...]")
		return 2
	}
	cfg, err := loadPrograms(*programsPath)
	if err != nil {
		fmt.Fprintf(stderr, "techcredit replay: %v\n", err)
		return 1
	}
	engine := ledger.NewEngine(cfg)
	progress := newReplayProgress(stderr, *quiet, engine)
	for _, path := range inputs {
		if err := replayFile(engine, path, progress); err != nil {
			fmt.Fprintf(stderr, "techcredit replay: %v\n", err)
			return 1
		}
	}
	progress.done()
	out, err := ledger.MarshalState(engine.State())
	if err != nil {
		fmt.Fprintf(stderr, "techcredit replay: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(out); err != nil {
		return 1
	}
	return 0
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
