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
	m := writingRefs(w, x)
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
			subsidyMembers(m, s)
		}
		w.count(len(ps.queue))
		for _, s := range ps.queue {
			w.uvarint(uint64(pos[s]))
		}
	}
}

// subsidyMembers are a subsidy's members in snapshot order; its program
// is the book's it is listed in.
func subsidyMembers(m snapMembers, s *Subsidy) {
	m.str(&s.ID)
	ref(m, &s.Loan, m.x.loan, m.o.loans)
	m.int(&s.Year)
	m.dec(&s.Interest, &s.Amount)
	status(m, &s.Status)
	m.strs(&s.Approvals)
	m.bool(&s.NeedsTwo)
	m.dec(&s.Paid, &s.Owed)
	m.str(&s.RejectReason)
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
		m := readingRefs(r, o)
		for range r.count() {
			s := &Subsidy{Program: p}
			subsidyMembers(m, s)
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
