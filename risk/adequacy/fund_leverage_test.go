package adequacy

import (
	"errors"
	"math"
	"testing"
)

func TestFundLeverage(t *testing.T) {
	got, err := FundLeverage(500_000_000, map[string]float64{"province": 30_000_000, "city": 20_000_000, "county": 0})
	if err != nil {
		t.Fatalf("got error %v, want nil", err)
	}
	if got.GovMoney != 50_000_000 {
		t.Errorf("gov_money: got %g, want 5e7", got.GovMoney)
	}
	tests := []struct {
		name string
		got  *float64
		want float64
		null bool
	}{
		{"overall", got.Overall, 10, false},
		{"province", got.PerFunder["province"], 500.0 / 30, false},
		{"city", got.PerFunder["city"], 25, false},
		{"county (no money)", got.PerFunder["county"], 0, true},
	}
	for _, tt := range tests {
		switch {
		case tt.null && tt.got != nil:
			t.Errorf("%s: got %g, want null", tt.name, *tt.got)
		case !tt.null && tt.got == nil:
			t.Errorf("%s: got null, want %g", tt.name, tt.want)
		case !tt.null && math.Abs(*tt.got-tt.want) > 1e-12:
			t.Errorf("%s: got %.15g, want %.15g", tt.name, *tt.got, tt.want)
		}
	}
}

func TestFundLeverageNoMoney(t *testing.T) {
	got, err := FundLeverage(1_000, nil)
	if err != nil {
		t.Fatalf("got error %v, want nil", err)
	}
	if got.Overall != nil {
		t.Errorf("overall: got %g, want null", *got.Overall)
	}
}

func TestFundLeverageRejects(t *testing.T) {
	tests := []struct {
		name  string
		loans float64
		money map[string]float64
	}{
		{"negative loans", -1, nil},
		{"nan loans", math.NaN(), nil},
		{"negative money", 1, map[string]float64{"city": -5}},
		{"infinite money", 1, map[string]float64{"city": math.Inf(1)}},
	}
	for _, tt := range tests {
		if _, err := FundLeverage(tt.loans, tt.money); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: got error %v, want ErrInvalidInput", tt.name, err)
		}
	}
}
