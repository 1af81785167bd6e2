package simulate

import (
	"github.com/techcredit/techcredit/ledger"
)

// Kinds of bad input, with their weights in a thousand.
const (
	badResend      = iota // a retry: the same line again (a duplicate)
	badAmount             // an amount not in plain decimal notation
	badOverpayment        // more principal repaid than is outstanding
	badUnknownLoan        // a repayment on a loan id never disbursed
	badJSON               // garbage: a cut line, an HTML error page
	badEnvelope           // a timestamp that is not RFC 3339
)

var badWeights = [...]int{badResend: 350, badAmount: 200, badOverpayment: 150, badUnknownLoan: 150, badJSON: 120, badEnvelope: 30}

// Malformed amounts as banks' systems really write them (SPEC §3 refuses
// each): thousands separators, three decimals, signs, exponents, numbers.
var malformedAmounts = []string{`"1,000.00"`, `"12.345"`, `"-500.00"`, `"1e6"`, `""`, `" 100.00"`,
	`"100.00 "`, `1000`, `"0x10"`, `"NaN"`, `"１００.00"`, `"+25.00"`, `".50"`, `"0012.00"`}

var garbage = []string{`<html><body><h1>502 Bad Gateway</h1></body></html>`, `null`, `["loan.repaid"]`,
	`ok`, `{"id":"x" "type":}`, `'single quotes'`}

// badInput writes one bad input and counts how the engine will take it.
func (s *Stream) badInput() {
	x := s.rng.IntN(1000)
	kind := 0
	for ; kind < len(badWeights)-1 && x >= badWeights[kind]; kind++ {
		x -= badWeights[kind]
	}
	l := s.cur
	inForce := l != nil && (l.status == loanPerforming || l.status == loanOverdue)
	switch {
	case kind == badResend && s.recentSeen > 0:
		s.resend()
	case kind == badAmount:
		s.malformedAmount()
	case kind == badOverpayment && inForce:
		s.overpayment(l)
	case kind == badUnknownLoan || kind == badOverpayment:
		s.unknownLoan()
	case kind == badEnvelope:
		s.badTimestamp()
	default:
		s.garbageLine()
	}
}

func (s *Stream) resend() {
	n := min(s.recentSeen, resendRing)
	s.ln.b = append(s.buf, s.recent[s.rng.IntN(n)]...)
	s.commit()
	s.stats.Resent++
}

func (s *Stream) countBad(code ledger.Code) {
	s.commit()
	s.stats.Bad[code.String()]++
}

// malformedAmount: a repayment of the current loan (or a pool funding)
// whose amount the engine refuses before it looks at anything else.
func (s *Stream) malformedAmount() {
	bad := malformedAmounts[s.rng.IntN(len(malformedAmounts))]
	if l := s.cur; l != nil {
		ln := s.begin(l.bank, ledger.TypeLoanRepaid, l.prog.id)
		ln.str("loan", l.id)
		ln.raw("principal", bad)
		ln.money("interest", 0, false)
		ln.date("paid_on", s.now)
	} else {
		p := s.w.programs[s.rng.IntN(len(s.w.programs))]
		ln := s.begin(s.financeUser(), ledger.TypePoolFunded, p.id)
		ln.str("funder", p.funders[0])
		ln.raw("amount", bad)
	}
	s.ln.end()
	s.countBad(ledger.CodeBadAmount)
}

func (s *Stream) overpayment(l *loanSim) {
	ln := s.begin(l.bank, ledger.TypeLoanRepaid, l.prog.id)
	ln.str("loan", l.id)
	ln.money("principal", l.outstanding+s.between(1, 1000)*1000*yuan, false)
	ln.money("interest", 0, false)
	ln.date("paid_on", s.now)
	ln.end()
	s.countBad(ledger.CodeOverpayment)
}

func (s *Stream) unknownLoan() {
	p := s.w.programs[s.rng.IntN(len(s.w.programs))]
	bank := p.banks[s.rng.IntN(len(p.banks))]
	ln := s.begin(bank, ledger.TypeLoanRepaid, p.id)
	ln.str("loan", bank.name+"-X"+string(appendPadded(nil, s.rng.Int64N(10_000_000), 7)))
	ln.money("principal", s.between(1, 100)*10_000*yuan, false)
	ln.money("interest", s.between(0, 10_000)*yuan, false)
	ln.date("paid_on", s.now)
	ln.end()
	s.countBad(ledger.CodeUnknownLoan)
}

// badTimestamp: a local time written without the T and the offset.
func (s *Stream) badTimestamp() {
	bank := s.w.banks[s.rng.IntN(len(s.w.banks))]
	s.ln.b = append(s.buf, `{"id":`...)
	s.ln.b = appendString(s.ln.b, bank.nextID())
	s.ln.b = append(s.ln.b, `,"type":"loan.overdue","source":`...)
	s.ln.b = appendString(s.ln.b, bank.source)
	s.ln.b = append(s.ln.b, `,"program":"sd-lukedai","at":"`...)
	s.ln.b = appendDate(s.ln.b, s.now)
	s.ln.b = append(s.ln.b, ` 10:00:00","data":{"loan":"x","days_past_due":1,"as_of":"`...)
	s.ln.b = appendDate(s.ln.b, s.now)
	s.ln.b = append(s.ln.b, `"}}`...)
	s.countBad(ledger.CodeBadEnvelope)
}

// garbageLine: half the time the last line cut short (a lost packet), else
// something that is not an input at all.
func (s *Stream) garbageLine() {
	if s.recentSeen > 0 && s.rng.IntN(2) == 0 {
		last := s.recent[(s.recentSeen-1)%resendRing]
		s.ln.b = append(s.buf, last[:1+s.rng.IntN(len(last)-2)]...)
	} else {
		s.ln.b = append(s.buf, garbage[s.rng.IntN(len(garbage))]...)
	}
	s.countBad(ledger.CodeBadJSON)
}
