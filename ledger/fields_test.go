package ledger

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/risk"
)

// plainDate must accept only dates time.Parse accepts, and accept every
// well-formed date of every year, month and day.
func TestPlainDateAgreesWithTimeParse(t *testing.T) {
	check := func(v string) {
		t.Helper()
		_, err := time.Parse(DateLayout, v)
		if got := plainDate(v); got && err != nil {
			t.Fatalf("plainDate(%q) = true, but time.Parse says %v", v, err)
		} else if !got && err == nil && len(v) == len(DateLayout) {
			t.Fatalf("plainDate(%q) = false, but time.Parse accepts it", v)
		}
	}
	for _, year := range []int{0, 1, 4, 100, 400, 1900, 1999, 2000, 2023, 2024, 2026, 2100, 2400, 9996, 9999} {
		for month := 0; month <= 13; month++ {
			for day := 0; day <= 32; day++ {
				check(fmt.Sprintf("%04d-%02d-%02d", year, month, day))
			}
		}
	}
	for _, v := range []string{"", "2026-1-05", "2026-01-5", "2026/01/05", "20260105", "2026-01-05 ",
		" 2026-01-05", "2026-01-0a", "+026-01-05", "-026-01-05", "2026-+1-05", "2026-01--5", "2026-13-01",
		"2026-00-10", "2026-02-29", "2024-02-29", "2026-01-05T00:00:00Z", "２０２６-01-05"} {
		check(v)
	}
}

// plainRatio must accept only ratios risk.ParseRatio accepts, and accept
// every "0." with 1 to RatioFractionDigitsMax digits.
func TestPlainRatioAgreesWithParseRatio(t *testing.T) {
	check := func(v string) {
		t.Helper()
		_, err := risk.ParseRatio(v)
		if got := plainRatio(v); got && err != nil {
			t.Fatalf("plainRatio(%q) = true, but risk.ParseRatio says %v", v, err)
		}
	}
	for n := 1; n <= risk.RatioFractionDigitsMax+1; n++ {
		for _, d := range []string{"0", "5", "9", "x", ".", "-"} {
			v := "0." + strings.Repeat("0", n-1) + d
			check(v)
			if _, err := risk.ParseRatio(v); err == nil && !plainRatio(v) {
				t.Fatalf("plainRatio(%q) = false, but risk.ParseRatio accepts it", v)
			}
		}
	}
	r := rand.New(rand.NewPCG(3, 3))
	alphabet := []string{"0", "1", "9", ".", "-", "+", "e", " ", "٣"}
	for range 100_000 {
		check(randomText(r, alphabet, 10))
	}
}
