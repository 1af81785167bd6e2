package ledger

import (
	"fmt"
	"slices"
)

// The interest subsidy (SPEC §11) in the engine snapshot, since snapshot
// version 4: a last section with every program's subsidy book. A
// program's interest_subsidy is in its definition (snapshot_program.go),
// each loan's interest paid by year and whether it was ever delinquent in
// the loan (snapshot_loan.go).

// writeSubsidies writes the program subsidy books in program id order,
// each subsidy in application order and the queue as positions in it.
func (e *Engine) writeSubsidies(w *snapWriter, x *snapIndex) {
	ids := sortedKeys(e.subsidies.programs)
	w.count(len(ids))
	for _, id := range ids {
		ps := e.subsidies.programs[id]
		w.str(id)
		w.dec(ps.paid)
		w.strs(ps.funders)
		w.count(len(ps.list))
		pos := make(map[*Subsidy]int, len(ps.list))
		for i, s := range ps.list {
			pos[s] = i
			w.str(s.ID)
			w.uvarint(uint64(x.loan[s.Loan]))
			w.varint(int64(s.Year))
			w.dec(s.Interest)
			w.dec(s.Amount)
			w.byte(byte(s.Status))
			w.strs(s.Approvals)
			w.bool(s.NeedsTwo)
			w.dec(s.Paid)
			w.dec(s.Owed)
			w.str(s.RejectReason)
		}
		w.count(len(ps.queue))
		for _, s := range ps.queue {
			w.uvarint(uint64(pos[s]))
		}
	}
}

func (o *snapObjects) readSubsidies(r *snapReader, e *Engine) error {
	n := r.count()
	var prev string
	for range n {
		id := r.str()
		if r.err != nil {
			return nil
		}
		if err := checkOrder("subsidy program", &prev, id); err != nil {
			return err
		}
		p := e.programs[id]
		if p == nil {
			return fmt.Errorf("subsidies of unknown program %q", id)
		}
		ps := e.subsidies.program(id)
		ps.paid = r.dec()
		ps.funders = r.strs()
		for range r.count() {
			s := &Subsidy{ID: r.str(), Program: p}
			s.Loan = o.loans[r.index(len(o.loans))]
			s.Year, s.Interest, s.Amount = r.int(), r.dec(), r.dec()
			s.Status = SubsidyStatus(r.byte())
			s.Approvals, s.NeedsTwo, s.Paid, s.Owed = r.strs(), r.bool(), r.dec(), r.dec()
			s.RejectReason = r.str()
			if r.err != nil {
				return nil
			}
			if int(s.Status) >= len(subsidyStatusNames) || s.Loan.Program != p || e.subsidies.byID[s.ID] != nil {
				return fmt.Errorf("subsidy %s: bad status, loan or id", s.ID)
			}
			e.subsidies.add(s)
		}
		for range r.count() {
			s := ps.list[r.index(len(ps.list))]
			if r.err != nil {
				return nil
			}
			if slices.Contains(ps.queue, s) {
				return fmt.Errorf("subsidy %s queued twice", s.ID)
			}
			ps.queue = append(ps.queue, s)
		}
	}
	return nil
}
