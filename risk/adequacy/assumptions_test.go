package adequacy

import (
	"errors"
	"math"
	"testing"
)

func validAssumptions() Assumptions {
	return Assumptions{
		Version: "2025-q3",
		PD: map[string]map[Size]float64{
			"biotech":  {SizeMicro: 0.05, SizeSmall: 0.03},
			"software": {SizeLarge: 0.01},
		},
		DefaultPD: 0.025,
		LGD:       0.6,
		Rho:       0.2,
	}
}

func TestAssumptionsPDFor(t *testing.T) {
	a := validAssumptions()
	tests := []struct {
		sector string
		size   Size
		want   float64
	}{
		{"biotech", SizeMicro, 0.05},
		{"biotech", SizeSmall, 0.03},
		{"biotech", SizeLarge, 0.025},
		{"software", SizeLarge, 0.01},
		{"mining", SizeMedium, 0.025},
	}
	for _, tt := range tests {
		if got := a.PDFor(tt.sector, tt.size); got != tt.want {
			t.Errorf("PDFor(%q, %q): got %g, want %g", tt.sector, tt.size, got, tt.want)
		}
	}
}

func TestAssumptionsValidate(t *testing.T) {
	if err := validAssumptions().Validate(); err != nil {
		t.Fatalf("valid assumptions: got error %v, want nil", err)
	}
	tests := []struct {
		name   string
		mutate func(*Assumptions)
	}{
		{"no version", func(a *Assumptions) { a.Version = "" }},
		{"default pd zero", func(a *Assumptions) { a.DefaultPD = 0 }},
		{"default pd one", func(a *Assumptions) { a.DefaultPD = 1 }},
		{"table pd zero", func(a *Assumptions) { a.PD["biotech"][SizeMicro] = 0 }},
		{"table pd nan", func(a *Assumptions) { a.PD["biotech"][SizeMicro] = math.NaN() }},
		{"unknown size", func(a *Assumptions) { a.PD["biotech"]["huge"] = 0.1 }},
		{"lgd negative", func(a *Assumptions) { a.LGD = -0.1 }},
		{"lgd above one", func(a *Assumptions) { a.LGD = 1.01 }},
		{"rho zero", func(a *Assumptions) { a.Rho = 0 }},
		{"rho one", func(a *Assumptions) { a.Rho = 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAssumptions()
			tt.mutate(&a)
			if err := a.Validate(); !errors.Is(err, ErrInvalidInput) {
				t.Errorf("got error %v, want ErrInvalidInput", err)
			}
		})
	}
	edges := validAssumptions()
	edges.LGD = 0
	if err := edges.Validate(); err != nil {
		t.Errorf("lgd 0: got error %v, want nil", err)
	}
	edges.LGD = 1
	if err := edges.Validate(); err != nil {
		t.Errorf("lgd 1: got error %v, want nil", err)
	}
}

func TestObservedPD(t *testing.T) {
	tests := []struct {
		defaults, loans int
		want            float64
		wantErr         bool
	}{
		{3, 150, 0.02, false},
		{0, 10, 0, false},
		{10, 10, 1, false},
		{0, 0, 0, true},
		{1, -5, 0, true},
		{-1, 10, 0, true},
		{11, 10, 0, true},
	}
	for _, tt := range tests {
		got, err := ObservedPD(tt.defaults, tt.loans)
		if tt.wantErr {
			if !errors.Is(err, ErrInvalidInput) {
				t.Errorf("ObservedPD(%d, %d): got error %v, want ErrInvalidInput", tt.defaults, tt.loans, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ObservedPD(%d, %d): got %g, %v, want %g, nil", tt.defaults, tt.loans, got, err, tt.want)
		}
	}
}
