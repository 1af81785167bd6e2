package risk

import "github.com/shopspring/decimal"

// NeedsTwoApprovals reports whether a claim of this payable under p must
// be approved by two different finance users (SPEC §6): payable ≥ the
// program's dual_approval_threshold. The engine decides it at the first
// approval; before that, the same rule on the current payable foretells
// it (the claim documents say so, the console shows it).
func NeedsTwoApprovals(p *Program, payable decimal.Decimal) bool {
	t := p.DualApprovalThreshold
	return t != nil && payable.Cmp(*t) >= 0
}
