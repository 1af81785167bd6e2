package adequacy

import (
	"errors"
	"math"
	"testing"
)

func TestLoanExpectedLoss(t *testing.T) {
	if got := LoanExpectedLoss(0.02, 0.6, 100_000_000); math.Abs(got-1_200_000) > 1e-6 {
		t.Errorf("got %g, want 1200000", got)
	}
}

func TestPortfolioExpectedLoss(t *testing.T) {
	loans := []Loan{
		{EAD: 1_000_000, PD: 0.02, Sector: "biotech", Bank: "icbc"},
		{EAD: 2_000_000, PD: 0.05, Sector: "software", Bank: "icbc"},
		{EAD: 500_000, PD: 1, Sector: "biotech", Bank: "boc"},
	}
	got, err := PortfolioExpectedLoss(loans, 0.5)
	if err != nil {
		t.Fatalf("got error %v, want nil", err)
	}
	tests := []struct {
		name      string
		got, want float64
	}{
		{"ead", got.EAD, 3_500_000},
		{"el", got.Total, 10_000 + 50_000 + 250_000},
		{"biotech", got.BySector["biotech"], 260_000},
		{"software", got.BySector["software"], 50_000},
		{"icbc", got.ByBank["icbc"], 60_000},
		{"boc", got.ByBank["boc"], 250_000},
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-6 {
			t.Errorf("%s: got %.10g, want %.10g", tt.name, tt.got, tt.want)
		}
	}
}

func TestPortfolioExpectedLossRejects(t *testing.T) {
	tests := []struct {
		name  string
		loans []Loan
		lgd   float64
	}{
		{"lgd above one", nil, 1.5},
		{"negative ead", []Loan{{EAD: -1, PD: 0.1}}, 0.5},
		{"pd above one", []Loan{{EAD: 1, PD: 1.1}}, 0.5},
		{"nan pd", []Loan{{EAD: 1, PD: math.NaN()}}, 0.5},
	}
	for _, tt := range tests {
		if _, err := PortfolioExpectedLoss(tt.loans, tt.lgd); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: got error %v, want ErrInvalidInput", tt.name, err)
		}
	}
}
