package ledger

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// TextRunesMax bounds free-text fields (names, titles, reasons, summaries).
const TextRunesMax = 2000

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

func (f *fields) text(name, v string, required bool) {
	switch {
	case required && strings.TrimSpace(v) == "":
		f.fail(CodeBadField, "%s is required", name)
	case utf8.RuneCountInString(v) > TextRunesMax:
		f.fail(CodeBadField, "%s is longer than %d characters", name, TextRunesMax)
	case !utf8.ValidString(v):
		f.fail(CodeBadField, "%s is not valid UTF-8", name)
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

func (f *fields) date(name, v string, required bool) {
	if v == "" && !required {
		return
	}
	if _, err := time.Parse(DateLayout, v); err != nil {
		f.fail(CodeBadField, "%s %q must be a date such as 2026-01-05", name, v)
	}
}

func (f *fields) ratio(name, v string) {
	if _, err := risk.ParseRatio(v); err != nil {
		f.fail(CodeBadField, "%s: %v", name, err)
	}
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
