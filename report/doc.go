// Package report builds the reports of SPEC §14 (filings, loans, claims,
// subsidies, pool) as tables of typed rows, from an engine folded "as of"
// a date and from what a Recorder saw of each input on the way there.
// It is pure: it imports the ledger and risk, nothing that does I/O; the
// CSV and XLSX writers are in report/export, the journal glue in
// report/replay.
package report
