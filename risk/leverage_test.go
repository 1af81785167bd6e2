package risk

import "testing"

func TestPoolAdmitsExample6(t *testing.T) {
	// SPEC §8 example 6: pool 50m, max_leverage 10, covered 480m.
	maxLev, pool, covered := amt("10"), amt("50000000.00"), amt("480000000.00")
	for _, tc := range []struct {
		principal string
		want      bool
	}{
		{"30000000.00", false},
		{"20000000.00", true}, // exactly at 10×
		{"20000000.01", false},
		{"0.01", true},
	} {
		t.Run(tc.principal, func(t *testing.T) {
			if got := PoolAdmits(maxLev, pool, covered, amt(tc.principal)); got != tc.want {
				t.Errorf("PoolAdmits(%s): got %v, want %v", tc.principal, got, tc.want)
			}
		})
	}
	if got := PoolAdmits(maxLev, zero, zero, amt("0.01")); got {
		t.Errorf("PoolAdmits on an empty pool: got true, want false")
	}
}

func TestPoolHeadroom(t *testing.T) {
	for _, tc := range []struct{ maxLev, pool, covered, want string }{
		{"10", "50000000.00", "480000000.00", "20000000.00"},
		{"10", "50000000.00", "500000000.00", "0.00"},
		{"10", "50000000.00", "530000000.00", "0.00"}, // never below zero
		{"2.5", "0.01", "0", "0.03"},                  // 0.025 half-up
		{"10", "0", "0", "0.00"},
	} {
		t.Run(tc.maxLev+"x"+tc.pool+"-"+tc.covered, func(t *testing.T) {
			if got := FormatAmount(PoolHeadroom(amt(tc.maxLev), amt(tc.pool), amt(tc.covered))); got != tc.want {
				t.Errorf("PoolHeadroom: got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestNPLRatio(t *testing.T) {
	r, ok := NPLRatio(amt("1000000.00"), amt("4000000.00"))
	if !ok || FormatRatio(r) != "0.2000" {
		t.Errorf("NPLRatio(1m, 4m): got %s %v, want 0.2000", FormatRatio(r), ok)
	}
	if _, ok := NPLRatio(zero, zero); ok {
		t.Errorf("NPLRatio(0, 0): got defined, want undefined")
	}
}

func TestGuarantorWeightExample7(t *testing.T) {
	rules := DefaultGuarantorRules()
	for _, tc := range []struct {
		name    string
		small   bool
		balance string
		want    string
	}{
		// SPEC §8 example 7: 3,000,000.00 + 2,500,000.00 in force → 1.00.
		{"small above the maximum", true, "5500000.00", "1"},
		{"small at exactly the maximum", true, "5000000.00", "0.75"},
		{"small one cent above", true, "5000000.01", "1"},
		{"small tiny", true, "0.01", "0.75"},
		{"medium", false, "1000000.00", "1"},
		{"large at the maximum", false, "5000000.00", "1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := GuarantorWeight(rules, tc.small, amt(tc.balance)); !got.Equal(amt(tc.want)) {
				t.Errorf("GuarantorWeight: got %s, want %s", got, tc.want)
			}
		})
	}
	liability := GuarantorWeight(rules, true, amt("5000000.00")).Mul(amt("5000000.00"))
	if got := FormatAmount(RoundCents(liability)); got != "3750000.00" {
		t.Errorf("example 7 liability: got %s, want 3750000.00", got)
	}
}

func TestGuarantorLimitBoundaries(t *testing.T) {
	rules := DefaultGuarantorRules()
	for _, tc := range []struct {
		name                 string
		balance, small       string
		borrowers, smallOnes int
		want                 string
	}{
		{"no borrowers", "0", "0", 0, 0, "10"},
		{"exactly 50% and 80%", "100.00", "50.00", 5, 4, "15"},
		{"balance one cent under 50%", "100.00", "49.99", 5, 4, "10"},
		{"borrowers under 80%", "100.00", "90.00", 5, 3, "10"},
		{"8 of 10 borrowers", "100.00", "60.00", 10, 8, "15"},
		{"7 of 10 borrowers", "100.00", "60.00", 10, 7, "10"},
		{"all small", "1000.00", "1000.00", 1, 1, "15"},
		{"none small", "1000.00", "0", 3, 0, "10"},
		{"example 7", "10500000.00", "10500000.00", 2, 2, "15"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mix := GuarantorMix{Balance: amt(tc.balance), SmallBalance: amt(tc.small), Borrowers: tc.borrowers, SmallBorrowers: tc.smallOnes}
			if got := GuarantorLimit(rules, mix); !got.Equal(amt(tc.want)) {
				t.Errorf("GuarantorLimit: got %s, want %s", got, tc.want)
			}
		})
	}
}
