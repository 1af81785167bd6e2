package simulate

import (
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// claimSim is the generator's model of a claim: its loss and payable as
// the engine computes them (SPEC §6), which decide whether it needs two
// approvals.
type claimSim struct {
	prog     *programSim
	order    int // in the program's opening order (capped guarantees only)
	loss     int64
	payable  int64
	rejected bool
	final    bool // finally approved: the loss is frozen
}

// Reasons the finance office gives for rejecting a claim.
var rejectReasons = []string{
	"贷款用途与备案不符 (loan purpose differs from the registration)",
	"未按规定时限报送逾期信息 (overdue report filed late)",
	"担保手续不完整 (guarantee documents incomplete)",
	"借款企业不属于科技型中小企业名单 (borrower not on the tech-SME list)",
}

// assess is the payable of a loss as the engine computes it
// (risk.AssessClaim, SPEC §6), given the payable of the program's earlier
// non-rejected claims (which use up a capped guarantee's cap). No program
// of ProgramsJSON sets a per-bank annual cap, so no bank's year is tracked.
func (p *programSim) assess(loss, earlierPayable int64) int64 {
	a := risk.AssessClaim(p.def, risk.AmountOfCents(loss), risk.ClaimContext{
		ProgramPayable: risk.AmountOfCents(earlierPayable), PortfolioVolume: risk.AmountOfCents(p.portfolioVolume)})
	return a.Payable.Shift(2).IntPart()
}

// claimLoss is a claim's loss L as the engine computes it
// (risk.ClaimLoss): outstanding principal less net recoveries, never below
// zero. No program of ProgramsJSON covers interest, so unpaid interest
// never counts (TestProgramsJSONMatchesModel checks it).
func (p *programSim) claimLoss(outstanding, netRecovered int64) int64 {
	return risk.ClaimLoss(p.def, risk.AmountOfCents(outstanding), risk.AmountOfCents(0), risk.AmountOfCents(netRecovered)).Shift(2).IntPart()
}

// needsTwoApprovals is the engine's rule (risk.NeedsTwoApprovals) on the
// claim's payable at its first approval.
func (c *claimSim) needsTwoApprovals() bool {
	return risk.NeedsTwoApprovals(c.prog.def, risk.AmountOfCents(c.payable))
}

// defaulted records a default the engine has just seen: the loan leaves
// the in-force books and its claim opens. It plans what follows: recoveries
// (some before the claim is decided), the decision, the write-off.
func (s *Stream) defaulted(l *loanSim) {
	p := l.prog
	l.status = loanDefaulted
	p.coveredOutstanding -= l.outstanding
	if l.guarantor != nil {
		l.guarantor.inForce -= l.outstanding
	}
	c := &claimSim{prog: p, order: len(p.claims), loss: p.claimLoss(l.outstanding, 0)}
	c.payable = p.assess(c.loss, p.payableTotal)
	p.payableTotal += c.payable
	if p.kind == risk.KindCappedGuarantee {
		p.claims = append(p.claims, c)
	}
	l.claim = c
	s.stats.Claims[string(p.kind)]++

	l.rejectClaim = s.rng.IntN(100) < 5
	switch x := s.rng.IntN(10); {
	case x < 4:
	case x < 8:
		l.recoverAfter = 1
	default:
		l.recoverAfter = 2
	}
	if l.recoverAfter > 0 && s.rng.IntN(10) < 3 {
		l.recoverFirst, l.recoverAfter = 1, l.recoverAfter-1
	}
	if l.recoverFirst > 0 {
		s.nextPhase(l, phRecover, s.later(15, 60))
		return
	}
	s.nextPhase(l, phDecide, s.later(20, 60))
}

// recover writes loan.recovered: 5% to 40% of what was outstanding at the
// default, usually less some costs. Before the claim is decided the
// recovery lowers its loss and payable.
func (s *Stream) recover(l *loanSim) {
	amount := roundUp(l.outstanding*s.between(5, 40)/100, 100*yuan)
	var costs int64
	ln := s.begin(l.bank, ledger.TypeLoanRecovered, l.prog.id)
	ln.str("loan", l.id)
	ln.money("amount", amount, s.rng.IntN(4) == 0)
	if s.rng.IntN(10) < 7 {
		costs = amount * s.between(2, 15) / 100
		ln.money("costs", costs, false)
	}
	ln.date("recovered_on", s.now)
	s.finish(ledger.TypeLoanRecovered)
	l.netRecovered += amount - costs

	if c := l.claim; !c.final && !c.rejected {
		s.reassess(l, c)
	}
	if l.recoverFirst > 0 {
		l.recoverFirst--
		s.nextPhase(l, phDecide, s.later(20, 60))
		return
	}
	l.recoverAfter--
	s.afterDecision(l)
}

// reassess recomputes an open claim after a recovery, against the
// non-rejected claims opened before it.
func (s *Stream) reassess(l *loanSim, c *claimSim) {
	p := c.prog
	var earlier int64
	for _, e := range p.claims[:min(c.order, len(p.claims))] {
		if !e.rejected {
			earlier += e.payable
		}
	}
	before := c.payable
	c.loss = p.claimLoss(l.outstanding, l.netRecovered)
	c.payable = p.assess(c.loss, earlier)
	p.payableTotal += c.payable - before
}

// decideClaim: the finance office rejects a few claims and approves the
// rest; a payable at or above the program's threshold needs a second
// finance user.
func (s *Stream) decideClaim(l *loanSim) {
	c := l.claim
	if l.rejectClaim {
		ln := s.begin(s.financeUser(), ledger.TypeClaimRejected, l.prog.id)
		ln.str("claim", l.prog.id+"/"+l.id)
		ln.str("reason", rejectReasons[s.rng.IntN(len(rejectReasons))])
		s.finish(ledger.TypeClaimRejected)
		c.rejected = true
		c.prog.payableTotal -= c.payable
		s.stats.ClaimsRejected++
		s.afterDecision(l)
		return
	}
	l.approver = s.financeUser()
	s.approve(l, l.approver)
	if c.needsTwoApprovals() {
		s.nextPhase(l, phApprove2, s.later(1, 10))
		s.stats.DualApprovals++
		return
	}
	s.finalApproval(l)
}

func (s *Stream) approve(l *loanSim, by *actor) {
	ln := s.begin(by, ledger.TypeClaimApproved, l.prog.id)
	ln.str("claim", l.prog.id+"/"+l.id)
	s.finish(ledger.TypeClaimApproved)
}

func (s *Stream) otherFinanceUser(not *actor) *actor {
	for {
		if u := s.financeUser(); u != not {
			return u
		}
	}
}

// finalApproval freezes the loss; the pool pays the payable or owes it.
func (s *Stream) finalApproval(l *loanSim) {
	l.claim.final = true
	l.prog.approvedPayable += l.claim.payable
	s.afterDecision(l)
}

// afterDecision: the remaining recoveries, then the write-off.
func (s *Stream) afterDecision(l *loanSim) {
	if l.recoverAfter > 0 {
		s.nextPhase(l, phRecover, s.later(30, 120))
		return
	}
	s.nextPhase(l, phClose, s.later(30, 90))
}
