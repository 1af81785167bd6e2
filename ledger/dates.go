package ledger

import "time"

// DateYearMin is the earliest year of a date in data and of an input's at
// (SPEC §4 "Dates"): no tech-credit program, loan or report predates it,
// and it refuses years such as 0000 that a broken clock or form writes.
const DateYearMin = 1900

// ArrivalLeadMax is how far an input's at may be after its arrival: a
// bank's clock may run ahead, an input may not come from the future.
const ArrivalLeadMax = 24 * time.Hour

// date checks a date of data (*_on, as_of) that may not be after the local
// date of the input's at: a real calendar date from DateYearMin on, else
// bad_date; missing and required, bad_field.
func (f *fields) date(in *Input, name, v string, required bool) {
	f.calendarDate(in, name, v, required)
	if f.rej == nil && v != "" && in.rules >= RulesStrictFields && v > in.localDate() {
		f.fail(CodeBadDate, "%s %s is after the date of at, %s", name, v, in.localDate())
	}
}

// calendarDate checks a date that may be later than at (roadshow_on).
// Under rules before RulesStrictFields a date was only a calendar date,
// of any year, and a bad one was bad_field.
func (f *fields) calendarDate(in *Input, name, v string, required bool) {
	switch {
	case v == "" && required:
		f.fail(CodeBadField, "%s is required", name)
	case v == "":
	case in.rules < RulesStrictFields:
		if !plainDate(v) {
			if _, err := time.Parse(DateLayout, v); err != nil {
				f.fail(CodeBadField, "%s %q must be a date such as 2026-01-05", name, v)
			}
		}
	case !plainDate(v):
		f.fail(CodeBadDate, "%s %q must be a real calendar date such as 2026-01-05", name, v)
	case v < dateYearMinText:
		f.fail(CodeBadDate, "%s %s is before the year %d", name, v, DateYearMin)
	}
}

// dateYearMinText is the first day of DateYearMin: a YYYY-MM-DD date is
// before it exactly when it sorts before it.
var dateYearMinText = time.Date(DateYearMin, 1, 1, 0, 0, 0, 0, time.UTC).Format(DateLayout)

// localDate is the date of at in its own offset (SPEC §15 "Dates"): the
// first ten bytes of its text, since time.RFC3339 parses only texts that
// begin with the date as written, and that costs no allocation per input.
func (in *Input) localDate() string { return in.AtText[:len(DateLayout)] }

// atReject checks the input's at among its fields (SPEC §4): its year is
// DateYearMin or later, and it is at most ArrivalLeadMax after the
// arrival the transport gave (none in a replay of plain files).
func atReject(in *Input) *Reject {
	if in.rules < RulesStrictFields {
		return nil
	}
	if in.At.Year() < DateYearMin {
		return reject(CodeBadDate, "at %s is before the year %d", in.AtText, DateYearMin)
	}
	if !in.arrival.IsZero() && in.At.Sub(in.arrival) > ArrivalLeadMax {
		return reject(CodeBadDate, "at %s is more than %s after the input arrived (%s)",
			in.AtText, ArrivalLeadMax, in.arrival.UTC().Format(time.RFC3339))
	}
	return nil
}

// afterDisbursement is the disbursed_on comparison of SPEC §4: a date of
// an event on a loan is not before the loan's disbursement. It runs after
// already_defaulted and before the rules of §6.
func afterDisbursement(in *Input, loan *Loan, name, v string) *Reject {
	if in.rules < RulesStrictFields || v >= loan.DisbursedOn {
		return nil
	}
	return reject(CodeBadDate, "%s %s is before the loan's disbursed_on %s", name, v, loan.DisbursedOn)
}
