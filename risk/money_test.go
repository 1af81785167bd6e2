package risk

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseAmount(t *testing.T) {
	ok := []struct{ in, want string }{
		{"1250000.00", "1250000.00"},
		{"7", "7.00"},
		{"0.5", "0.50"},
		{"0", "0.00"},
		{"0.00", "0.00"},
		{"0.01", "0.01"},
		{"10", "10.00"},
		{"100.1", "100.10"},
		{"999999999999999.99", "999999999999999.99"}, // 15 integer digits
		{"100000000000000", "100000000000000.00"},
	}
	bad := []string{
		"1.005",              // three fractional digits: never rounded silently
		"1e3",                // exponent
		"1E3",                // exponent
		"-1",                 // sign
		"+1",                 // sign
		"-0",                 // sign
		".5",                 // no integer digit
		"5.",                 // no fractional digit
		"01",                 // leading zero
		"00",                 // leading zero
		"00.5",               // leading zero
		"1 000",              // space
		" 1",                 // space
		"1 ",                 // space
		"1,000.00",           // grouping
		"1000000000000000",   // 16 integer digits
		"1000000000000000.0", // 16 integer digits
		"",                   // empty
		".",                  // nothing
		"abc",                // not a number
		"0x10",               // hexadecimal
		"1.2.3",              // two dots
		"NaN",                // not a number
		"Infinity",           // not a number
		"１",                  // a full-width digit
		"1_000",              // Go digit separator
		"1.0a",               // trailing junk
	}
	amountIs := func(d decimal.Decimal, want string) bool { return FormatAmount(d) == want }
	checkParse(t, "ParseAmount", ParseAmount, amountIs, ErrBadAmount, ok, bad)
}

func TestParseRatio(t *testing.T) {
	ok := []struct{ in, want string }{
		{"0", "0"},
		{"1", "1"},
		{"0.35", "0.35"},
		{"0.5", "0.5"},
		{"1.000000", "1"},
		{"0.123456", "0.123456"},
		{"0.000001", "0.000001"},
	}
	bad := []string{"1.000001", "1.5", "2", "10", "0.1234567", "-0.1", "+0.1", ".5", "5.", "01", "1e-1", "", "0,5", "half"}
	ratioIs := func(d decimal.Decimal, want string) bool { return d.Equal(decimal.RequireFromString(want)) }
	checkParse(t, "ParseRatio", ParseRatio, ratioIs, ErrBadRatio, ok, bad)
}

func TestParseMultiple(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"10", "10", true},
		{"12.5", "12.5", true},
		{"999999.999999", "999999.999999", true},
		{"1000000", "", false},
		{"-1", "", false},
		{"1e1", "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			d, err := ParseMultiple(tc.in)
			if got := err == nil; got != tc.ok {
				t.Fatalf("ParseMultiple(%q): got ok %v (err %v), want %v", tc.in, got, err, tc.ok)
			}
			if tc.ok && !d.Equal(decimal.RequireFromString(tc.want)) {
				t.Errorf("ParseMultiple(%q): got %s, want %s", tc.in, d, tc.want)
			}
		})
	}
}

func TestRoundCentsHalfUp(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0.125", "0.13"},
		{"0.124", "0.12"},
		{"0.135", "0.14"},
		{"0.145", "0.15"}, // banker's rounding would give 0.14
		{"2.675", "2.68"},
		{"0.005", "0.01"},
		{"0.004999", "0.00"},
		{"493827.156", "493827.16"},
		{"370370.367", "370370.37"},
		{"1234567.885", "1234567.89"},
		{"7", "7.00"},
		{"0", "0.00"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := FormatAmount(RoundCents(decimal.RequireFromString(tc.in))); got != tc.want {
				t.Errorf("RoundCents(%s): got %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestMulCents(t *testing.T) {
	for _, tc := range []struct{ a, r, want string }{
		{"1234567.89", "0.40", "493827.16"}, // 493827.156
		{"1234567.89", "0.30", "370370.37"}, // 370370.367
		{"1234567.89", "0.10", "123456.79"}, // 123456.789
		{"0.05", "0.5", "0.03"},             // 0.025 half-up
		{"4000000.00", "0.70", "2800000.00"},
	} {
		t.Run(tc.a+"x"+tc.r, func(t *testing.T) {
			got := FormatAmount(MulCents(decimal.RequireFromString(tc.a), decimal.RequireFromString(tc.r)))
			if got != tc.want {
				t.Errorf("MulCents(%s, %s): got %s, want %s", tc.a, tc.r, got, tc.want)
			}
		})
	}
}

func TestFormatRatioAndQuotient(t *testing.T) {
	q, ok := Quotient(decimal.RequireFromString("111"), decimal.RequireFromString("10"))
	if !ok {
		t.Fatalf("Quotient(111, 10): got undefined, want 11.1")
	}
	if got := FormatRatio(q); got != "11.1000" {
		t.Errorf("FormatRatio(111/10): got %s, want 11.1000", got)
	}
	q, _ = Quotient(decimal.RequireFromString("2"), decimal.RequireFromString("3"))
	if got := FormatRatio(q); got != "0.6667" {
		t.Errorf("FormatRatio(2/3): got %s, want 0.6667", got)
	}
	q, _ = Quotient(decimal.RequireFromString("1"), decimal.RequireFromString("8"))
	if got := FormatRatio(q); got != "0.1250" {
		t.Errorf("FormatRatio(1/8): got %s, want 0.1250", got)
	}
	q, _ = Quotient(decimal.RequireFromString("0.00005"), decimal.RequireFromString("1"))
	if got := FormatRatio(q); got != "0.0001" {
		t.Errorf("FormatRatio(0.00005): got %s, want 0.0001 (half-up)", got)
	}
	if _, ok := Quotient(decimal.RequireFromString("1"), decimal.Zero); ok {
		t.Errorf("Quotient(1, 0): got defined, want undefined (null)")
	}
}

func TestMinAmountAndNonNegative(t *testing.T) {
	a, b := decimal.RequireFromString("1.01"), decimal.RequireFromString("1.10")
	if got := MinAmount(a, b); !got.Equal(a) {
		t.Errorf("MinAmount(1.01, 1.10): got %s, want 1.01", got)
	}
	if got := MinAmount(b, a); !got.Equal(a) {
		t.Errorf("MinAmount(1.10, 1.01): got %s, want 1.01", got)
	}
	if got := NonNegative(decimal.RequireFromString("-0.01")); !got.IsZero() {
		t.Errorf("NonNegative(-0.01): got %s, want 0", got)
	}
	if got := NonNegative(a); !got.Equal(a) {
		t.Errorf("NonNegative(1.01): got %s, want 1.01", got)
	}
}

// amountOracle is the accepted form of SPEC §3 written independently of
// checkPlainDecimal: 1-15 integer digits without a leading zero (or a lone
// 0), optionally a dot and 1-2 digits.
func amountOracle(s string) bool {
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || len(intPart) > AmountIntegerDigitsMax || (len(intPart) > 1 && intPart[0] == '0') {
		return false
	}
	if hasDot && (frac == "" || len(frac) > AmountFractionDigitsMax) {
		return false
	}
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false
			}
		}
	}
	return true
}

func TestAmountOracleAgrees(t *testing.T) {
	for _, s := range []string{"1250000.00", "7", "0.5", "1.005", "01", "5.", ".5", "1e3", "", "999999999999999", "1000000000000000"} {
		_, err := ParseAmount(s)
		if got, want := err == nil, amountOracle(s); got != want {
			t.Errorf("ParseAmount(%q) accepted: got %v, want %v", s, got, want)
		}
	}
}

// TestFormatAmountFastPath: the cents fast path writes what StringFixed
// writes, for every shape of amount it takes and the ones it leaves.
func TestFormatAmountFastPath(t *testing.T) {
	cases := []string{"0", "0.00", "-0.01", "0.5", "-0.5", "1", "-1", "10.1", "123456.78", "-123456.78",
		"9999999999999999", "99999999999999.99", "-99999999999999.99", "100000000000000.00", "1e3", "12e2",
		"0.125", "0.135", "-0.125", "2.005", "1234567890123456789.12", "0.001", "-0.004"}
	rng := rand.New(rand.NewPCG(7, 7))
	for range 2000 {
		c := rng.Int64N(2_000_000_000_000) - 1_000_000_000_000
		cases = append(cases, decimal.New(c, -int32(rng.IntN(4))).String(), decimal.New(c%1000, int32(rng.IntN(3))).String())
	}
	for _, c := range cases {
		d, err := decimal.NewFromString(c)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := FormatAmount(d), d.StringFixed(2); got != want {
			t.Errorf("FormatAmount(%s): got %s, want %s", c, got, want)
		}
		if got, want := string(AppendAmount([]byte("x"), d)), "x"+d.StringFixed(2); got != want {
			t.Errorf("AppendAmount(%s): got %s, want %s", c, got, want)
		}
	}
	if _, ok := centsOf(decimal.RequireFromString("123.45")); !ok {
		t.Error("centsOf(123.45): not taken, want the fast path")
	}
}

func TestAmountOfCents(t *testing.T) {
	for cents, want := range map[int64]string{0: "0.00", 1: "0.01", 150: "1.50", 2_000_000_00: "2000000.00"} {
		d := AmountOfCents(cents)
		if got := FormatAmount(d); got != want {
			t.Errorf("AmountOfCents(%d): got %s, want %s", cents, got, want)
		}
		if back, ok := centsOf(d); !ok || back != cents {
			t.Errorf("centsOf(AmountOfCents(%d)): got %d, %v, want %d, true", cents, back, ok, cents)
		}
	}
}

// checkParse runs parse (named name) on each of ok, which must give its
// want (by is), and on each of bad, which must fail with an error wrapping
// errBad.
func checkParse(t *testing.T, name string, parse func(string) (decimal.Decimal, error),
	is func(decimal.Decimal, string) bool, errBad error, ok []struct{ in, want string }, bad []string) {
	t.Helper()
	for _, tc := range ok {
		t.Run("ok "+tc.in, func(t *testing.T) {
			d, err := parse(tc.in)
			if err != nil {
				t.Fatalf("%s(%q): got error %v, want %s", name, tc.in, err, tc.want)
			}
			if !is(d, tc.want) {
				t.Errorf("%s(%q): got %s, want %s", name, tc.in, d, tc.want)
			}
		})
	}
	for _, in := range bad {
		t.Run("bad "+in, func(t *testing.T) {
			d, err := parse(in)
			if err == nil {
				t.Fatalf("%s(%q): got %s, want an error", name, in, d)
			}
			if !errors.Is(err, errBad) {
				t.Errorf("%s(%q): got error %v, want one wrapping %v", name, in, err, errBad)
			}
		})
	}
}
