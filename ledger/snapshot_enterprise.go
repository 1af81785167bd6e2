package ledger

// The enterprise registry's section of the engine snapshot: the
// enterprises in id order, each written and read member by member.

func (e *Engine) writeEnterprises(w *snapWriter) {
	ids := sortedKeys(e.enterprises)
	w.count(len(ids))
	for _, id := range ids {
		enterpriseMembers(snapMembers{w: w}, e.enterprises[id], nil)
	}
}

// enterpriseMembers are an enterprise's members in snapshot order.
func enterpriseMembers(m snapMembers, x *Enterprise, at *string) {
	m.str(&x.ID, &x.Name)
	m.istr(&x.Sector, &x.Size, &x.Park)
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

func readEnterprises(r *snapReader, e *Engine) error {
	var at string
	return readEach(r, "enterprise", fresh[Enterprise](r.count()),
		func(x *Enterprise) { enterpriseMembers(snapMembers{r: r}, x, &at) },
		func(x *Enterprise) error { return checkUpdatedAt("enterprise", x.ID, at, &x.UpdatedAt) },
		func(x *Enterprise) string { return x.ID }, e.enterprises)
}
