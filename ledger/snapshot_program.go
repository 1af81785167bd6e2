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
	w.dec(rules.LeverageLimit)
	w.dec(rules.LeverageLimitSmall)
	w.dec(rules.SmallBorrowerWeight)
	w.dec(rules.SmallBorrowerBalanceMax)
	w.count(len(defs))
	for _, d := range defs {
		w.str(d.ID)
		w.str(d.Name)
		w.str(string(d.Kind))
		w.str(d.Currency)
		w.varint(int64(d.ClaimTriggerDaysPastDue))
		w.optDec(d.DualApprovalThreshold)
		w.optDec(d.MaxLeverage)
		w.count(len(d.Shares))
		for _, s := range d.Shares {
			w.str(s.Party)
			w.dec(s.Ratio)
		}
		w.str(d.Covers)
		w.optDec(d.PerLoanCap)
		w.optDec(d.PerBankAnnualCap)
		w.optDec(d.BankNPLSuspendRatio)
		w.dec(d.GuaranteeRate)
		w.dec(d.CapRate)
		w.str(d.CapBasis)
		writeFilingDef(w, d.Filing)
		writeInterestSubsidy(w, d.InterestSubsidy)
		writeClaimReviewDef(w, d.ClaimReview)
	}
	writeCalendar(w, cal)
}

func readDefinitions(r *snapReader) (risk.GuarantorRules, *risk.Calendar, []*risk.Program) {
	var rules risk.GuarantorRules
	rules.LeverageLimit = r.dec()
	rules.LeverageLimitSmall = r.dec()
	rules.SmallBorrowerWeight = r.dec()
	rules.SmallBorrowerBalanceMax = r.dec()
	defs := make([]*risk.Program, r.count())
	for i := range defs {
		d := &risk.Program{}
		d.ID = r.str()
		d.Name = r.str()
		d.Kind = risk.Kind(r.str())
		d.Currency = r.istr()
		d.ClaimTriggerDaysPastDue = r.int()
		d.DualApprovalThreshold = r.optDec()
		d.MaxLeverage = r.optDec()
		shares := make([]risk.FunderShare, r.count())
		for j := range shares {
			shares[j] = risk.FunderShare{Party: r.istr(), Ratio: r.dec()}
		}
		if len(shares) > 0 {
			d.Shares = shares
		}
		d.Covers = r.str()
		d.PerLoanCap = r.optDec()
		d.PerBankAnnualCap = r.optDec()
		d.BankNPLSuspendRatio = r.optDec()
		d.GuaranteeRate = r.dec()
		d.CapRate = r.dec()
		d.CapBasis = r.str()
		d.Filing = readFilingDef(r)
		d.InterestSubsidy = readInterestSubsidy(r)
		d.ClaimReview = readClaimReviewDef(r)
		defs[i] = d
	}
	return rules, readCalendar(r), defs
}

// writeClaimReviewDef and readClaimReviewDef: a program's claim_review
// (SPEC §12), since snapshot version 5.
func writeClaimReviewDef(w *snapWriter, c *risk.ClaimReview) {
	w.bool(c != nil)
	if c == nil {
		return
	}
	w.strs(c.Documents)
	w.varint(int64(c.SubmitWithinDays))
	w.varint(int64(c.ReviewWorkingDays))
	w.varint(int64(c.DecideWorkingDays))
}

func readClaimReviewDef(r *snapReader) *risk.ClaimReview {
	if !r.bool() {
		return nil
	}
	c := &risk.ClaimReview{Documents: r.strs()}
	c.SubmitWithinDays, c.ReviewWorkingDays, c.DecideWorkingDays = r.int(), r.int(), r.int()
	if c.ReviewWorkingDays < 1 || c.DecideWorkingDays < 1 || c.SubmitWithinDays < 1 {
		r.fail("claim_review: a count of days below 1")
	}
	return c
}

// writeCalendar and readCalendar: the programs file's working-day
// calendar, since snapshot version 5.
func writeCalendar(w *snapWriter, c *risk.Calendar) {
	w.bool(c != nil)
	if c != nil {
		w.strs(c.Holidays)
		w.strs(c.Workdays)
	}
}

func readCalendar(r *snapReader) *risk.Calendar {
	if !r.bool() {
		return nil
	}
	c := &risk.Calendar{Holidays: r.strs(), Workdays: r.strs()}
	for _, d := range append(slices.Clone(c.Holidays), c.Workdays...) {
		if !plainDate(d) {
			r.fail("calendar: %q is not a date", d)
		}
	}
	if !slices.IsSorted(c.Holidays) || !slices.IsSorted(c.Workdays) {
		r.fail("calendar: dates out of order")
	}
	return c
}

func writeFilingDef(w *snapWriter, f *risk.Filing) {
	w.bool(f != nil)
	if f == nil {
		return
	}
	w.varint(int64(f.WindowMonths))
	w.strs(f.Documents)
	w.optDec(f.CapPerBorrower)
	w.bool(f.QualifiedOnly)
}

func readFilingDef(r *snapReader) *risk.Filing {
	if !r.bool() {
		return nil
	}
	f := &risk.Filing{WindowMonths: r.int()}
	f.Documents = r.strs()
	f.CapPerBorrower = r.optDec()
	f.QualifiedOnly = r.bool()
	return f
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

// writeInterestSubsidy and readInterestSubsidy: a program's
// interest_subsidy (SPEC §11), since snapshot version 4.
func writeInterestSubsidy(w *snapWriter, s *risk.InterestSubsidy) {
	w.bool(s != nil)
	if s != nil {
		w.dec(s.Rate)
		w.dec(s.CapPerBorrower)
	}
}

func readInterestSubsidy(r *snapReader) *risk.InterestSubsidy {
	if !r.bool() {
		return nil
	}
	return &risk.InterestSubsidy{Rate: r.dec(), CapPerBorrower: r.dec()}
}
