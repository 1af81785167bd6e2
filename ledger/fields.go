package ledger

import (
	"strings"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// DateLayout is the layout of the *_on and as_of fields: a calendar date.
const DateLayout = "2006-01-02"

// fields checks the data fields of one input in order and keeps the first
// failure, so a handler can list its checks without an if after each.
type fields struct{ rej *Reject }

func (f *fields) fail(code Code, format string, args ...any) {
	if f.rej == nil {
		f.rej = reject(code, format, args...)
	}
}

// id checks a reference such as a loan or a claim id.
func (f *fields) id(name, v string) {
	if !validID(v) {
		f.fail(CodeBadField, "%s %q must be 1-128 characters of [A-Za-z0-9._:/-]", name, v)
	}
}

// name checks a party name such as a guarantor or a funder.
func (f *fields) name(name, v string) {
	if !validName(v) {
		f.fail(CodeBadField, "%s %q must be 1-64 characters of [A-Za-z0-9._-]", name, v)
	}
}

// funding checks what money put in (a pool's, a subsidy budget's, a
// fund's) gives: who put it in and a positive amount.
func (f *fields) funding(d *Data) {
	f.name("funder", d.Funder)
	f.amount("amount", d.Amount, amountPositive)
}

// addFunder lists funder among funders the first time it puts money in.
func addFunder(funders *[]string, funder string) {
	if !containsString(*funders, funder) {
		*funders = append(*funders, funder)
	}
}

func (f *fields) oneOf(name, v string, allowed ...string) {
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	f.fail(CodeBadField, "%s %q must be one of %s", name, v, strings.Join(allowed, ", "))
}

// plainDate reports whether v is a calendar date written YYYY-MM-DD, all
// of which time.Parse(DateLayout, v) accepts: most inputs carry one or two
// dates, and this check costs a tenth of the parse. False says nothing:
// time.Parse judges the rest.
func plainDate(v string) bool {
	if len(v) != len(DateLayout) || v[4] != '-' || v[7] != '-' {
		return false
	}
	year, ok1 := digits(v[0:4])
	month, ok2 := digits(v[5:7])
	day, ok3 := digits(v[8:10])
	if !ok1 || !ok2 || !ok3 || month < 1 || month > 12 || day < 1 {
		return false
	}
	return day <= daysIn(month, year)
}

// digits reads a string of ASCII digits only.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// daysIn is the number of days of a month in the proleptic Gregorian
// calendar, as the time package counts them.
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func (f *fields) ratio(name, v string) {
	if plainRatio(v) {
		return
	}
	if _, err := risk.ParseRatio(v); err != nil {
		f.fail(CodeBadField, "%s: %v", name, err)
	}
}

// plainRatio reports whether v is "0." and 1 to risk.RatioFractionDigitsMax
// digits, the form of every annual rate: a ratio below 1 that
// risk.ParseRatio accepts, checked without making the decimal that the
// check alone would throw away.
func plainRatio(v string) bool {
	if len(v) < 3 || len(v) > 2+risk.RatioFractionDigitsMax || v[0] != '0' || v[1] != '.' {
		return false
	}
	for i := 2; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

func (f *fields) count(name string, c Count, min, max int64) {
	switch {
	case !c.Set:
		f.fail(CodeBadField, "%s is required", name)
	case c.Bad || c.Value < min || c.Value > max:
		f.fail(CodeBadField, "%s must be a whole number from %d to %d", name, min, max)
	}
}

// Amount rules.
const (
	amountOptional = iota
	amountRequired
	amountPositive // required and above zero
)

func (f *fields) amount(name string, a Amount, rule int) {
	switch {
	case a.Err != "":
		f.fail(CodeBadAmount, "%s %s", name, a.Err)
	case !a.Set && rule != amountOptional:
		f.fail(CodeBadAmount, "%s is required", name)
	case rule == amountPositive && a.Value.Sign() <= 0:
		f.fail(CodeBadAmount, "%s must be above 0", name)
	}
}

// valueOr returns the amount's value, or def when it is not set.
func (a Amount) valueOr(def decimal.Decimal) decimal.Decimal {
	if !a.Set {
		return def
	}
	return a.Value
}
