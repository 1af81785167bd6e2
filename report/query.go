package report

import (
	"errors"
	"fmt"
	"time"
)

// The kinds of report. KindFundInvestments is the funds report's second
// table: a row per investment beside the funds' row per fund.
const (
	KindFilings     = "filings"
	KindLoans       = "loans"
	KindClaims      = "claims"
	KindSubsidies   = "subsidies"
	KindPool        = "pool"
	KindFunds       = "funds"
	KindProjects    = "projects"
	KindEnterprises = "enterprises"

	KindFundInvestments = "fund_investments"
)

// Kinds lists the kinds Build knows, in the order the docs list them.
var Kinds = []string{KindFilings, KindLoans, KindClaims, KindSubsidies, KindPool, KindFunds, KindFundInvestments, KindProjects, KindEnterprises}

// ErrUnknownKind: no such report (yet).
var ErrUnknownKind = errors.New("unknown report")

// ErrBadQuery: a malformed from or to, or from after to.
var ErrBadQuery = errors.New("bad report query")

// Query selects a report's rows. From and To are inclusive dates
// (YYYY-MM-DD); empty: the journal's first and last input dates. Program
// and Bank, when set, keep only that program's and that bank's rows (a
// bank's own reports always set Bank). Fund, when set, keeps only that
// fund's rows of the funds kinds (a fund's own reports always set it);
// program and bank do not apply to them.
type Query struct {
	Kind    string
	Program string
	Bank    string
	Fund    string
	From    string
	To      string
}

// Validate checks the kind and the dates.
func (q Query) Validate() error {
	known := false
	for _, k := range Kinds {
		known = known || k == q.Kind
	}
	if !known {
		return fmt.Errorf("%w %q: kinds are %v", ErrUnknownKind, q.Kind, Kinds)
	}
	for name, d := range map[string]string{"from": q.From, "to": q.To} {
		if d != "" && !isDate(d) {
			return fmt.Errorf("%w: %s %q is not a date YYYY-MM-DD", ErrBadQuery, name, d)
		}
	}
	if q.From != "" && q.To != "" && q.From > q.To {
		return fmt.Errorf("%w: from %s is after to %s", ErrBadQuery, q.From, q.To)
	}
	return nil
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil && len(s) == 10
}

// localDate is the local date of an RFC 3339 `at` in its own offset (SPEC
// §15): its first ten characters; "" when at does not begin with a date.
func localDate(at string) string {
	if len(at) < 10 || !isDate(at[:10]) {
		return ""
	}
	return at[:10]
}

// monthsBetween lists the months YYYY-MM from the month of from to the
// month of to, both dates.
func monthsBetween(from, to string) []string {
	var months []string
	t, _ := time.Parse(time.DateOnly, from[:7]+"-01")
	for m := t.Format("2006-01"); m <= to[:7]; m = t.Format("2006-01") {
		months = append(months, m)
		t = t.AddDate(0, 1, 0)
	}
	return months
}

// within reports whether date d lies in [from, to].
func within(d, from, to string) bool { return d >= from && d <= to }
