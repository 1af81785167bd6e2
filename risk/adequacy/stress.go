package adequacy

import (
	"fmt"
	"math"
)

// MaxStressedPD caps a PD raised by a stress multiplier: a multiplied PD is
// still a probability, not a certainty. Only FailBank sets PD = 1.
const MaxStressedPD = 0.999

// ScalePD returns a copy of loans with every PD multiplied by k > 0 and
// capped at MaxStressedPD. A loan already at PD = 1 (a failed bank) stays at 1.
func ScalePD(loans []Loan, k float64) ([]Loan, error) {
	if err := validateMultiplier(k); err != nil {
		return nil, err
	}
	out := make([]Loan, len(loans))
	for i, l := range loans {
		l.PD = stressedPD(l.PD, k)
		out[i] = l
	}
	return out, nil
}

// ShockSector returns a copy of loans where only the sector's loans have
// their PD multiplied by k > 0 (capped like ScalePD). It fails with
// ErrNoMatch when no loan is in the sector, which is most likely a typo.
func ShockSector(loans []Loan, sector string, k float64) ([]Loan, error) {
	if err := validateMultiplier(k); err != nil {
		return nil, err
	}
	out := make([]Loan, len(loans))
	matched := false
	for i, l := range loans {
		if l.Sector == sector {
			l.PD = stressedPD(l.PD, k)
			matched = true
		}
		out[i] = l
	}
	if !matched {
		return nil, fmt.Errorf("%w: sector %q", ErrNoMatch, sector)
	}
	return out, nil
}

// FailBank returns a copy of loans where every loan of the bank has PD = 1,
// so it defaults in every scenario. It fails with ErrNoMatch when the bank
// has no loan in the portfolio.
func FailBank(loans []Loan, bank string) ([]Loan, error) {
	out := make([]Loan, len(loans))
	matched := false
	for i, l := range loans {
		if l.Bank == bank {
			l.PD = 1
			matched = true
		}
		out[i] = l
	}
	if !matched {
		return nil, fmt.Errorf("%w: bank %q", ErrNoMatch, bank)
	}
	return out, nil
}

func validateMultiplier(k float64) error {
	if !(k > 0) || math.IsInf(k, 1) {
		return fmt.Errorf("%w: stress multiplier %v not a finite number > 0", ErrInvalidInput, k)
	}
	return nil
}

func stressedPD(pd, k float64) float64 {
	if pd >= 1 {
		return 1
	}
	return min(pd*k, MaxStressedPD)
}
