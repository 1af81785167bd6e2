package ledger

import "fmt"

// Loans in the engine snapshot: each loan written and read side by side, member by member.

func writeLoan(w *snapWriter, x *snapIndex, l *Loan) {
	w.str(l.ID)
	w.uvarint(uint64(x.program[l.Program]))
	w.str(l.Bank)
	w.str(l.DisbursedOn)
	w.uvarint(uint64(x.borrower[l.Borrower]))
	if l.Guarantor == nil {
		w.uvarint(0)
	} else {
		w.uvarint(uint64(x.guarantor[l.Guarantor]) + 1)
	}
	w.bool(l.Small)
	w.dec(l.Principal)
	w.dec(l.Outstanding)
	w.dec(l.UnpaidInterest)
	w.dec(l.NetRecovered)
	w.byte(byte(l.Status))
	w.varint(int64(l.DaysPastDue))
	w.bool(l.Covered)
	w.str(l.UncoveredReason)
	if l.Claim == nil {
		w.uvarint(0)
	} else {
		w.uvarint(uint64(x.claim[l.Claim]) + 1)
	}
	w.dec(l.Filed)
	writeLoanFiling(w, l.Filing)
	writeLoanSubsidyFacts(w, l)
}

func (o *snapObjects) readLoans(r *snapReader, e *Engine) error {
	var prev string
	for _, l := range o.loans {
		l.ID = r.str()
		l.Program = o.programs[r.index(len(o.programs))]
		l.Bank = r.istr()
		l.DisbursedOn = r.istr()
		l.Borrower = o.borrowers[r.index(len(o.borrowers))]
		if g := r.optIndex(len(o.guarantors)); g >= 0 {
			l.Guarantor = o.guarantors[g]
		}
		l.Small = r.bool()
		l.Principal = r.dec()
		l.Outstanding = r.dec()
		l.UnpaidInterest = r.dec()
		l.NetRecovered = r.dec()
		l.Status = LoanStatus(r.byte())
		l.DaysPastDue = r.int32()
		l.Covered = r.bool()
		l.UncoveredReason = r.istr()
		if c := r.optIndex(len(o.claims)); c >= 0 {
			l.Claim = o.claims[c]
		}
		l.Filed = r.dec()
		f, err := readLoanFiling(r)
		if err != nil {
			return fmt.Errorf("loan %s: %w", l.ID, err)
		}
		l.Filing = f
		readLoanSubsidyFacts(r, l)
		if r.err != nil {
			return nil
		}
		if int(l.Status) >= len(loanStatusNames) {
			return fmt.Errorf("loan %s: bad status %d", l.ID, l.Status)
		}
		if err := checkOrder("loan", &prev, l.ID); err != nil {
			return err
		}
		e.loans[l.ID] = l
	}
	return nil
}

func writeLoanFiling(w *snapWriter, f *LoanFiling) {
	w.bool(f != nil)
	if f == nil {
		return
	}
	w.byte(byte(f.Status))
	w.str(f.FiledOn)
	w.count(len(f.Documents))
	for _, d := range f.Documents {
		w.str(d.Kind)
		w.str(d.SHA256)
	}
	w.str(f.FiledAt)
	w.str(f.DecidedBy)
	w.str(f.DecidedAt)
	w.str(f.Reason)
	w.str(f.Park)
}

func readLoanFiling(r *snapReader) (*LoanFiling, error) {
	if !r.bool() {
		return nil, nil
	}
	f := &LoanFiling{Status: FilingStatus(r.byte()), FiledOn: r.istr()}
	if n := r.count(); n > 0 {
		f.Documents = make([]DocumentData, n)
		for i := range f.Documents {
			f.Documents[i] = DocumentData{Kind: r.istr(), SHA256: r.str()}
		}
	}
	f.FiledAt, f.DecidedBy, f.DecidedAt, f.Reason, f.Park = r.str(), r.istr(), r.str(), r.str(), r.istr()
	if r.err == nil && (f.Status == FilingNone || int(f.Status) >= len(filingStatusNames)) {
		return nil, fmt.Errorf("bad filing status %d", f.Status)
	}
	return f, nil
}

// writeLoanSubsidyFacts and readLoanSubsidyFacts: the loan's interest
// paid by year and whether it was ever past due (SPEC §11), since snapshot
// version 4.
func writeLoanSubsidyFacts(w *snapWriter, l *Loan) {
	w.count(len(l.InterestPaid))
	for _, ya := range l.InterestPaid {
		w.varint(int64(ya.Year))
		w.dec(ya.Amount)
	}
	w.bool(l.Delinquent)
}

func readLoanSubsidyFacts(r *snapReader, l *Loan) {
	if n := r.count(); n > 0 {
		l.InterestPaid = make([]YearAmount, n)
		for i := range l.InterestPaid {
			l.InterestPaid[i] = YearAmount{Year: r.int(), Amount: r.dec()}
		}
	}
	l.Delinquent = r.bool()
}
