package simulate

import (
	"fmt"
	"time"
)

// Limits of Options.
const (
	LoansMax        = 10_000_000
	BadInputRateMax = 0.2
)

// Options configures a stream. The zero value of each field means its
// default; Validate reports values out of range.
type Options struct {
	// Loans is the number of loans disbursed (default 1000, at most
	// LoansMax). A stream has about ten inputs per loan.
	Loans int
	// Seed selects the stream: the same Options give the same bytes.
	Seed uint64
	// BadInputRate is the share of extra bad inputs per valid one: inputs
	// resent with the same id, malformed amounts, unknown loans,
	// overpayments and garbage lines (default 0.01, at most 0.2).
	BadInputRate float64
	// Clean leaves bad inputs out altogether.
	Clean bool
	// Start is the day the programs open (default 2025-01-02); loans are
	// disbursed over the DisbursementDays that follow.
	Start time.Time
	// DisbursementDays is the lending window (default 730).
	DisbursementDays int
	// Until, when set, ends the stream at that instant: what would happen
	// later is not written, so a replay shows programs in flight (loans
	// running, claims waiting for approval) instead of all loans closed.
	Until time.Time
}

// Validate reports the first option out of range.
func (o Options) Validate() error {
	switch {
	case o.Loans < 0 || o.Loans > LoansMax:
		return fmt.Errorf("simulate: loans %d must be between 1 and %d", o.Loans, LoansMax)
	case o.BadInputRate < 0 || o.BadInputRate > BadInputRateMax:
		return fmt.Errorf("simulate: bad input rate %g must be between 0 and %g", o.BadInputRate, BadInputRateMax)
	case o.DisbursementDays < 0 || o.DisbursementDays > 36500:
		return fmt.Errorf("simulate: disbursement days %d must be between 1 and 36500", o.DisbursementDays)
	}
	return nil
}

// withDefaults fills in the defaults of zero fields.
func (o Options) withDefaults() Options {
	if o.Loans == 0 {
		o.Loans = 1000
	}
	if o.BadInputRate == 0 {
		o.BadInputRate = 0.01
	}
	if o.Clean {
		o.BadInputRate = 0
	}
	if o.Start.IsZero() {
		o.Start = time.Date(2025, 1, 2, 0, 0, 0, 0, chinaTime)
	}
	if o.DisbursementDays == 0 {
		o.DisbursementDays = 730
	}
	return o
}
