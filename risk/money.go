package risk

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// Limits of the textual money and ratio formats (SPEC §3).
const (
	AmountIntegerDigitsMax  = 15
	AmountFractionDigitsMax = 2
	RatioFractionDigitsMax  = 6
)

// ErrBadAmount reports a money string that is not in the plain decimal form
// of SPEC §3, or that lies outside its allowed range.
var ErrBadAmount = errors.New("bad amount")

// ErrBadRatio reports a ratio string that is malformed or outside [0, 1].
var ErrBadRatio = errors.New("bad ratio")

var (
	zero = decimal.Zero
	one  = decimal.NewFromInt(1)
)

// ParseAmount parses a non-negative money amount written in plain decimal
// notation: 1 to 15 integer digits without a leading zero (a lone "0" is
// fine), optionally a dot and 1 or 2 fractional digits. Signs, exponents,
// spaces and anything else are refused; nothing is ever rounded.
func ParseAmount(s string) (decimal.Decimal, error) {
	if err := checkPlainDecimal(s, AmountIntegerDigitsMax, AmountFractionDigitsMax); err != nil {
		return zero, fmt.Errorf("%w: %q: %v", ErrBadAmount, s, err)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return zero, fmt.Errorf("%w: %q: %v", ErrBadAmount, s, err)
	}
	return d, nil
}

// ParseRatio parses a ratio in [0, 1] with at most 6 fractional digits.
func ParseRatio(s string) (decimal.Decimal, error) {
	d, err := parseUnsignedDecimal(s, 1)
	if err != nil {
		return zero, fmt.Errorf("%w: %q: %v", ErrBadRatio, s, err)
	}
	if d.Cmp(one) > 0 {
		return zero, fmt.Errorf("%w: %q is above 1", ErrBadRatio, s)
	}
	return d, nil
}

// ParseMultiple parses a non-negative factor such as a leverage limit ("10",
// "12.5"): up to 6 integer and 6 fractional digits.
func ParseMultiple(s string) (decimal.Decimal, error) {
	d, err := parseUnsignedDecimal(s, 6)
	if err != nil {
		return zero, fmt.Errorf("%w: %q: %v", ErrBadRatio, s, err)
	}
	return d, nil
}

func parseUnsignedDecimal(s string, intDigitsMax int) (decimal.Decimal, error) {
	if err := checkPlainDecimal(s, intDigitsMax, RatioFractionDigitsMax); err != nil {
		return zero, err
	}
	return decimal.NewFromString(s)
}

// checkPlainDecimal accepts `(0|[1-9][0-9]*)(\.[0-9]+)?` within the digit limits.
func checkPlainDecimal(s string, intDigitsMax, fracDigitsMax int) error {
	if s == "" {
		return errors.New("empty")
	}
	intDigits, i := 0, 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		intDigits++
	}
	switch {
	case intDigits == 0:
		return errors.New("must start with a digit")
	case intDigits > 1 && s[0] == '0':
		return errors.New("leading zero")
	case intDigits > intDigitsMax:
		return fmt.Errorf("more than %d integer digits", intDigitsMax)
	}
	if i == len(s) {
		return nil
	}
	if s[i] != '.' {
		return fmt.Errorf("unexpected character %q", s[i])
	}
	frac := s[i+1:]
	if frac == "" {
		return errors.New("no digits after the dot")
	}
	if len(frac) > fracDigitsMax {
		return fmt.Errorf("more than %d fractional digits", fracDigitsMax)
	}
	for j := 0; j < len(frac); j++ {
		if frac[j] < '0' || frac[j] > '9' {
			return fmt.Errorf("unexpected character %q", frac[j])
		}
	}
	return nil
}

// RoundCents rounds a computed amount half-up to 0.01. Every computed amount
// goes through here exactly once, where it is computed. Amounts in this
// domain are never negative, where decimal's half-away-from-zero rounding is
// half-up.
func RoundCents(d decimal.Decimal) decimal.Decimal {
	return d.Round(AmountFractionDigitsMax)
}

// MulCents returns a × r rounded half-up to 0.01.
func MulCents(a, r decimal.Decimal) decimal.Decimal {
	return RoundCents(a.Mul(r))
}

// FormatAmount writes an amount with exactly two fractional digits.
func FormatAmount(d decimal.Decimal) string {
	var buf [24]byte
	return string(AppendAmount(buf[:0], d))
}

// AppendAmount appends what FormatAmount writes, for encoders that write
// many amounts into one buffer.
func AppendAmount(b []byte, d decimal.Decimal) []byte {
	if cents, ok := centsOf(d); ok {
		if cents < 0 {
			b = append(b, '-')
			cents = -cents
		}
		b = strconv.AppendInt(b, cents/100, 10)
		return append(b, '.', byte('0'+cents/10%10), byte('0'+cents%10))
	}
	return append(b, d.StringFixed(AmountFractionDigitsMax)...)
}

// AmountOfCents is an amount given in whole cents, for callers that keep
// money as integer cents (the simulator) and apply these rules to it.
func AmountOfCents(cents int64) decimal.Decimal { return decimal.New(cents, -AmountFractionDigitsMax) }

// centsOf is the amount in cents without big-number arithmetic for the
// amounts a ledger holds: at most two fractional digits and 16 digits in
// all. It runs for every posting of every journaled input; StringFixed
// rescales through math/big. ok is false for anything else.
func centsOf(d decimal.Decimal) (int64, bool) {
	exp := d.Exponent()
	if exp < -AmountFractionDigitsMax || exp > 0 || d.NumDigits() > 16 {
		return 0, false
	}
	cents := d.CoefficientInt64()
	for e := exp; e > -AmountFractionDigitsMax; e-- { // 16 digits and two more fit in an int64
		cents *= 10
	}
	return cents, true
}

// FormatRatio writes a ratio rounded half-up to four fractional digits.
func FormatRatio(d decimal.Decimal) string {
	return d.StringFixed(4)
}

// Quotient returns num ÷ den with enough precision to be rounded for output
// (16 digits), and false when den is zero: such a ratio is undefined and is
// written as null.
func Quotient(num, den decimal.Decimal) (decimal.Decimal, bool) {
	if den.Sign() == 0 {
		return zero, false
	}
	return num.DivRound(den, 16), true
}

// MinAmount returns the smaller of a and b.
func MinAmount(a, b decimal.Decimal) decimal.Decimal {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

// NonNegative returns d, or zero when d is below zero.
func NonNegative(d decimal.Decimal) decimal.Decimal {
	if d.Sign() < 0 {
		return zero
	}
	return d
}
