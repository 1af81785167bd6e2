package risk

import (
	"strings"
	"testing"
)

// FuzzParseAmount: ParseAmount never panics, accepts exactly the plain
// decimal form of SPEC §3 and never rounds: an accepted string comes back
// from FormatAmount as itself padded to two fractional digits.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1250000.00", "7", "0.5", "0", "1.005", "1e3", "-1", "+1", ".5", "5.", "01", "1 000",
		"1000000000000000", "999999999999999.99", "", "0.00", "NaN", "1.2.3", "0x1p3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseAmount(s)
		if want := amountOracle(s); (err == nil) != want {
			t.Fatalf("ParseAmount(%q): got error %v, want accepted %v", s, err, want)
		}
		if err != nil {
			return
		}
		intPart, frac, _ := strings.Cut(s, ".")
		if len(intPart) > AmountIntegerDigitsMax || len(frac) > AmountFractionDigitsMax {
			t.Fatalf("ParseAmount(%q) accepted %d integer and %d fractional digits", s, len(intPart), len(frac))
		}
		want := intPart + "." + frac + strings.Repeat("0", AmountFractionDigitsMax-len(frac))
		if got := FormatAmount(d); got != want {
			t.Fatalf("FormatAmount(ParseAmount(%q)): got %s, want %s", s, got, want)
		}
		if d.Sign() < 0 {
			t.Fatalf("ParseAmount(%q): got negative %s", s, d)
		}
		if !RoundCents(d).Equal(d) {
			t.Fatalf("ParseAmount(%q): got %s, which has more than two fractional digits", s, d)
		}
	})
}
