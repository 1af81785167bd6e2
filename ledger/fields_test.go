package ledger

import (
	"fmt"
	"testing"
	"time"
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
