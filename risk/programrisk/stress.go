package programrisk

import (
	"fmt"
	"maps"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/risk/adequacy"
)

// stressCase is a stressed portfolio and its report entry, results to come.
type stressCase struct {
	loans []adequacy.Loan
	doc   StressDoc
}

// stressScenarios are: every PD ×2; the largest sector's PDs ×3; the
// largest bank failing (all its loans default). Largest is by EAD, ties
// to the first name. With nothing in force, only the first applies.
func (m *model) stressScenarios() []stressCase {
	var out []stressCase
	if loans, err := adequacy.ScalePD(m.loans, StressPDFactor); err == nil {
		out = append(out, stressCase{loans, StressDoc{Name: "pd_x2",
			Description: fmt.Sprintf("every PD × %d", StressPDFactor)}})
	}
	sector, bank := largest(m.in.Exposures, func(x risk.Exposure) string { return x.Sector }),
		largest(m.in.Exposures, func(x risk.Exposure) string { return x.Bank })
	if sector != "" {
		if loans, err := adequacy.ShockSector(m.loans, sector, StressSectorFactor); err == nil {
			out = append(out, stressCase{loans, StressDoc{Name: "sector_x3", Sector: ptr(sector),
				Description: fmt.Sprintf("PDs of the largest sector (%s) × %d", sector, StressSectorFactor)}})
		}
	}
	if bank != "" {
		if loans, err := adequacy.FailBank(m.loans, bank); err == nil {
			out = append(out, stressCase{loans, StressDoc{Name: "bank_fails", Bank: ptr(bank),
				Description: fmt.Sprintf("the largest bank (%s) fails: all its covered loans default", bank)}})
		}
	}
	return out
}

// largest is the key with the most EAD, ties to the smaller key; "" for
// no exposures.
func largest(xs []risk.Exposure, key func(risk.Exposure) string) string {
	sums := map[string]decimal.Decimal{}
	for _, x := range xs {
		sums[key(x)] = sums[key(x)].Add(x.EAD)
	}
	best := ""
	for _, k := range slices.Sorted(maps.Keys(sums)) {
		if best == "" || sums[k].Cmp(sums[best]) > 0 {
			best = k
		}
	}
	return best
}
