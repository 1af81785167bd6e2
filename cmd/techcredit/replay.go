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

// progressEvery is how often a long replay reports progress on stderr.
const progressEvery = 2 * time.Second

func runReplay(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	fs.SetOutput(stderr)
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
	progress := newProgress(stderr, *quiet)
	for _, path := range inputs {
		if err := replayFile(engine, path, progress); err != nil {
			fmt.Fprintf(stderr, "techcredit replay: %v\n", err)
			return 1
		}
	}
	progress.done(engine)
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
func replayFile(engine *ledger.Engine, path string, progress *progress) error {
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
		progress.tick(engine)
	}
}

// progress prints a line to stderr every progressEvery while a replay runs.
type progress struct {
	w     io.Writer
	quiet bool
	start time.Time
	last  time.Time
	n     int
}

func newProgress(w io.Writer, quiet bool) *progress {
	now := time.Now()
	return &progress{w: w, quiet: quiet, start: now, last: now}
}

func (p *progress) tick(e *ledger.Engine) {
	p.n++
	if p.quiet || p.n%4096 != 0 || time.Since(p.last) < progressEvery {
		return
	}
	p.last = time.Now()
	p.print(e)
}

func (p *progress) done(e *ledger.Engine) {
	if !p.quiet && time.Since(p.start) >= progressEvery {
		p.print(e)
	}
}

func (p *progress) print(e *ledger.Engine) {
	inputs, applied, dups, rejected := e.Counts()
	secs := time.Since(p.start).Seconds()
	fmt.Fprintf(p.w, "replay: %d inputs (%d applied, %d duplicates, %d rejected), %.0f inputs/s\n",
		inputs, applied, dups, rejected, float64(inputs)/secs)
}
