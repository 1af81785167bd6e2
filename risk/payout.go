package risk

import "github.com/shopspring/decimal"

// Assessment is what a claim is worth: the loss, its split between parties
// (program parties in order, the bank last with the remainder) and the part
// the program's pool pays.
type Assessment struct {
	Loss    decimal.Decimal
	Shares  []Share
	Payable decimal.Decimal
}

// ClaimContext carries what a payout depends on besides the loss: the
// earlier claims that use up a cap and the portfolio a cap is set on.
type ClaimContext struct {
	// BankYearPayable: payable of the bank's earlier non-rejected claims in
	// this program opened in the same calendar year (per_bank_annual_cap).
	BankYearPayable decimal.Decimal
	// ProgramPayable: payable of the program's earlier non-rejected claims
	// (the capped portfolio guarantee's cap).
	ProgramPayable decimal.Decimal
	// PortfolioVolume: APV, principal of the covered loans ever disbursed.
	PortfolioVolume decimal.Decimal
}

// ClaimLoss is L = base − net recoveries, never below zero, where base is the
// outstanding principal plus, when the program covers it, unpaid interest.
func ClaimLoss(p *Program, outstandingPrincipal, unpaidInterest, netRecovered decimal.Decimal) decimal.Decimal {
	base := outstandingPrincipal
	if p.CoversInterest() {
		base = base.Add(unpaidInterest)
	}
	return NonNegative(base.Sub(netRecovered))
}

// AssessClaim computes the split and the payable of a loss L under p (SPEC §6).
// The same function previews a payout and books it.
func AssessClaim(p *Program, loss decimal.Decimal, ctx ClaimContext) Assessment {
	switch p.Kind {
	case KindGuaranteeProgram:
		return assessGuarantee(p, loss)
	case KindCappedGuarantee:
		return assessCapped(p, loss, ctx)
	default:
		return assessPool(p, loss, ctx)
	}
}

// assessPool: payable = min(Σ ratios × L, per_loan_cap, annual cap left),
// shared by the funders in proportion to their ratios; the bank bears the rest.
func assessPool(p *Program, loss decimal.Decimal, ctx ClaimContext) Assessment {
	ratioSum := p.FunderRatioSum()
	payable := MulCents(loss, ratioSum)
	if p.PerLoanCap != nil {
		payable = MinAmount(payable, *p.PerLoanCap)
	}
	if p.PerBankAnnualCap != nil {
		payable = MinAmount(payable, NonNegative(p.PerBankAnnualCap.Sub(ctx.BankYearPayable)))
	}
	shares := make([]Share, 0, len(p.Shares)+1)
	rest := payable
	for i, f := range p.Shares {
		part := rest
		if i < len(p.Shares)-1 {
			part = zero
			if ratioSum.Sign() > 0 {
				part = payable.Mul(f.Ratio).DivRound(ratioSum, AmountFractionDigitsMax)
			}
		}
		shares = append(shares, Share{Party: f.Party, Amount: part})
		rest = rest.Sub(part)
	}
	shares = append(shares, Share{Party: PartyBank, Amount: loss.Sub(payable)})
	return Assessment{Loss: loss, Shares: shares, Payable: payable}
}

// assessGuarantee: L split by the four ratios in program order with the bank
// moved last; the pool pays the government's part.
func assessGuarantee(p *Program, loss decimal.Decimal) Assessment {
	parties := make([]string, 0, len(p.Shares))
	ratios := make([]decimal.Decimal, 0, len(p.Shares))
	var bankRatio decimal.Decimal
	for _, s := range p.Shares {
		if s.Party == PartyBank {
			bankRatio = s.Ratio
			continue
		}
		parties = append(parties, s.Party)
		ratios = append(ratios, s.Ratio)
	}
	parties = append(parties, PartyBank)
	ratios = append(ratios, bankRatio)
	shares := SplitByRatios(loss, parties, ratios)
	payable := zero
	for _, s := range shares {
		if s.Party == PartyGovernment {
			payable = s.Amount
		}
	}
	return Assessment{Loss: loss, Shares: shares, Payable: payable}
}

// assessCapped: payable = min(guarantee_rate × L, cap − earlier payables),
// never below zero; the guarantor pays it and the bank keeps the rest.
func assessCapped(p *Program, loss decimal.Decimal, ctx ClaimContext) Assessment {
	capLeft := NonNegative(PortfolioCap(p, ctx.PortfolioVolume).Sub(ctx.ProgramPayable))
	payable := MinAmount(MulCents(loss, p.GuaranteeRate), capLeft)
	return Assessment{Loss: loss, Payable: payable, Shares: []Share{
		{Party: PartyGuarantor, Amount: payable},
		{Party: PartyBank, Amount: loss.Sub(payable)},
	}}
}

// PortfolioCap is the capped guarantee's total payout limit:
// APV × guarantee_rate × cap_rate (basis guaranteed) or APV × cap_rate.
func PortfolioCap(p *Program, portfolioVolume decimal.Decimal) decimal.Decimal {
	rate := p.CapRate
	if p.CapBasis == CapBasisGuaranteed {
		rate = rate.Mul(p.GuaranteeRate)
	}
	return MulCents(portfolioVolume, rate)
}

// GuarantorPaysBank is what the guarantor of a guarantee program pays the
// bank on a claim: L less the bank's own part.
func GuarantorPaysBank(a Assessment) decimal.Decimal {
	for _, s := range a.Shares {
		if s.Party == PartyBank {
			return a.Loss.Sub(s.Amount)
		}
	}
	return a.Loss
}

// RecoveryPoolPart is the pool's part of a net recovery R on a claim whose
// loss was frozen at approval: R × payable ÷ L rounded to the cent, so that
// all recoveries together never return more than the payable.
func RecoveryPoolPart(net, payable, loss, recoveredSoFar decimal.Decimal) decimal.Decimal {
	return RecoveryPoolPartFiled(net, zero, zero, payable, loss, recoveredSoFar)
}

// RecoveryPoolPartFiled is RecoveryPoolPart on a loan of principal P with
// filed amount F (SPEC §15 "Filing"): R × F ÷ P × payable ÷ L, rounded
// once; with F = P (or both 0) R × payable ÷ L.
func RecoveryPoolPartFiled(net, filed, principal, payable, loss, recoveredSoFar decimal.Decimal) decimal.Decimal {
	if loss.Sign() == 0 || net.Sign() <= 0 {
		return zero
	}
	if !filed.Equal(principal) {
		part := net.Mul(filed).Mul(payable).DivRound(principal.Mul(loss), AmountFractionDigitsMax)
		return MinAmount(part, NonNegative(payable.Sub(recoveredSoFar)))
	}
	return recoveryPoolPart(net, payable, loss, recoveredSoFar)
}

func recoveryPoolPart(net, payable, loss, recoveredSoFar decimal.Decimal) decimal.Decimal {
	if loss.Sign() == 0 || net.Sign() <= 0 {
		return zero
	}
	part := net.Mul(payable).DivRound(loss, AmountFractionDigitsMax)
	return MinAmount(part, NonNegative(payable.Sub(recoveredSoFar)))
}
