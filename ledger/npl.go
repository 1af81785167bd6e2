package ledger

import (
	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// remainingLoss is what a defaulted covered loan still counts in its bank's
// NPL ratio (SPEC §6, §15 "Numbers"): max(0, O + I − R), O the outstanding
// principal, I the unpaid interest when the program covers interest, R all
// its net recoveries, after approval too: the claim's loss is frozen at
// approval, the bank's remaining loss is not.
func remainingLoss(l *Loan) decimal.Decimal {
	return l.coveredPart(risk.ClaimLoss(l.Program.Def, l.Outstanding, l.UnpaidInterest, l.NetRecovered))
}

// countRemaining adds (sign +1) or takes back (−1) a defaulted covered
// loan's remaining loss in its bank's NPL numerator.
func (e *Engine) countRemaining(l *Loan, sign int) {
	if !l.Covered {
		return
	}
	pb := l.Program.bank(l.Bank)
	if sign > 0 {
		pb.remainingLoss = pb.remainingLoss.Add(remainingLoss(l))
	} else {
		pb.remainingLoss = pb.remainingLoss.Sub(remainingLoss(l))
	}
}

// BankNPLRatio is a bank's non-performing ratio in a program under the
// current rules: the remaining loss of its defaulted covered loans ÷ (that
// + its covered in-force principal); false for a zero denominator, which
// never suspends.
func (e *Engine) BankNPLRatio(p *Program, bank string) (decimal.Decimal, bool) {
	return e.bankNPLRatio(p, bank, RulesCurrent)
}

// bankNPLRatio is the ratio as the given rules count it: before
// RulesStrictFields the numerator was each claim's loss, frozen at its
// approval and kept after the loan's recoveries.
func (e *Engine) bankNPLRatio(p *Program, bank string, rules int) (decimal.Decimal, bool) {
	pb := p.banks[bank]
	if pb == nil {
		return decimal.Zero, false
	}
	loss := pb.remainingLoss
	if rules < RulesStrictFields {
		loss = pb.defaultedLoss
	}
	if p.Def.Filing != nil { // covered parts on both sides (SPEC §15 "Numbers")
		return risk.NPLRatio(loss, pb.coveredInForce)
	}
	return risk.NPLRatio(loss, e.book.Balance(Account{AccountLoansCovered, p.Def.ID, bank}))
}
