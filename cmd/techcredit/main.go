// Command techcredit runs the tech-credit programs: `replay` applies input
// files with the deterministic engine and prints the state; further commands
// serve the API and stream inputs from Kafka.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `techcredit: government tech-credit programs (compensation pools, guarantees)

Usage:
  techcredit replay --programs PROGRAMS.json --input A.ndjson [--input B.ndjson ...]
      apply the inputs in order with the embedded engine; print the state (JSON)
  techcredit risk vasicek --ead N --pd P --lgd L --rho R --pool N --payable-share S
      pool adequacy under the Vasicek one-factor model (JSON)
  techcredit help
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches a command line and returns the exit code: 0 when the
// command ran, 1 when it failed, 2 on a usage error.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "replay":
		return runReplay(args[1:], stdout, stderr)
	case "risk":
		return runRiskCommand(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "techcredit: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}
