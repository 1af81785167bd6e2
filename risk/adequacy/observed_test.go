package adequacy

import (
	"errors"
	"testing"
)

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
