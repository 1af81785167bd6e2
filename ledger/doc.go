// Package ledger is the book of record of the tech-credit programs: a
// double-entry book of decimal amounts, the loans, guarantees and claims, and
// the deterministic engine that applies inputs to them one at a time.
//
// It imports only the standard library, shopspring/decimal and risk. It does
// no I/O and reads no clock: the same inputs in the same order give the same
// state, byte for byte, which is what `techcredit replay` relies on.
package ledger
