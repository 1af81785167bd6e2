package ledger

import "fmt"

// Borrowers and guarantors in the engine snapshot, written and read side by side.

// borrowerMembers are a borrower's members in snapshot order.
func borrowerMembers(m snapMembers, b *Borrower) {
	m.str(&b.ID, &b.Name)
	m.istr(&b.Sector, &b.Size)
	list(m, &b.Loans, func(m snapMembers, l **Loan) { ref(m, l, m.x.loan, m.o.loans) })
}

func (o *snapObjects) readBorrowers(r *snapReader, e *Engine) error {
	m := readingRefs(r, o)
	return readEach(r, "borrower", o.borrowers, func(b *Borrower) { borrowerMembers(m, b) }, nil,
		func(b *Borrower) string { return b.ID }, e.borrowers)
}

// guarantorMembers are a guarantor's members in snapshot order, before
// its borrowers.
func guarantorMembers(m snapMembers, g *Guarantor) {
	m.str(&g.ID)
	m.dec(&g.NetAssets)
	m.bool(&g.NetAssetsKnown)
	m.str(&g.NetAssetsAsOf)
	m.dec(&g.mix.Balance, &g.mix.SmallBalance)
	m.int(&g.mix.Borrowers, &g.mix.SmallBorrowers)
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
	var n int // the borrowers the guarantor being read lists
	fill := func(g *Guarantor) {
		guarantorMembers(snapMembers{r: r}, g)
		n = r.count()
		for range n {
			id := r.str()
			g.borrowers[id] = &guaranteedBorrower{balance: r.dec(), small: r.bool()}
		}
	}
	check := func(g *Guarantor) error {
		if len(g.borrowers) != n {
			return fmt.Errorf("guarantor %s: repeated borrower ids", g.ID)
		}
		return nil
	}
	return readEach(r, "guarantor", o.guarantors, fill, check, func(g *Guarantor) string { return g.ID }, e.guarantors)
}
