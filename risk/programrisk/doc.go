// Package programrisk builds a program's pool-adequacy report (GET
// /v1/programs/{id}/risk, `techcredit risk program`): expected loss in
// decimal, and the estimates of risk/adequacy (Vasicek, a seeded Monte
// Carlo, stress scenarios, the highest bearable leverage) on the program's
// covered loans in force.
//
// It reads a risk.AdequacyInputs, plain data that the ledger builds from
// its state (ledger.Engine.AdequacyInputs), so that neither imports the
// other: the ledger stays free of the float64 analytics, and the analytics
// need no engine. The report is pure and deterministic: the same inputs
// and options give the same document, byte for byte.
package programrisk
