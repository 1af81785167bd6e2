// Package simulate generates synthetic input streams for demos, tests and
// benchmarks: the three kinds of program of SPEC §5, several banks lending to
// technology SMEs, pool funding, repayments, overdue reports, defaults,
// recoveries, claim approvals and roadshow projects, with a small share of
// bad inputs of the kinds banks really send (malformed amounts, unknown
// loans, overpayments, retries of the same input, garbage lines).
//
// A stream is a pure function of its Options: the same seed gives the same
// bytes. It is generated lazily, one event at a time, so a stream of
// millions of inputs needs memory only for the loans still running. The
// generator keeps its own model of what the engine will decide (coverage,
// payables, dual approval), so that every loan it disburses is covered and
// every claim it approves is open: the inputs it means to be rejected are
// counted in Stats.Bad, and a replay rejects exactly those.
//
// The programme documents of the stream and of the fixed scenarios are
// JSON files in programs/, embedded so that the binary carries them; they
// are string variables only because go:embed cannot fill a constant, and
// nothing may change them.
//
// The package uses only the standard library and the constants of the
// ledger and risk packages.
package simulate
