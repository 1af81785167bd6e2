package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/techcredit/techcredit/risk/programrisk"
)

// runRiskProgram replays input files like `techcredit replay` and prints
// one program's pool-adequacy report (programrisk.Report) as indented JSON.
// Exit code 2 on a usage error, 1 when a file cannot be read or the
// program does not exist.
func runRiskProgram(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("risk program", stderr)
	rf := addReplayFlags(fs)
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
	if !rf.given() || *programID == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: techcredit risk program --programs P.json --input A.ndjson [--input B.ndjson ...] --program ID [--scenarios N] [--seed S]")
		return 2
	}
	if err := opts.Validate(); err != nil {
		return failed(stderr, "risk program", 2, err)
	}
	engine, err := rf.replay(stderr, true)
	if err != nil {
		return failed(stderr, "risk program", 1, err)
	}
	in, ok := engine.AdequacyInputs(*programID)
	if !ok {
		fmt.Fprintf(stderr, "techcredit risk program: no program %q in %s\n", *programID, rf.programs)
		return 1
	}
	doc, err := programrisk.Build(context.Background(), &in, opts)
	if err != nil {
		return failed(stderr, "risk program", 1, err)
	}
	out, err := programrisk.Marshal(doc)
	if err != nil {
		return failed(stderr, "risk program", 1, err)
	}
	if _, err := stdout.Write(out); err != nil {
		return 1
	}
	return 0
}
