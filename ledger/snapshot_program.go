package ledger

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// The program definitions and each program's state in the engine snapshot: each written and read side by side.

// writeDefinitions writes the guarantor rules and the program definitions
// sorted by id. It is its own length-prefixed section, so that a restore
// can compare it byte for byte with the definitions it is given.
func writeDefinitions(w *snapWriter, rules risk.GuarantorRules, cal *risk.Calendar, defs []*risk.Program) {
	m := snapMembers{w: w}
	rulesMembers(m, &rules)
	w.count(len(defs))
	for _, d := range defs {
		programDefMembers(m, d)
	}
	optional(m, &cal, calendarMembers)
}

func readDefinitions(r *snapReader) (risk.GuarantorRules, *risk.Calendar, []*risk.Program) {
	m := snapMembers{r: r}
	var rules risk.GuarantorRules
	rulesMembers(m, &rules)
	defs := make([]*risk.Program, r.count())
	for i := range defs {
		defs[i] = &risk.Program{}
		programDefMembers(m, defs[i])
		if c := defs[i].ClaimReview; c != nil && (c.ReviewWorkingDays < 1 || c.DecideWorkingDays < 1 || c.SubmitWithinDays < 1) {
			r.fail("claim_review: a count of days below 1")
		}
	}
	var cal *risk.Calendar
	optional(m, &cal, calendarMembers)
	checkCalendar(r, cal)
	return rules, cal, defs
}

// rulesMembers are the guarantor rules in snapshot order.
func rulesMembers(m snapMembers, rules *risk.GuarantorRules) {
	m.dec(&rules.LeverageLimit, &rules.LeverageLimitSmall, &rules.SmallBorrowerWeight, &rules.SmallBorrowerBalanceMax)
}

// programDefMembers are a program definition's members in snapshot
// order: filing since snapshot version 3, interest_subsidy (SPEC §11)
// since version 4, claim_review (SPEC §12) since version 5.
func programDefMembers(m snapMembers, d *risk.Program) {
	m.str(&d.ID, &d.Name)
	text(m, &d.Kind)
	m.istr(&d.Currency)
	m.int(&d.ClaimTriggerDaysPastDue)
	m.optDec(&d.DualApprovalThreshold, &d.MaxLeverage)
	list(m, &d.Shares, func(m snapMembers, s *risk.FunderShare) {
		m.istr(&s.Party)
		m.dec(&s.Ratio)
	})
	m.str(&d.Covers)
	m.optDec(&d.PerLoanCap, &d.PerBankAnnualCap, &d.BankNPLSuspendRatio)
	m.dec(&d.GuaranteeRate, &d.CapRate)
	m.str(&d.CapBasis)
	optional(m, &d.Filing, filingDefMembers)
	optional(m, &d.InterestSubsidy, func(m snapMembers, s *risk.InterestSubsidy) { m.dec(&s.Rate, &s.CapPerBorrower) })
	optional(m, &d.ClaimReview, claimReviewDefMembers)
}

func filingDefMembers(m snapMembers, f *risk.Filing) {
	m.int(&f.WindowMonths)
	m.strs(&f.Documents)
	m.optDec(&f.CapPerBorrower)
	m.bool(&f.QualifiedOnly)
}

func claimReviewDefMembers(m snapMembers, c *risk.ClaimReview) {
	m.strs(&c.Documents)
	m.int(&c.SubmitWithinDays, &c.ReviewWorkingDays, &c.DecideWorkingDays)
}

// calendarMembers are the programs file's working-day calendar, since
// snapshot version 5.
func calendarMembers(m snapMembers, c *risk.Calendar) {
	m.strs(&c.Holidays, &c.Workdays)
}

// checkCalendar fails the reader unless a calendar read holds dates in
// order.
func checkCalendar(r *snapReader, c *risk.Calendar) {
	if c == nil {
		return
	}
	for _, d := range append(slices.Clone(c.Holidays), c.Workdays...) {
		if !plainDate(d) {
			r.fail("calendar: %q is not a date", d)
		}
	}
	if !slices.IsSorted(c.Holidays) || !slices.IsSorted(c.Workdays) {
		r.fail("calendar: dates out of order")
	}
}

func (e *Engine) writeProgram(w *snapWriter, x *snapIndex, p *Program) {
	w.varint(int64(p.Loans))
	w.varint(int64(p.CoveredLoans))
	w.dec(p.PortfolioVolume)
	w.dec(p.Paid)
	w.dec(p.Recovered)
	w.dec(p.payableTotal)
	x.claimRefs(w, p.Claims)
	x.claimRefs(w, p.queue)
	banks := sortedKeys(p.banks)
	w.count(len(banks))
	for _, id := range banks {
		pb := p.banks[id]
		w.str(pb.id)
		w.dec(pb.defaultedLoss)
		w.dec(pb.remainingLoss)
		w.dec(pb.coveredInForce)
		years := make([]int, 0, len(pb.yearPayable))
		for y := range pb.yearPayable {
			years = append(years, y)
		}
		slices.Sort(years)
		w.count(len(years))
		for _, y := range years {
			w.varint(int64(y))
			w.dec(pb.yearPayable[y])
		}
		x.claimRefs(w, pb.claims)
	}
	w.strs(p.bankIDs)
	w.strs(p.funders)
}

func (o *snapObjects) readPrograms(r *snapReader, e *Engine) error {
	for _, p := range o.programs {
		p.Loans = r.int()
		p.CoveredLoans = r.int()
		p.PortfolioVolume = r.dec()
		p.Paid = r.dec()
		p.Recovered = r.dec()
		p.payableTotal = r.dec()
		p.Claims = o.claimRefs(r)
		p.queue = o.claimRefs(r)
		n := r.count()
		for range n {
			pb := &programBank{id: r.istr(), defaultedLoss: r.dec(), remainingLoss: r.dec(), coveredInForce: r.dec(), yearPayable: map[int]decimal.Decimal{}}
			years := r.count()
			for range years {
				y := r.int()
				pb.yearPayable[y] = r.dec()
			}
			pb.claims = o.claimRefs(r)
			if r.err != nil {
				return nil
			}
			p.banks[pb.id] = pb
		}
		p.bankIDs = r.strs()
		p.funders = r.strs()
		if r.err == nil && (len(p.banks) != n || len(p.bankIDs) != n || !slices.IsSorted(p.bankIDs)) {
			return fmt.Errorf("program %s: %d banks, %d bank ids", p.Def.ID, len(p.banks), len(p.bankIDs))
		}
	}
	return nil
}
