package risk

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

const subsidyPool = `"kind":"compensation_pool","currency":"CNY","shares":[{"party":"province","ratio":"0.35"}]`

func TestParseProgramsInterestSubsidy(t *testing.T) {
	cfg, err := ParsePrograms(strings.NewReader(`{"programs":[{"id":"p1","name":"p",` + subsidyPool +
		`,"interest_subsidy":{"rate":"0.40","cap_per_borrower":"500000.00"}},{"id":"p2","name":"q",` + subsidyPool + `}]}`))
	if err != nil {
		t.Fatalf("ParsePrograms: %v", err)
	}
	s := cfg.Program("p1").InterestSubsidy
	if s == nil || s.Rate.String() != "0.4" || FormatAmount(s.CapPerBorrower) != "500000.00" {
		t.Fatalf("interest_subsidy: got %+v, want rate 0.4, cap 500000.00", s)
	}
	if got := cfg.Program("p2").InterestSubsidy; got != nil {
		t.Errorf("program without interest_subsidy: got %+v, want nil", got)
	}
}

func TestParseProgramsInterestSubsidyErrors(t *testing.T) {
	for _, tc := range []struct{ name, subsidy, want string }{
		{"rate missing", `{"cap_per_borrower":"500000.00"}`, "interest_subsidy.rate: required"},
		{"cap missing", `{"rate":"0.40"}`, "interest_subsidy.cap_per_borrower: required"},
		{"rate above 1", `{"rate":"1.5","cap_per_borrower":"1.00"}`, "interest_subsidy.rate"},
		{"rate a number", `{"rate":0.4,"cap_per_borrower":"1.00"}`, "interest_subsidy"},
		{"cap negative", `{"rate":"0.4","cap_per_borrower":"-1.00"}`, "interest_subsidy.cap_per_borrower"},
		{"unknown member", `{"rate":"0.4","cap_per_borrower":"1.00","cap":"2.00"}`, "unknown field"},
		{"repeated member", `{"rate":"0.4","rate":"0.5","cap_per_borrower":"1.00"}`, "rate"},
		{"member in another case", `{"Rate":"0.4","cap_per_borrower":"1.00"}`, "Rate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePrograms(strings.NewReader(`{"programs":[{"id":"p1","name":"p",` + subsidyPool +
				`,"interest_subsidy":` + tc.subsidy + `}]}`))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "program p1") {
				t.Fatalf("got %v, want an error naming program p1 and %q", err, tc.want)
			}
		})
	}
}

func TestSubsidyAmount(t *testing.T) {
	s := &InterestSubsidy{Rate: decimal.RequireFromString("0.40"), CapPerBorrower: decimal.RequireFromString("500000.00")}
	for _, tc := range []struct{ interest, want string }{
		{"1300000.00", "500000.00"}, // 40% would be 520,000.00: capped
		{"123456.78", "49382.71"},   // 49,382.712 rounded half-up
		{"1250000.00", "500000.00"}, // exactly at the cap
		{"0.01", "0.00"},
		{"0.02", "0.01"}, // 0.008 rounds up
	} {
		if got := FormatAmount(SubsidyAmount(s, decimal.RequireFromString(tc.interest))); got != tc.want {
			t.Errorf("SubsidyAmount(%s): got %s, want %s", tc.interest, got, tc.want)
		}
	}
}
