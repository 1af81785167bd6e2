package simulate

import (
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

const (
	yuan        int64 = 100
	millionYuan       = 1_000_000 * yuan
	// leverageMargin keeps pools and guarantors below 90% of their limits,
	// so that every loan the generator disburses is covered.
	leverageMarginPct = 90
	financeEveryDays  = 30
	netAssetsEvery    = 91
)

// setup opens the programs: first funding of every pool and the
// guarantors' net assets, then the first loan and the periodic reports.
func (s *Stream) setup() {
	initial := map[string]int64{"sd-lukedai": 50 * millionYuan, "sd-lukedan": 20 * millionYuan, "qd-portfolio": 10 * millionYuan}
	for _, p := range s.w.programs {
		for _, funder := range p.funders {
			s.fund(p, funder, initial[p.id])
		}
	}
	for i, g := range s.w.guarantors {
		s.reportNetAssets(g, g.actor, int64(300-50*i)*millionYuan)
	}
	if s.opts.Loans > 0 {
		s.schedule(event{at: s.spawnAt(0), kind: evSpawn})
	}
	s.schedule(event{at: s.onDay(s.now, financeEveryDays), kind: evFinance})
	s.schedule(event{at: s.onDay(s.now, netAssetsEvery), kind: evNetAssets})
}

// fund writes a pool.funded input from a finance user.
func (s *Stream) fund(p *programSim, funder string, cents int64) {
	l := s.begin(s.financeUser(), ledger.TypePoolFunded, p.id)
	l.str("funder", funder)
	l.money("amount", cents, s.rng.IntN(4) == 0)
	s.finish(ledger.TypePoolFunded)
	p.funded += cents
}

func (s *Stream) financeUser() *actor { return s.w.finance[s.rng.IntN(len(s.w.finance))] }

// topUpForLeverage funds a pool with a leverage limit before a loan that
// would bring its covered outstanding above 90% of the limit.
func (s *Stream) topUpForLeverage(p *programSim, principal int64) {
	if p.maxLeverage == 0 {
		return
	}
	need := p.coveredOutstanding + principal
	if need*100 <= leverageMarginPct*p.maxLeverage*p.poolFloor() {
		return
	}
	// Fund for 30% growth beyond the loan, in round millions per funder.
	target := need * 130 / (leverageMarginPct * p.maxLeverage)
	each := roundUp((target-p.poolFloor())/int64(len(p.funders))+1, millionYuan)
	for _, funder := range p.funders {
		s.fund(p, funder, each)
	}
}

// financeCycle is the finance office's monthly review: it tops up the
// guarantee program's pool every month and the capped guarantee's every
// quarter, so that the latter's approved claims sometimes queue.
func (s *Stream) financeCycle() {
	if !s.active() {
		return
	}
	for _, p := range s.w.programs {
		if p.maxLeverage != 0 {
			continue // funded before each loan, see topUpForLeverage
		}
		p.fundingRounds++
		if p.kind == risk.KindCappedGuarantee && p.fundingRounds%3 != 0 {
			continue
		}
		target := max(5*millionYuan, p.coveredOutstanding/100)
		if p.kind == risk.KindCappedGuarantee {
			target = max(2*millionYuan, p.portfolioVolume/200)
		}
		if floor := p.poolFloor(); floor < target {
			s.fund(p, p.funders[0], roundUp(2*target-floor, millionYuan))
		}
	}
	s.schedule(event{at: s.onDay(s.now, financeEveryDays), kind: evFinance})
}

// netAssetsReports: every quarter each guarantor reports its net assets,
// a little higher than before (retained earnings).
func (s *Stream) netAssetsReports() {
	if !s.active() {
		return
	}
	for _, g := range s.w.guarantors {
		grown := g.netAssets + mulPPM(g.netAssets, s.between(0, 15_000))
		s.reportNetAssets(g, g.actor, roundUp(grown, 10_000*yuan))
	}
	s.schedule(event{at: s.onDay(s.now, netAssetsEvery), kind: evNetAssets})
}

// topUpGuarantor: before a guaranteed loan that would bring the guarantor's
// in-force book above 90% of the ordinary limit (10× net assets), it
// reports a capital increase, sometimes through the finance office.
func (s *Stream) topUpGuarantor(g *guarantorSim, principal int64) {
	need := g.inForce + principal
	if need*100 <= leverageMarginPct*10*g.netAssets {
		return
	}
	from := g.actor
	if s.rng.IntN(5) == 0 {
		from = s.financeUser()
	}
	s.reportNetAssets(g, from, roundUp(need/6, millionYuan))
}

func (s *Stream) reportNetAssets(g *guarantorSim, from *actor, cents int64) {
	l := s.begin(from, ledger.TypeGuarantorNetAssets, "")
	l.str("guarantor", g.name)
	l.money("net_assets", cents, false)
	l.date("as_of", s.now-day)
	s.finish(ledger.TypeGuarantorNetAssets)
	g.netAssets = cents
}
