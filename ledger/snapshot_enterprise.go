package ledger

import (
	"fmt"
	"time"
)

// The enterprise registry's section of the engine snapshot: the
// enterprises in id order, each written and read member by member.

func (e *Engine) writeEnterprises(w *snapWriter) {
	ids := sortedKeys(e.enterprises)
	w.count(len(ids))
	for _, id := range ids {
		writeEnterprise(w, e.enterprises[id])
	}
}

func writeEnterprise(w *snapWriter, x *Enterprise) {
	w.str(x.ID)
	w.str(x.Name)
	w.str(x.Sector)
	w.str(x.Size)
	w.str(x.Park)
	w.str(x.TechSMENumber)
	w.varint(int64(x.TechSMEYear))
	w.varint(x.Staff)
	w.bool(x.HasStaff)
	w.dec(x.Revenue)
	w.bool(x.HasRevenue)
	w.dec(x.Assets)
	w.bool(x.HasAssets)
	w.str(x.RegisteredBy)
	w.str(x.UpdatedAt.Format(time.RFC3339Nano))
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
	x.ID, x.Name, x.Sector, x.Size, x.Park, x.TechSMENumber = r.str(), r.str(), r.istr(), r.istr(), r.istr(), r.str()
	x.TechSMEYear = r.int()
	x.Staff = r.varint()
	x.HasStaff = r.bool()
	x.Revenue = r.dec()
	x.HasRevenue = r.bool()
	x.Assets = r.dec()
	x.HasAssets = r.bool()
	x.RegisteredBy = r.istr()
	at := r.str()
	if r.err != nil {
		return x, nil
	}
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return nil, fmt.Errorf("enterprise %s: updated_at: %w", x.ID, err)
	}
	x.UpdatedAt = t
	return x, nil
}
