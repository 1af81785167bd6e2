package ledger

// The enterprise registry's section of the engine snapshot: the
// enterprises in id order, each written and read member by member.

func (e *Engine) writeEnterprises(w *snapWriter) {
	ids := sortedKeys(e.enterprises)
	w.count(len(ids))
	for _, id := range ids {
		writeEnterprise(w, e.enterprises[id])
	}
}

// enterpriseMembers are an enterprise's members in snapshot order.
func enterpriseMembers(m snapMembers, x *Enterprise, at *string) {
	m.str(&x.ID)
	m.str(&x.Name)
	m.istr(&x.Sector)
	m.istr(&x.Size)
	m.istr(&x.Park)
	m.str(&x.TechSMENumber)
	m.int(&x.TechSMEYear)
	m.varint(&x.Staff)
	m.bool(&x.HasStaff)
	m.dec(&x.Revenue)
	m.bool(&x.HasRevenue)
	m.dec(&x.Assets)
	m.bool(&x.HasAssets)
	m.istr(&x.RegisteredBy)
	m.updatedAt(&x.UpdatedAt, at)
}

func writeEnterprise(w *snapWriter, x *Enterprise) {
	var at string
	enterpriseMembers(snapMembers{w: w}, x, &at)
}

func readEnterprises(r *snapReader, e *Engine) error {
	n := r.count()
	var prev string
	for range n {
		x, err := readEnterprise(r)
		if err != nil || r.err != nil {
			return err
		}
		if err := checkOrder("enterprise", &prev, x.ID); err != nil {
			return err
		}
		e.enterprises[x.ID] = x
	}
	return nil
}

func readEnterprise(r *snapReader) (*Enterprise, error) {
	x := &Enterprise{}
	var at string
	enterpriseMembers(snapMembers{r: r}, x, &at)
	if r.err != nil {
		return x, nil
	}
	if err := checkUpdatedAt("enterprise", x.ID, at, &x.UpdatedAt); err != nil {
		return nil, err
	}
	return x, nil
}
