package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"sort"

	"github.com/techcredit/techcredit/risk"
)

// The transformation funds and the roadshow's standings (SPEC §13) in the
// engine snapshot, since snapshot version 6: a last section with every
// fund's definition, its funders and its investments in the order
// invested, then the roadshow's standings by project and caller. A fund's
// money is in the book (its accounts); the running sums are rebuilt from
// the investments.

// fundDefMembers are a fund's definition's members in snapshot order.
func fundDefMembers(m snapMembers, d *risk.Fund) {
	m.str(&d.ID, &d.Name, &d.Currency)
	m.dec(&d.GovernmentShareMax, &d.MinLeverage)
	m.strs(&d.HardTechSectors, &d.EarlyStages)
}

func writeFundDef(w *snapWriter, d *risk.Fund) { fundDefMembers(snapMembers{w: w}, d) }

func readFundDef(r *snapReader) *risk.Fund {
	d := &risk.Fund{}
	fundDefMembers(snapMembers{r: r}, d)
	return d
}

// investmentMembers are an investment's members in snapshot order.
func investmentMembers(m snapMembers, inv *Investment) {
	m.str(&inv.ID, &inv.Project, &inv.Enterprise)
	m.dec(&inv.RoundSize, &inv.Amount)
	list(m, &inv.CoInvestors, func(m snapMembers, c *CoInvestment) {
		m.str(&c.Investor)
		m.dec(&c.Amount)
	})
	m.str(&inv.InvestedOn)
	m.bool(&inv.Early, &inv.Small, &inv.HardTech, &inv.Exited)
	m.dec(&inv.Proceeds)
	m.str(&inv.ExitedOn)
}

func writeInvestment(w *snapWriter, inv *Investment) { investmentMembers(snapMembers{w: w}, inv) }

func readInvestment(r *snapReader) *Investment {
	inv := &Investment{}
	investmentMembers(snapMembers{r: r}, inv)
	return inv
}

// writeFundDefs writes the definitions of funds in id order.
func writeFundDefs(w *snapWriter, ids []string, def func(string) *risk.Fund) {
	w.count(len(ids))
	for _, id := range ids {
		writeFundDef(w, def(id))
	}
}

func (e *Engine) writeFunds(w *snapWriter) {
	writeFundDefs(w, e.fundIDs, func(id string) *risk.Fund { return e.funds[id].Def })
	for _, id := range e.fundIDs {
		f := e.funds[id]
		w.strs(f.funders)
		w.count(len(f.order))
		for _, inv := range f.order {
			writeInvestment(w, inv)
		}
	}
	w.bool(e.roadshow.inUse)
	projects := sortedKeys(e.roadshow.byProject)
	w.count(len(projects))
	for _, p := range projects {
		w.str(p)
		list := e.Interests(p)
		w.count(len(list))
		for _, s := range list {
			w.str(s.Caller)
			w.str(s.Kind)
			w.optDec(s.InterestAmount)
			w.optDec(s.Committed)
		}
	}
}

// readFunds reads the funds section. With cfg, the fund definitions must
// be cfg's, as the program definitions must (restoreDefinitions).
func readFunds(cfg *risk.Config) func(r *snapReader, e *Engine) error {
	return func(r *snapReader, e *Engine) error {
		start := r.off
		n := r.count()
		var defs []*risk.Fund
		for range n {
			defs = append(defs, readFundDef(r))
		}
		if r.err != nil {
			return nil
		}
		if cfg != nil {
			var w snapWriter
			want := map[string]*risk.Fund{}
			var ids []string
			for _, f := range cfg.Funds {
				want[f.ID] = f
				ids = append(ids, f.ID)
			}
			sort.Strings(ids)
			writeFundDefs(&w, ids, func(id string) *risk.Fund { return want[id] })
			if !bytes.Equal(w.b, r.b[start:r.off]) {
				return errors.New("the fund definitions differ from those the snapshot was taken under")
			}
		}
		var prev string
		for _, def := range defs {
			if err := checkOrder("fund", &prev, def.ID); err != nil {
				return err
			}
			e.addFund(def)
			f := e.funds[def.ID]
			f.funders = r.strs()
			for range r.count() {
				inv := readInvestment(r)
				if r.err != nil {
					return nil
				}
				if f.Investments[inv.ID] != nil {
					return fmt.Errorf("fund %s: investment %s twice", def.ID, inv.ID)
				}
				f.addInvestment(inv)
			}
		}
		e.roadshow.inUse = r.bool()
		prev = ""
		for range r.count() {
			p := r.str()
			if err := checkOrder("roadshow project", &prev, p); err != nil || r.err != nil {
				return err
			}
			var prevCaller string
			for range r.count() {
				caller := r.str()
				if err := checkOrder("roadshow caller", &prevCaller, caller); err != nil || r.err != nil {
					return err
				}
				s := e.roadshow.interestOf(p, caller)
				s.Kind, s.InterestAmount, s.Committed = r.str(), r.optDec(), r.optDec()
			}
		}
		return nil
	}
}
