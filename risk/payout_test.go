package risk

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func amt(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// parseOneProgram reads a programs file holding one program and returns it.
func parseOneProgram(t *testing.T, program string) *Program {
	t.Helper()
	cfg, err := ParsePrograms(strings.NewReader(`{"programs":[` + program + `]}`))
	if err != nil {
		t.Fatalf("ParsePrograms: %v", err)
	}
	return cfg.Programs[0]
}

const (
	lukedaiProgram = `{"id":"dz-lukedai","name":"鲁科贷","kind":"compensation_pool","currency":"CNY",
		"shares":[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.35"}]}`
	guarantee4321Program = `{"id":"lukedan","name":"鲁科担","kind":"guarantee_program","currency":"CNY",
		"shares":[{"party":"guarantor","ratio":"0.40"},{"party":"reguarantor","ratio":"0.30"},
		{"party":"bank","ratio":"0.20"},{"party":"government","ratio":"0.10"}]}`
	cappedProgram = `{"id":"eu-capped","name":"capped","kind":"capped_portfolio_guarantee","currency":"EUR",
		"guarantee_rate":"0.50","cap_rate":"0.20","cap_basis":"guaranteed"}`
)

// sharesText writes a split as "party=amount party=amount ...".
func sharesText(shares []Share) string {
	parts := make([]string, len(shares))
	for i, s := range shares {
		parts[i] = s.Party + "=" + FormatAmount(s.Amount)
	}
	return strings.Join(parts, " ")
}

func TestSplitByRatiosRemainder(t *testing.T) {
	parties := []string{PartyGuarantor, PartyReguarantor, PartyGovernment, PartyBank}
	ratios := []decimal.Decimal{amt("0.40"), amt("0.30"), amt("0.10"), amt("0.20")}
	for _, tc := range []struct {
		name, total, want string
	}{
		// SPEC §8 example 8: the bank, listed last, takes the remainder.
		{"example 8", "1234567.89", "guarantor=493827.16 reguarantor=370370.37 government=123456.79 bank=246913.57"},
		{"example 3", "8000000.00", "guarantor=3200000.00 reguarantor=2400000.00 government=800000.00 bank=1600000.00"},
		{"one cent", "0.01", "guarantor=0.00 reguarantor=0.00 government=0.00 bank=0.01"},
		{"five cents", "0.05", "guarantor=0.02 reguarantor=0.02 government=0.01 bank=0.00"},
		{"zero", "0.00", "guarantor=0.00 reguarantor=0.00 government=0.00 bank=0.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shares := SplitByRatios(amt(tc.total), parties, ratios)
			if got := sharesText(shares); got != tc.want {
				t.Errorf("SplitByRatios(%s): got %s, want %s", tc.total, got, tc.want)
			}
			if got := sumShares(shares); !got.Equal(amt(tc.total)) {
				t.Errorf("sum of parts: got %s, want %s", FormatAmount(got), tc.total)
			}
		})
	}
}

func TestSplitByRatiosSumsExactly(t *testing.T) {
	// Ratios whose rounded parts would overshoot: 3 × 0.335 of 0.03 rounds
	// up three times; the remainder rule keeps the sum exact.
	parties := []string{"a", "b", "c", "d"}
	ratios := []decimal.Decimal{amt("0.335"), amt("0.335"), amt("0.33"), zero}
	for cents := int64(0); cents <= 1000; cents++ {
		total := decimal.New(cents, -2)
		shares := SplitByRatios(total, parties, ratios)
		if got := sumShares(shares); !got.Equal(total) {
			t.Fatalf("SplitByRatios(%s): parts sum to %s", FormatAmount(total), FormatAmount(got))
		}
	}
}

func TestAssessClaimCompensationPool(t *testing.T) {
	p := parseOneProgram(t, lukedaiProgram)
	// SPEC §8 example 1: L 4,000,000.00 (5,000,000.00 less 1,000,000.00 repaid).
	loss := ClaimLoss(p, amt("4000000.00"), amt("120000.00"), zero)
	if got := FormatAmount(loss); got != "4000000.00" {
		t.Fatalf("loss: got %s, want 4000000.00 (unpaid interest is not covered)", got)
	}
	a := AssessClaim(p, loss, ClaimContext{})
	assertAssessed(t, a, "province=1400000.00 city=1400000.00 bank=1200000.00", "2800000.00")
	if got := FormatAmount(a.Loss); got != "4000000.00" {
		t.Errorf("loss: got %s, want 4000000.00", got)
	}
}

func TestAssessClaimPoolCaps(t *testing.T) {
	capped := parseOneProgram(t, `{"id":"p","name":"p","kind":"compensation_pool","currency":"CNY",
		"shares":[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.35"}],
		"per_loan_cap":"1000000.01","per_bank_annual_cap":"3000000.00"}`)
	half := parseOneProgram(t, `{"id":"pool-50","name":"p","kind":"compensation_pool","currency":"CNY",
		"shares":[{"party":"city","ratio":"0.50"}],"per_loan_cap":"2000000.00"}`)
	for _, tc := range []struct {
		name        string
		p           *Program
		loss        string
		bankYear    string
		wantPayable string
		wantShares  string
	}{
		// The funders split a capped payable by their ratios, the last takes
		// the remainder: 1,000,000.01 × 0.35 ÷ 0.70 = 500,000.005 → 500,000.01.
		{"per loan cap", capped, "4000000.00", "0", "1000000.01", "province=500000.01 city=500000.00 bank=2999999.99"},
		{"under the caps", capped, "1000000.00", "0", "700000.00", "province=350000.00 city=350000.00 bank=300000.00"},
		{"annual cap left", capped, "1000000.00", "2500000.00", "500000.00", "province=250000.00 city=250000.00 bank=500000.00"},
		{"annual cap used up", capped, "1000000.00", "3000000.00", "0.00", "province=0.00 city=0.00 bank=1000000.00"},
		{"annual cap overdrawn", capped, "1000000.00", "3500000.00", "0.00", "province=0.00 city=0.00 bank=1000000.00"},
		// SPEC §8 example 4: ratio 0.50, per_loan_cap 2,000,000.00.
		{"example 4 A", half, "2400000.00", "0", "1200000.00", "city=1200000.00 bank=1200000.00"},
		{"example 4 B", half, "5000000.00", "0", "2000000.00", "city=2000000.00 bank=3000000.00"},
		{"example 4 C", half, "1000000.00", "0", "500000.00", "city=500000.00 bank=500000.00"},
		{"rounding half-up", half, "0.01", "0", "0.01", "city=0.01 bank=0.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := AssessClaim(tc.p, amt(tc.loss), ClaimContext{BankYearPayable: amt(tc.bankYear)})
			if got := FormatAmount(a.Payable); got != tc.wantPayable {
				t.Errorf("payable: got %s, want %s", got, tc.wantPayable)
			}
			if got := sharesText(a.Shares); got != tc.wantShares {
				t.Errorf("shares: got %s, want %s", got, tc.wantShares)
			}
			if got := sumShares(a.Shares); !got.Equal(amt(tc.loss)) {
				t.Errorf("shares sum: got %s, want %s", FormatAmount(got), tc.loss)
			}
		})
	}
}

func TestAssessClaimPrincipalAndInterest(t *testing.T) {
	p := parseOneProgram(t, `{"id":"pi","name":"pi","kind":"compensation_pool","currency":"CNY","covers":"principal_and_interest",
		"shares":[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.35"}]}`)
	loss := ClaimLoss(p, amt("4000000.00"), amt("120000.00"), amt("20000.00"))
	if got := FormatAmount(loss); got != "4100000.00" {
		t.Fatalf("loss: got %s, want 4100000.00", got)
	}
	assertAssessed(t, AssessClaim(p, loss, ClaimContext{}), "province=1435000.00 city=1435000.00 bank=1230000.00", "2870000.00")
	if got := FormatAmount(ClaimLoss(p, amt("100.00"), amt("1.00"), amt("200.00"))); got != "0.00" {
		t.Errorf("loss after a recovery above it: got %s, want 0.00", got)
	}
}

func TestAssessClaimGuarantee4321(t *testing.T) {
	p := parseOneProgram(t, guarantee4321Program)
	// SPEC §8 example 3.
	a := AssessClaim(p, amt("8000000.00"), ClaimContext{})
	// The payable is the government's part.
	assertAssessed(t, a, "guarantor=3200000.00 reguarantor=2400000.00 government=800000.00 bank=1600000.00", "800000.00")
	if got := FormatAmount(GuarantorPaysBank(a)); got != "6400000.00" {
		t.Errorf("guarantor pays bank: got %s, want 6400000.00", got)
	}
	// SPEC §8 example 8: the bank is moved last and takes the remainder.
	a = AssessClaim(p, amt("1234567.89"), ClaimContext{})
	if got, want := sharesText(a.Shares), "guarantor=493827.16 reguarantor=370370.37 government=123456.79 bank=246913.57"; got != want {
		t.Errorf("example 8 shares: got %s, want %s", got, want)
	}
	if got := FormatAmount(a.Payable); got != "123456.79" {
		t.Errorf("example 8 payable: got %s, want 123456.79", got)
	}
}

func TestAssessClaimCappedPortfolio(t *testing.T) {
	p := parseOneProgram(t, cappedProgram)
	apv := amt("100000000.00")
	if got := FormatAmount(PortfolioCap(p, apv)); got != "10000000.00" {
		t.Fatalf("cap: got %s, want 10000000.00", got)
	}
	// SPEC §8 example 5: losses 6m, 8m, 5m, 4m against a cap of 10m.
	earlier := zero
	for _, tc := range []struct{ loss, payable, bank string }{
		{"6000000.00", "3000000.00", "3000000.00"},
		{"8000000.00", "4000000.00", "4000000.00"},
		{"5000000.00", "2500000.00", "2500000.00"},
		{"4000000.00", "500000.00", "3500000.00"},
		{"1000000.00", "0.00", "1000000.00"},
	} {
		a := AssessClaim(p, amt(tc.loss), ClaimContext{ProgramPayable: earlier, PortfolioVolume: apv})
		if got := FormatAmount(a.Payable); got != tc.payable {
			t.Errorf("loss %s: payable got %s, want %s", tc.loss, got, tc.payable)
		}
		if got, want := sharesText(a.Shares), "guarantor="+tc.payable+" bank="+tc.bank; got != want {
			t.Errorf("loss %s: shares got %s, want %s", tc.loss, got, want)
		}
		earlier = earlier.Add(a.Payable)
	}
	portfolio := parseOneProgram(t, `{"id":"pf","name":"pf","kind":"capped_portfolio_guarantee","currency":"EUR",
		"guarantee_rate":"0.50","cap_rate":"0.20","cap_basis":"portfolio"}`)
	if got := FormatAmount(PortfolioCap(portfolio, apv)); got != "20000000.00" {
		t.Errorf("portfolio basis cap: got %s, want 20000000.00", got)
	}
	if got := FormatAmount(PortfolioCap(p, amt("0.05"))); got != "0.01" {
		t.Errorf("cap of 0.05 × 0.10: got %s, want 0.01 (0.005 half-up)", got)
	}
}

func TestRecoveryPoolPart(t *testing.T) {
	for _, tc := range []struct {
		name, net, payable, loss, before, want string
	}{
		// SPEC §8 example 2: R 1,000,000.00 × 2,800,000.00 ÷ 4,000,000.00.
		{"example 2", "1000000.00", "2800000.00", "4000000.00", "0", "700000.00"},
		{"rounded half-up", "0.01", "1.00", "2.00", "0", "0.01"},
		{"capped by payable", "5000000.00", "2800000.00", "4000000.00", "2000000.00", "800000.00"},
		{"nothing left", "1.00", "2800000.00", "4000000.00", "2800000.00", "0.00"},
		{"zero loss", "1.00", "0.00", "0.00", "0", "0.00"},
		{"zero net", "0.00", "2800000.00", "4000000.00", "0", "0.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := FormatAmount(RecoveryPoolPart(amt(tc.net), amt(tc.payable), amt(tc.loss), amt(tc.before)))
			if got != tc.want {
				t.Errorf("RecoveryPoolPart: got %s, want %s", got, tc.want)
			}
		})
	}
}

// sumShares adds the amounts of shares: the parts of a split must give the
// whole back.
func sumShares(shares []Share) decimal.Decimal {
	sum := zero
	for _, s := range shares {
		sum = sum.Add(s.Amount)
	}
	return sum
}

// assertAssessed checks an assessment's split and payable to the cent.
func assertAssessed(t *testing.T, a Assessment, shares, payable string) {
	t.Helper()
	if got := sharesText(a.Shares); got != shares {
		t.Errorf("shares: got %s, want %s", got, shares)
	}
	if got := FormatAmount(a.Payable); got != payable {
		t.Errorf("payable: got %s, want %s", got, payable)
	}
}
