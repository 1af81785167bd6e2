package ledger

import "fmt"

// Borrowers and guarantors in the engine snapshot, written and read side by side.

func writeBorrower(w *snapWriter, x *snapIndex, b *Borrower) {
	w.str(b.ID)
	w.str(b.Name)
	w.str(b.Sector)
	w.str(b.Size)
	w.count(len(b.Loans))
	for _, l := range b.Loans {
		w.uvarint(uint64(x.loan[l]))
	}
}

func (o *snapObjects) readBorrowers(r *snapReader, e *Engine) error {
	var prev string
	for _, b := range o.borrowers {
		b.ID, b.Name, b.Sector, b.Size = r.str(), r.str(), r.istr(), r.istr()
		n := r.count()
		b.Loans = make([]*Loan, 0, n)
		for range n {
			b.Loans = append(b.Loans, o.loans[r.index(len(o.loans))])
		}
		if r.err != nil {
			return nil
		}
		if err := checkOrder("borrower", &prev, b.ID); err != nil {
			return err
		}
		e.borrowers[b.ID] = b
	}
	return nil
}

// guarantorMembers are a guarantor's members in snapshot order, before
// its borrowers.
func guarantorMembers(m snapMembers, g *Guarantor) {
	m.str(&g.ID)
	m.dec(&g.NetAssets)
	m.bool(&g.NetAssetsKnown)
	m.str(&g.NetAssetsAsOf)
	m.dec(&g.mix.Balance)
	m.dec(&g.mix.SmallBalance)
	m.int(&g.mix.Borrowers)
	m.int(&g.mix.SmallBorrowers)
	m.dec(&g.liability)
}

func writeGuarantor(w *snapWriter, g *Guarantor) {
	guarantorMembers(snapMembers{w: w}, g)
	ids := sortedKeys(g.borrowers)
	w.count(len(ids))
	for _, id := range ids {
		w.str(id)
		w.dec(g.borrowers[id].balance)
		w.bool(g.borrowers[id].small)
	}
}

func (o *snapObjects) readGuarantors(r *snapReader, e *Engine) error {
	var prev string
	for _, g := range o.guarantors {
		guarantorMembers(snapMembers{r: r}, g)
		n := r.count()
		for range n {
			id := r.str()
			g.borrowers[id] = &guaranteedBorrower{balance: r.dec(), small: r.bool()}
		}
		if r.err != nil {
			return nil
		}
		if len(g.borrowers) != n {
			return fmt.Errorf("guarantor %s: repeated borrower ids", g.ID)
		}
		if err := checkOrder("guarantor", &prev, g.ID); err != nil {
			return err
		}
		e.guarantors[g.ID] = g
	}
	return nil
}
