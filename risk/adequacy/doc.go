// Package adequacy estimates whether a risk-compensation pool or a capped
// guarantee can carry its portfolio: the Vasicek one-factor closed form for
// large homogeneous portfolios, a seeded Monte Carlo with one systematic
// factor for finite uneven portfolios, stress scenarios, and the highest
// leverage a pool can carry at a chosen exhaustion probability. What is
// exact (expected loss by sector and bank, fund leverage: loans supported
// per yuan of government money) is computed in decimal by risk/programrisk.
//
// Amounts here are float64 on purpose: every number this package returns is a
// probabilistic estimate for planning and dashboards, never a booked amount.
// Booked money lives in the ledger as decimal.Decimal; do not feed these
// values back into postings.
//
// The package is pure: it imports only the standard library, reads no clock,
// does no I/O and logs nothing. The Monte Carlo is deterministic for a given
// seed, whatever the number of workers.
package adequacy
