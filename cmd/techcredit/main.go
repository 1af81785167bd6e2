// Command techcredit runs the tech-credit programs: `replay` applies input
// files with the deterministic engine and prints the state; further commands
// serve the API and stream inputs from Kafka.
package main

import (
	"io"
	"os"
)

const usage = `techcredit: government tech-credit programs (compensation pools, guarantees)

Usage:
  techcredit replay --programs PROGRAMS.json --input A.ndjson [--input B.ndjson ...]
      apply the inputs in order with the embedded engine; print the state (JSON)
  techcredit serve [--data DIR] [--http ADDR] [--metrics-addr ADDR|off] [--programs P.json] [--tokens T.json] [--kafka-brokers B] [--demo]
      run the engine and the API (embedded journal by default; Kafka mode with --kafka-brokers);
      /metrics and /state on --metrics-addr (127.0.0.1:9090) and DIR/control.sock, not on --http
  techcredit state (--data DIR | --kafka-brokers B) [--programs P.json]
      print the state document (SPEC §7) of a deployment's journal, running or stopped
  techcredit history (claim|loan|subsidy) ID (--data DIR | --kafka-brokers B)
      print the journaled inputs that touched a claim, a loan or a subsidy (SPEC §12), as JSON
  techcredit verify (--data DIR | --kafka-brokers B)
      check every journal record: its hash, the chain, and that re-applying it gives its outcome and postings
      (exit 0: all hold; 1: the first record that does not; 2: the journal cannot be read)
  techcredit report KIND (--data DIR | --kafka-brokers B) [--from D --to D --program P --bank B --format json|csv|xlsx --out FILE]
      write a report (SPEC §14: filings, loans, claims, subsidies, pool) of a journal; progress on stderr
  techcredit ingest (--kafka-brokers B | --http URL --token T) FILE...
      send NDJSON inputs as a bank would, with progress and a count per outcome
  techcredit devkafka [--listen 127.0.0.1:9092] [--data DIR]
      a local Kafka-protocol broker for trying the Kafka mode (NOT durable, not for production)
  techcredit risk vasicek --ead N --pd P --lgd L --rho R --pool N --payable-share S
      pool adequacy under the Vasicek one-factor model (JSON)
  techcredit risk program --programs P.json --input A.ndjson [--input ...] --program ID [--scenarios N] [--seed S]
      replay the inputs; print the program's pool-adequacy report (JSON, as GET /v1/programs/{id}/risk)
  techcredit simulate --loans N --seed S --out DIR
      write a synthetic stream: DIR/programs.json and DIR/inputs.ndjson
  techcredit bench [--loans N] [--seed S]
      replay a synthetic stream in memory; report inputs/s against the encoding/json floor
  techcredit help
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches a command line and returns the exit code: 0 when the
// command ran, 1 when it failed, 2 on a usage error.
func run(args []string, stdout, stderr io.Writer) int {
	return dispatch(args, stdout, stderr, "techcredit", "command", usage, map[string]command{
		"replay":   runReplay,
		"risk":     runRiskCommand,
		"simulate": runSimulate,
		"bench":    runBench,
		"serve":    runServe,
		"state":    runState,
		"report":   runReport,
		"verify":   runVerify,
		"history":  runHistory,
		"ingest":   runIngest,
		"devkafka": runDevKafka,
	})
}
