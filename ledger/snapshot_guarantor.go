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

func writeGuarantor(w *snapWriter, g *Guarantor) {
	w.str(g.ID)
	w.dec(g.NetAssets)
	w.bool(g.NetAssetsKnown)
	w.str(g.NetAssetsAsOf)
	w.dec(g.mix.Balance)
	w.dec(g.mix.SmallBalance)
	w.varint(int64(g.mix.Borrowers))
	w.varint(int64(g.mix.SmallBorrowers))
	w.dec(g.liability)
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
		g.ID = r.str()
		g.NetAssets = r.dec()
		g.NetAssetsKnown = r.bool()
		g.NetAssetsAsOf = r.str()
		g.mix.Balance = r.dec()
		g.mix.SmallBalance = r.dec()
		g.mix.Borrowers = r.int()
		g.mix.SmallBorrowers = r.int()
		g.liability = r.dec()
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
