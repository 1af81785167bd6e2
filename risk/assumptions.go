package risk

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Assumptions are a program's credit-risk parameters for the pool-adequacy
// analysis (risk/adequacy): versioned program data, set in the programs
// file as the program's optional "risk" object and journaled with it:
//
//	"risk": {"version": "2026-01", "lgd": "0.45", "rho": "0.15", "default_pd": "0.03",
//	         "pd": {"semiconductors": {"micro": "0.05", "small": "0.04"}}}
//
// They never change a booked amount: they only feed estimates.
type Assumptions struct {
	// Version names this set of assumptions; a risk report echoes it.
	Version string
	// LGD is the loss given default, as a share of the exposure, in (0, 1].
	LGD decimal.Decimal
	// Rho is the asset correlation with the one systematic factor, in (0, 1).
	Rho decimal.Decimal
	// DefaultPD is the one-year probability of default of a borrower whose
	// (sector, size) the PD table lacks, in (0, 1).
	DefaultPD decimal.Decimal
	// PD is the one-year probability of default by borrower sector, then by
	// size (micro, small, medium, large), each in (0, 1). Sectors are
	// matched exactly as banks report them. May be empty.
	PD map[string]map[string]decimal.Decimal
}

// The defaults used for a program without a "risk" object. They are
// deliberately plain and conservative, so that a report on defaults is a
// first look, not a calibrated model:
//   - LGD 0.45: the Basel foundation-IRB supervisory LGD of senior unsecured
//     corporate exposures; tech SMEs pledge little collateral (mostly IP).
//   - rho 0.15: inside the Basel corporate range (0.12 to 0.24) after the
//     SME size adjustment; one region's tech firms share a cycle.
//   - default PD 0.03: about the NPL ratio Chinese banks report on inclusive
//     small and micro loans, for every sector and size.
const (
	DefaultAssumptionsVersion = "default"
	DefaultLGD                = "0.45"
	DefaultRho                = "0.15"
	DefaultPD                 = "0.03"
)

// Limits of the "risk" object: a table of tens of sectors, never thousands.
const (
	AssumptionsSectorsMax     = 256
	AssumptionsSectorRunesMax = 200
	AssumptionsVersionMax     = 64
)

// BorrowerSizes are the sizes a PD table may be keyed by (SPEC §4).
var BorrowerSizes = []string{"micro", "small", "medium", "large"}

// DefaultAssumptions returns the documented defaults (see the constants).
func DefaultAssumptions() *Assumptions {
	return &Assumptions{Version: DefaultAssumptionsVersion, LGD: decimal.RequireFromString(DefaultLGD),
		Rho: decimal.RequireFromString(DefaultRho), DefaultPD: decimal.RequireFromString(DefaultPD)}
}

// PDFor is the PD of a borrower of this sector and size: the table's value
// when it has one, else DefaultPD.
func (a *Assumptions) PDFor(sector, size string) decimal.Decimal {
	if pd, ok := a.PD[sector][size]; ok {
		return pd
	}
	return a.DefaultPD
}

// assumptionsJSON is the "risk" object of a program; ratios are strings.
type assumptionsJSON struct {
	Version   string                       `json:"version"`
	LGD       *string                      `json:"lgd"`
	Rho       *string                      `json:"rho"`
	DefaultPD *string                      `json:"default_pd"`
	PD        map[string]map[string]string `json:"pd"`
}

// validate checks a "risk" object; nil (no object) gives nil. Every error
// names the field ("risk.pd.semiconductors.micro: ...").
func (aj *assumptionsJSON) validate() (*Assumptions, error) {
	if aj == nil {
		return nil, nil
	}
	a := &Assumptions{Version: aj.Version}
	if strings.TrimSpace(aj.Version) == "" || utf8.RuneCountInString(aj.Version) > AssumptionsVersionMax {
		return nil, fmt.Errorf("risk.version: required, 1-%d characters (such as \"2026-01\")", AssumptionsVersionMax)
	}
	var err error
	if a.LGD, err = requiredRatio("risk.lgd", aj.LGD, true); err != nil {
		return nil, err
	}
	if a.Rho, err = requiredRatio("risk.rho", aj.Rho, false); err != nil {
		return nil, err
	}
	if a.DefaultPD, err = requiredRatio("risk.default_pd", aj.DefaultPD, false); err != nil {
		return nil, err
	}
	if len(aj.PD) > AssumptionsSectorsMax {
		return nil, fmt.Errorf("risk.pd: %d sectors, at most %d", len(aj.PD), AssumptionsSectorsMax)
	}
	if len(aj.PD) > 0 {
		a.PD = make(map[string]map[string]decimal.Decimal, len(aj.PD))
	}
	// Sorted, so that the first error reported is the same on every run.
	for _, sector := range sortedMapKeys(aj.PD) {
		if strings.TrimSpace(sector) == "" || utf8.RuneCountInString(sector) > AssumptionsSectorRunesMax {
			return nil, fmt.Errorf("risk.pd: sector %q must be 1-%d characters", sector, AssumptionsSectorRunesMax)
		}
		bySize := make(map[string]decimal.Decimal, len(aj.PD[sector]))
		for _, size := range sortedMapKeys(aj.PD[sector]) {
			field := "risk.pd." + sector + "." + size
			if !slices.Contains(BorrowerSizes, size) {
				return nil, fmt.Errorf("%s: unknown size %q (micro, small, medium or large)", field, size)
			}
			text := aj.PD[sector][size]
			if bySize[size], err = requiredRatio(field, &text, false); err != nil {
				return nil, err
			}
		}
		a.PD[sector] = bySize
	}
	return a, nil
}

// requiredRatio parses a ratio that must be set and lie in (0, 1), or in
// (0, 1] when oneOK.
func requiredRatio(field string, text *string, oneOK bool) (decimal.Decimal, error) {
	if text == nil {
		return zero, fmt.Errorf("%s: required", field)
	}
	d, err := ParseRatio(*text)
	if err != nil {
		return zero, fmt.Errorf("%s: %v", field, err)
	}
	if d.Sign() == 0 || (!oneOK && d.Equal(one)) {
		return zero, fmt.Errorf("%s: %s must lie %s", field, *text, map[bool]string{true: "in (0, 1]", false: "in (0, 1)"}[oneOK])
	}
	return d, nil
}

func sortedMapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
