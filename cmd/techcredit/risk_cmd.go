package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/techcredit/techcredit/risk/adequacy"
)

const riskUsage = `usage: techcredit risk <subcommand> [flags]

Subcommands:
  vasicek --ead N --pd P --lgd L --rho R --pool N --payable-share S
      pool adequacy of a large homogeneous portfolio under the Vasicek
      one-factor model; prints one JSON object (float64 estimates, not money)
  program --programs P.json --input A.ndjson [--input B.ndjson ...] --program ID
          [--scenarios N] [--seed S]
      replay the inputs with the embedded engine and print the program's
      pool-adequacy report (the document of GET /v1/programs/{id}/risk)
`

// runRiskCommand runs `techcredit risk ...` (args follow "risk") and returns
// the exit code: 0 when it printed a result (or help), 2 on a usage error or
// an out-of-range value.
func runRiskCommand(args []string, stdout, stderr io.Writer) int {
	return dispatch(args, stdout, stderr, "techcredit risk", "subcommand", riskUsage, map[string]command{
		"vasicek": runRiskVasicek,
		"program": runRiskProgram,
	})
}

// runRiskVasicek parses the vasicek flags, all of which are required, and
// prints adequacy.Vasicek's result as indented JSON.
func runRiskVasicek(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("risk vasicek", stderr)
	var in adequacy.VasicekInput
	fs.Float64Var(&in.EAD, "ead", 0, "total exposure at default of the covered portfolio (> 0)")
	fs.Float64Var(&in.PD, "pd", 0, "probability of default, in (0, 1)")
	fs.Float64Var(&in.LGD, "lgd", 0, "loss given default, in (0, 1]")
	fs.Float64Var(&in.Rho, "rho", 0, "asset correlation, in (0, 1)")
	fs.Float64Var(&in.Pool, "pool", 0, "pool balance (≥ 0)")
	fs.Float64Var(&in.PayableShare, "payable-share", 0, "share of each loss the pool pays, in (0, 1]")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "techcredit risk vasicek: unexpected arguments %q\n", fs.Args())
		return 2
	}
	if missing := riskMissingFlags(fs); len(missing) > 0 {
		fmt.Fprintf(stderr, "techcredit risk vasicek: missing required flags: --%s\n", strings.Join(missing, ", --"))
		return 2
	}
	result, err := adequacy.Vasicek(in)
	if err != nil {
		return failed(stderr, "risk vasicek", 2, err)
	}
	out, err := json.MarshalIndent(result, "", "  ")
	if err != nil {
		// Validated input yields finite numbers; anything else is a bug.
		panic(fmt.Sprintf("techcredit risk vasicek: encode result: %v", err))
	}
	if _, err := fmt.Fprintf(stdout, "%s\n", out); err != nil {
		fmt.Fprintf(stderr, "techcredit risk vasicek: write result: %v\n", err)
		return 1
	}
	return 0
}

// riskMissingFlags lists, in name order, the flags of fs that were not set
// on the command line.
func riskMissingFlags(fs *flag.FlagSet) []string {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var missing []string
	fs.VisitAll(func(f *flag.Flag) {
		if !set[f.Name] {
			missing = append(missing, f.Name)
		}
	})
	return missing
}
