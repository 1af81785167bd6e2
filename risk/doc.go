// Package risk holds the rules of the tech-credit programs as pure functions
// over decimal amounts: money parsing and rounding, the split of a loss between
// parties, compensation payouts and caps, pool and guarantor leverage, and the
// program definitions that parameterise them.
//
// It imports only the standard library and shopspring/decimal: no I/O, no
// logging, no clock. Every function here returns the same result for the same
// arguments, which is what makes a replay byte-identical.
package risk
