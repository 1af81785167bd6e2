package programrisk

import (
	"slices"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/risk/adequacy"
)

func assumptionsDoc(a *risk.Assumptions) AssumptionsDoc {
	d := AssumptionsDoc{Version: a.Version, LGD: a.LGD.String(), Rho: a.Rho.String(),
		DefaultPD: a.DefaultPD.String(), PD: map[string]map[string]string{}}
	for sector, bySize := range a.PD {
		d.PD[sector] = map[string]string{}
		for size, pd := range bySize {
			d.PD[sector][size] = pd.String()
		}
	}
	return d
}

func observedDoc(in *risk.AdequacyInputs) ObservedDoc {
	d := ObservedDoc{CoveredLoans: in.CoveredLoans, DefaultedLoans: in.DefaultedLoans}
	if rate, err := adequacy.ObservedPD(in.DefaultedLoans, in.CoveredLoans); err == nil {
		d.DefaultRate = &rate
	}
	return d
}

func payoutRuleDoc(t risk.PayoutTerms) PayoutRuleDoc {
	d := PayoutRuleDoc{Share: risk.FormatRatio(t.Share)}
	amount := func(v *decimal.Decimal) *string {
		if v == nil {
			return nil
		}
		return ptr(risk.FormatAmount(*v))
	}
	d.PerLoanCap, d.PortfolioCap, d.Cap, d.CapUsed = amount(t.PerLoanCap), amount(t.PortfolioCap), amount(t.Cap), amount(t.CapUsed)
	return d
}

func expectedLossDoc(in *risk.AdequacyInputs) ExpectedLossDoc {
	lgd, share := in.Assumptions.LGD, in.Rule.Share
	var loss, draw decimal.Decimal
	bySector, byBank := map[string]decimal.Decimal{}, map[string]decimal.Decimal{}
	for _, x := range in.Exposures {
		l := x.PD.Mul(lgd).Mul(x.EAD)
		pay := share.Mul(lgd).Mul(x.EAD)
		if c := in.Rule.PerLoanCap; c != nil {
			pay = risk.MinAmount(pay, *c)
		}
		loss, draw = loss.Add(l), draw.Add(x.PD.Mul(pay))
		bySector[x.Sector] = bySector[x.Sector].Add(l)
		byBank[x.Bank] = byBank[x.Bank].Add(l)
	}
	if c := in.Rule.PortfolioCap; c != nil {
		draw = risk.MinAmount(draw, *c)
	}
	d := ExpectedLossDoc{Loss: risk.FormatAmount(risk.RoundCents(loss)), PoolDraw: risk.FormatAmount(risk.RoundCents(draw)),
		BySector: map[string]string{}, ByBank: map[string]string{}}
	for k, v := range bySector {
		d.BySector[k] = risk.FormatAmount(risk.RoundCents(v))
	}
	for k, v := range byBank {
		d.ByBank[k] = risk.FormatAmount(risk.RoundCents(v))
	}
	return d
}

func simulationDoc(r adequacy.SimulationResult) SimulationDoc {
	return SimulationDoc{Scenarios: r.Scenarios, Seed: r.Seed, MeanDraw: estimate(r.MeanDraw),
		DrawQ99: estimate(r.DrawQ99), DrawQ999: estimate(r.DrawQ999), PExhaust: r.PExhaust, ES99: estimate(r.ES99),
		ShortfallGivenExhaust: estimate(r.ShortfallGivenExhaust), MeanShortfall: estimate(r.MeanShortfall),
		Histogram: HistogramDoc{Lo: estimate(r.Histogram.Lo), Hi: estimate(r.Histogram.Hi),
			BinWidth: estimate(r.Histogram.BinWidth), Counts: slices.Clone(r.Histogram.Counts)}}
}

// fundLeverageDoc divides the loans supported by the money put in; funders
// in the inputs' order (by name).
func fundLeverageDoc(in *risk.AdequacyInputs) FundLeverageDoc {
	total := decimal.Zero
	d := FundLeverageDoc{LoansSupported: risk.FormatAmount(in.PortfolioVolume), PerFunder: []FunderLeverageDoc{}}
	for _, f := range in.Funding {
		total = total.Add(f.Amount)
		fd := FunderLeverageDoc{Funder: f.Funder, Money: risk.FormatAmount(f.Amount)}
		if lev, ok := risk.Quotient(in.PortfolioVolume, f.Amount); ok {
			fd.Leverage = ptr(risk.FormatRatio(lev))
		}
		d.PerFunder = append(d.PerFunder, fd)
	}
	d.GovernmentMoney = risk.FormatAmount(total)
	if lev, ok := risk.Quotient(in.PortfolioVolume, total); ok {
		d.Overall = ptr(risk.FormatRatio(lev))
	}
	return d
}

func ptr[T any](v T) *T { return &v }
