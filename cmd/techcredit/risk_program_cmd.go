package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk/programrisk"
)

// runRiskProgram replays input files like `techcredit replay` and prints
// one program's pool-adequacy report (programrisk.Report) as indented JSON.
// Exit code 2 on a usage error, 1 when a file cannot be read or the
// program does not exist.
func runRiskProgram(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("risk program", stderr)
	programsPath := fs.String("programs", "", "programs file (JSON, SPEC §5)")
	var inputs stringList
	fs.Var(&inputs, "input", "NDJSON input file, applied in order (repeatable)")
	programID := fs.String("program", "", "id of the program to report on")
	opts := programrisk.DefaultOptions()
	fs.IntVar(&opts.Scenarios, "scenarios", opts.Scenarios, fmt.Sprintf("Monte Carlo scenarios, 1 to %d", programrisk.ScenariosMax))
	fs.Uint64Var(&opts.Seed, "seed", opts.Seed, "seed of the Monte Carlo (the same seed and inputs give the same report)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *programsPath == "" || len(inputs) == 0 || *programID == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: techcredit risk program --programs P.json --input A.ndjson [--input B.ndjson ...] --program ID [--scenarios N] [--seed S]")
		return 2
	}
	if err := opts.Validate(); err != nil {
		fmt.Fprintf(stderr, "techcredit risk program: %v\n", err)
		return 2
	}
	cfg, err := loadPrograms(*programsPath)
	if err != nil {
		fmt.Fprintf(stderr, "techcredit risk program: %v\n", err)
		return 1
	}
	engine := ledger.NewEngine(cfg)
	progress := newReplayProgress(stderr, true, engine)
	for _, path := range inputs {
		if err := replayFile(engine, path, progress); err != nil {
			fmt.Fprintf(stderr, "techcredit risk program: %v\n", err)
			return 1
		}
	}
	in, ok := engine.AdequacyInputs(*programID)
	if !ok {
		fmt.Fprintf(stderr, "techcredit risk program: no program %q in %s\n", *programID, *programsPath)
		return 1
	}
	doc, err := programrisk.Build(context.Background(), &in, opts)
	if err != nil {
		fmt.Fprintf(stderr, "techcredit risk program: %v\n", err)
		return 1
	}
	out, err := programrisk.Marshal(doc)
	if err != nil {
		fmt.Fprintf(stderr, "techcredit risk program: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(out); err != nil {
		return 1
	}
	return 0
}
