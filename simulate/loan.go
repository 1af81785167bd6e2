package simulate

import (
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// What becomes of a loan.
type fate uint8

const (
	fateRegular        fate = iota // repaid on schedule, then closed
	fatePrepaid                    // repaid in full early, then closed
	fateLateCured                  // one installment late, reported overdue, then cured
	fateDefaultTrigger             // overdue reports until the program's trigger
	fateDefaultReport              // reported defaulted by the bank
)

// Where a loan's chain of events stands.
type phase uint8

const (
	phRepay    phase = iota // pay installment paid+1
	phOverdue               // report days past due (dpdStep 0, 1, 2)
	phCurePay               // pay the late installment
	phCured                 // report days past due 0
	phDefault               // report loan.defaulted
	phRecover               // a recovery on the defaulted loan
	phDecide                // the finance office approves or rejects the claim
	phApprove2              // the second finance user approves
	phClose
)

type loanStatus uint8

const (
	loanPerforming loanStatus = iota
	loanOverdue
	loanDefaulted
	loanClosed
)

// loanSim is a running loan. Amounts are in cents.
type loanSim struct {
	id           string
	prog         *programSim
	bank         *actor
	guarantor    *guarantorSim
	principal    int64
	outstanding  int64
	ratePPM      int64
	installments int
	paid         int // installments paid
	bullet       bool
	disbursedDay int64 // local midnight
	fate         fate
	troubleAt    int // the installment where the fate turns (1-based)
	status       loanStatus
	phase        phase
	dpdStep      int
	dpd          int64 // days past due of the report scheduled next
	claim        *claimSim
	netRecovered int64
	recoverFirst int // recoveries before the claim is decided
	recoverAfter int // recoveries after it
	rejectClaim  bool
	approver     *actor
}

// spawnAt spreads the disbursements evenly over the lending window, during
// business hours, in loan order.
func (s *Stream) spawnAt(n int64) int64 {
	pos := float64(n) * float64(s.opts.DisbursementDays) / float64(s.opts.Loans)
	d := int64(pos)
	return midnight(s.opts.Start.Unix()) + (d+1)*day + businessStart + int64((pos-float64(d))*businessHours)
}

// disburse writes loan.disbursed for the next loan, after whatever funding
// or net-assets report keeps it covered.
func (s *Stream) disburse() {
	n := s.spawned
	s.spawned++
	if s.spawned < int64(s.opts.Loans) {
		s.schedule(event{at: max(s.spawnAt(s.spawned), s.now+1), kind: evSpawn})
	}
	p := s.pickProgram()
	bank := p.banks[s.rng.IntN(len(p.banks))]
	b, isNew := s.pickBorrower()
	l := &loanSim{prog: p, bank: bank, principal: principalFor(s.rng, b.size),
		ratePPM: 30_000 + 500*s.rng.Int64N(61), disbursedDay: midnight(s.now)}
	l.id = bank.name + "-L" + string(appendPadded(nil, n+1, 7))
	l.outstanding = l.principal
	term := s.pickTerm()
	l.installments = term / 3
	l.bullet = s.rng.IntN(4) == 0
	s.pickFate(l)

	if p.kind == risk.KindGuaranteeProgram {
		l.guarantor = s.w.guarantors[s.rng.IntN(len(s.w.guarantors))]
		s.topUpGuarantor(l.guarantor, l.principal)
	}
	s.topUpForLeverage(p, l.principal)

	ln := s.begin(bank, ledger.TypeLoanDisbursed, p.id)
	ln.str("loan", l.id)
	ln.openObject("borrower")
	ln.str("id", b.id)
	ln.str("name", b.name)
	ln.str("sector", sectors[b.sector].id)
	ln.str("size", b.size)
	ln.closeObject()
	ln.money("principal", l.principal, s.rng.IntN(5) == 0)
	ln.key("annual_rate")
	ln.b = append(appendRatio(append(ln.b, '"'), l.ratePPM), '"')
	ln.int("term_months", int64(term))
	ln.date("disbursed_on", s.now)
	if s.rng.IntN(3) == 0 {
		ln.str("currency", "CNY")
	}
	if l.guarantor != nil {
		g := l.guarantor.name
		if s.rng.IntN(10) == 0 {
			g = ledger.RoleGuarantor + ":" + g
		}
		ln.str("guarantor", g)
	}
	s.finish(ledger.TypeLoanDisbursed)

	s.stats.Loans++
	s.activeLoans++
	p.coveredOutstanding += l.principal
	p.portfolioVolume += l.principal
	if l.guarantor != nil {
		l.guarantor.inForce += l.principal
	}
	if isNew && s.rng.IntN(12) == 0 {
		s.startProject(b)
	}
	s.scheduleInstallment(l)
}

func (s *Stream) pickProgram() *programSim {
	x := s.rng.Float64()
	for _, p := range s.w.programs {
		if x < p.loanShare {
			return p
		}
		x -= p.loanShare
	}
	return s.w.programs[len(s.w.programs)-1]
}

// pickBorrower returns a new enterprise six times in ten, else one that
// borrowed before.
func (s *Stream) pickBorrower() (borrower, bool) {
	if s.borrowers == 0 || s.rng.IntN(10) < 6 {
		s.borrowers++
		s.stats.Borrowers++
		return borrowerOf(s.seed, s.borrowers), true
	}
	return borrowerOf(s.seed, 1+s.rng.Int64N(s.borrowers)), false
}

// pickTerm: 6 to 36 months, repaid quarterly.
func (s *Stream) pickTerm() int {
	switch x := s.rng.IntN(100); {
	case x < 5:
		return 6
	case x < 33:
		return 12
	case x < 70:
		return 24
	default:
		return 36
	}
}

func (s *Stream) pickFate(l *loanSim) {
	switch x := s.rng.IntN(1000); {
	case x < 30:
		l.fate = fateDefaultTrigger
	case x < 50:
		l.fate = fateDefaultReport
	case x < 150:
		l.fate = fateLateCured
	case x < 200 && l.installments > 1:
		l.fate = fatePrepaid
		l.troubleAt = 1 + s.rng.IntN(l.installments-1)
		return
	default:
		l.fate = fateRegular
		return
	}
	l.troubleAt = 1 + s.rng.IntN(l.installments)
}

// due is the local midnight of installment k's due date.
func (l *loanSim) due(k int) int64 { return addMonths(l.disbursedDay, 3*k) }

// scheduleInstallment schedules installment paid+1: paid up to three days
// early, or, where the loan's fate turns, reported overdue instead.
func (s *Stream) scheduleInstallment(l *loanSim) {
	k := l.paid + 1
	due := l.due(k)
	if k == l.troubleAt && (l.fate == fateLateCured || l.fate == fateDefaultTrigger || l.fate == fateDefaultReport) {
		l.phase, l.dpdStep = phOverdue, 0
		l.dpd = s.between(20, 35)
		if l.fate == fateLateCured {
			l.dpd = s.between(5, 40)
		}
		s.scheduleLoan(l, s.onDay(due, l.dpd))
		return
	}
	s.nextPhase(l, phRepay, s.onDay(due, -s.between(0, 3)))
}

func (s *Stream) scheduleLoan(l *loanSim, at int64) {
	s.schedule(event{at: at, kind: evLoan, loan: l})
}

// nextPhase moves the loan to phase ph, its next input due at at.
func (s *Stream) nextPhase(l *loanSim, ph phase, at int64) {
	l.phase = ph
	s.scheduleLoan(l, at)
}

// advanceLoan writes the loan's next input and schedules the one after.
func (s *Stream) advanceLoan(l *loanSim) {
	switch l.phase {
	case phRepay:
		s.repayInstallment(l)
	case phOverdue:
		s.reportOverdue(l)
	case phCurePay:
		s.repay(l, l.installmentPrincipal())
		l.paid++
		s.nextPhase(l, phCured, s.later(0, 2))
	case phCured:
		s.overdue(l, 0)
		l.status = loanPerforming
		s.nextInstallmentOrClose(l)
	case phDefault:
		s.reportDefault(l)
	case phRecover:
		s.recover(l)
	case phDecide:
		s.decideClaim(l)
	case phApprove2:
		s.approve(l, s.otherFinanceUser(l.approver))
		s.finalApproval(l)
	case phClose:
		s.close(l)
	}
}

func (s *Stream) repayInstallment(l *loanSim) {
	if l.fate == fatePrepaid && l.paid+1 == l.troubleAt {
		s.repay(l, l.outstanding)
		l.paid = l.installments
		s.nextPhase(l, phClose, s.later(1, 15))
		return
	}
	s.repay(l, l.installmentPrincipal())
	l.paid++
	s.nextInstallmentOrClose(l)
}

func (s *Stream) nextInstallmentOrClose(l *loanSim) {
	if l.paid < l.installments {
		s.scheduleInstallment(l)
		return
	}
	s.nextPhase(l, phClose, s.later(1, 15))
}

// installmentPrincipal is the principal of installment paid+1: equal parts
// (the last takes the remainder), or all of it at maturity for a bullet.
func (l *loanSim) installmentPrincipal() int64 {
	if l.paid+1 >= l.installments {
		return l.outstanding
	}
	if l.bullet {
		return 0
	}
	return l.principal / int64(l.installments)
}

// repay writes loan.repaid: principal and a quarter's interest.
func (s *Stream) repay(l *loanSim, principal int64) {
	interest := (l.outstanding*l.ratePPM + 2_000_000) / 4_000_000
	ln := s.begin(l.bank, ledger.TypeLoanRepaid, l.prog.id)
	ln.str("loan", l.id)
	ln.money("principal", principal, s.rng.IntN(5) == 0)
	ln.money("interest", interest, false)
	ln.date("paid_on", s.now)
	s.finish(ledger.TypeLoanRepaid)
	l.outstanding -= principal
	l.prog.coveredOutstanding -= principal
	if l.guarantor != nil {
		l.guarantor.inForce -= principal
	}
}

func (s *Stream) overdue(l *loanSim, dpd int64) {
	ln := s.begin(l.bank, ledger.TypeLoanOverdue, l.prog.id)
	ln.str("loan", l.id)
	ln.int("days_past_due", dpd)
	ln.date("as_of", s.now)
	s.finish(ledger.TypeLoanOverdue)
}

// reportOverdue writes the next overdue report of a troubled loan: a late
// payer is cured after one; a loan heading for default is reported at about
// 30, 60 and 90 days, which defaults it where the program has a trigger.
func (s *Stream) reportOverdue(l *loanSim) {
	s.overdue(l, l.dpd)
	l.status = loanOverdue
	due := l.due(l.paid + 1)
	switch {
	case l.fate == fateLateCured:
		s.nextPhase(l, phCurePay, s.later(1, 5))
	case l.fate == fateDefaultReport:
		s.nextPhase(l, phDefault, s.onDay(due, s.between(40, 80)))
	case l.dpdStep < 2:
		l.dpdStep++
		l.dpd = s.between(55, 70)
		if l.dpdStep == 2 {
			l.dpd = s.between(90, 100)
		}
		s.scheduleLoan(l, s.onDay(due, l.dpd))
	case l.prog.trigger > 0 && l.dpd >= int64(l.prog.trigger):
		s.defaulted(l)
	default:
		// No trigger: the loan stays overdue until the bank reports it.
		s.nextPhase(l, phDefault, s.later(5, 20))
	}
}

func (s *Stream) reportDefault(l *loanSim) {
	ln := s.begin(l.bank, ledger.TypeLoanDefaulted, l.prog.id)
	ln.str("loan", l.id)
	ln.date("as_of", s.now)
	if s.rng.IntN(10) < 7 {
		ln.money("outstanding_principal", l.outstanding, s.rng.IntN(5) == 0)
	}
	if s.rng.IntN(10) < 4 {
		ln.money("unpaid_interest", (l.outstanding*l.ratePPM+8_000_000)/16_000_000, false)
	}
	s.finish(ledger.TypeLoanDefaulted)
	s.defaulted(l)
}

// close writes loan.closed: a repaid loan, or a defaulted one written off.
func (s *Stream) close(l *loanSim) {
	ln := s.begin(l.bank, ledger.TypeLoanClosed, l.prog.id)
	ln.str("loan", l.id)
	ln.date("closed_on", s.now)
	s.finish(ledger.TypeLoanClosed)
	l.status = loanClosed
	s.activeLoans--
}
