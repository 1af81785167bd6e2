package adequacy

import (
	"errors"
	"slices"
	"testing"
)

func stressPortfolio() []Loan {
	return []Loan{
		{EAD: 100, PD: 0.02, Sector: "biotech", Bank: "icbc"},
		{EAD: 200, PD: 0.30, Sector: "software", Bank: "icbc"},
		{EAD: 300, PD: 0.05, Sector: "biotech", Bank: "boc"},
		{EAD: 400, PD: 1, Sector: "software", Bank: "failed"},
	}
}

func pds(loans []Loan) []float64 {
	out := make([]float64, len(loans))
	for i, l := range loans {
		out[i] = l.PD
	}
	return out
}

func TestStressScenarios(t *testing.T) {
	tests := []struct {
		name  string
		apply func([]Loan) ([]Loan, error)
		want  []float64
	}{
		{"scale ×2", func(l []Loan) ([]Loan, error) { return ScalePD(l, 2) }, []float64{0.04, 0.6, 0.1, 1}},
		{"scale ×5 caps at 0.999", func(l []Loan) ([]Loan, error) { return ScalePD(l, 5) }, []float64{0.1, MaxStressedPD, 0.25, 1}},
		{"scale ×0.5", func(l []Loan) ([]Loan, error) { return ScalePD(l, 0.5) }, []float64{0.01, 0.15, 0.025, 1}},
		{"biotech ×3", func(l []Loan) ([]Loan, error) { return ShockSector(l, "biotech", 3) }, []float64{0.06, 0.30, 0.15000000000000002, 1}},
		{"icbc fails", func(l []Loan) ([]Loan, error) { return FailBank(l, "icbc") }, []float64{1, 1, 0.05, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := stressPortfolio()
			got, err := tt.apply(in)
			if err != nil {
				t.Fatalf("got error %v, want nil", err)
			}
			if !slices.Equal(pds(got), tt.want) {
				t.Errorf("pds: got %v, want %v", pds(got), tt.want)
			}
			if !slices.Equal(in, stressPortfolio()) {
				t.Errorf("input: got %v, want it unchanged", in)
			}
			for i := range got {
				if got[i].EAD != in[i].EAD || got[i].Sector != in[i].Sector || got[i].Bank != in[i].Bank {
					t.Errorf("loan %d: got %+v, want only its pd changed from %+v", i, got[i], in[i])
				}
			}
		})
	}
}

func TestStressRejects(t *testing.T) {
	tests := []struct {
		name  string
		apply func([]Loan) ([]Loan, error)
		want  error
	}{
		{"scale zero", func(l []Loan) ([]Loan, error) { return ScalePD(l, 0) }, ErrInvalidInput},
		{"scale negative", func(l []Loan) ([]Loan, error) { return ScalePD(l, -1) }, ErrInvalidInput},
		{"sector zero", func(l []Loan) ([]Loan, error) { return ShockSector(l, "biotech", 0) }, ErrInvalidInput},
		{"unknown sector", func(l []Loan) ([]Loan, error) { return ShockSector(l, "mining", 2) }, ErrNoMatch},
		{"unknown bank", func(l []Loan) ([]Loan, error) { return FailBank(l, "ccb") }, ErrNoMatch},
	}
	for _, tt := range tests {
		if _, err := tt.apply(stressPortfolio()); !errors.Is(err, tt.want) {
			t.Errorf("%s: got error %v, want %v", tt.name, err, tt.want)
		}
	}
}
