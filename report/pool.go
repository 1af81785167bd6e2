package report

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// poolBook is a program's pool money by month of the inputs' local dates.
type poolBook struct {
	months  map[string]*poolMonth
	balance decimal.Decimal // running: Σ in − Σ out, checked against the ledger
}

// poolMonth is what moved through a pool in one month.
type poolMonth struct {
	funded, paid, recovered decimal.Decimal
}

func (r *Recorder) poolOf(program string) *poolBook {
	b := r.pool[program]
	if b == nil {
		b = &poolBook{months: map[string]*poolMonth{}}
		r.pool[program] = b
	}
	return b
}

func (b *poolBook) month(m string) *poolMonth {
	pm := b.months[m]
	if pm == nil {
		pm = &poolMonth{}
		b.months[m] = pm
	}
	return pm
}

// observePool sorts the postings in and out of pool accounts: money in
// from a funding account is funded, any other money in is a recovery paid
// back, money out pays claims. After each input that moved a pool the
// running balance must be the ledger's pool balance: the report's closing
// balances are the ledger's, not a second bookkeeping.
func (r *Recorder) observePool(e *ledger.Engine, in *envelope, out ledger.Outcome) error {
	var moved []string
	for _, p := range out.Postings {
		switch {
		case p.To.Kind == ledger.AccountPool:
			b := r.poolOf(p.To.Program)
			pm := b.month(monthOf(in.date))
			if p.From.Kind == ledger.AccountFunding {
				pm.funded = pm.funded.Add(p.Amount)
			} else {
				pm.recovered = pm.recovered.Add(p.Amount)
			}
			b.balance = b.balance.Add(p.Amount)
			moved = append(moved, p.To.Program)
		case p.From.Kind == ledger.AccountPool:
			b := r.poolOf(p.From.Program)
			pm := b.month(monthOf(in.date))
			pm.paid = pm.paid.Add(p.Amount)
			b.balance = b.balance.Sub(p.Amount)
			moved = append(moved, p.From.Program)
		}
	}
	if len(moved) == 0 {
		return nil
	}
	for _, v := range e.Views(ledger.Changes{Programs: moved}).Programs {
		if got := risk.FormatAmount(r.pool[v.ID].balance); got != v.PoolBalance {
			return fmt.Errorf("report: pool of %s: the postings give %s, the ledger %s", v.ID, got, v.PoolBalance)
		}
	}
	return nil
}

// monthOf is the month YYYY-MM of a date; inputs without a readable date
// move no money (they are rejected), "" keeps them apart all the same.
func monthOf(date string) string {
	if len(date) < 7 {
		return ""
	}
	return date[:7]
}

// poolSheet: per program and month from the month of from to the month
// of to, the pool's opening balance, its money in and out and its closing
// balance (opening + funded + recovered − paid). Months before from count
// in the first opening balance.
var poolSheet = sheet[poolRow]{
	records: listed(poolRecords),
	sortBy:  []int{0, 1},
	dated:   true,
	fields: []field[poolRow]{
		text("program", "项目", func(r poolRow) string { return r.program }),
		text("month", "月份", func(r poolRow) string { return r.month }),
		amount("opening", "期初余额", func(r poolRow) string { return risk.FormatAmount(r.opening) }),
		amount("funded", "注资", func(r poolRow) string { return risk.FormatAmount(r.funded) }),
		amount("paid", "代偿支出", func(r poolRow) string { return risk.FormatAmount(r.paid) }),
		amount("recovered", "追偿回收", func(r poolRow) string { return risk.FormatAmount(r.recovered) }),
		amount("closing", "期末余额", func(r poolRow) string { return risk.FormatAmount(r.closing()) }),
	},
}

// poolRow is a program's pool in one month.
type poolRow struct {
	program, month string
	opening        decimal.Decimal
	*poolMonth
}

func (r poolRow) closing() decimal.Decimal {
	return r.opening.Add(r.funded).Add(r.recovered).Sub(r.paid)
}

func poolRecords(books []*Book, q Query) []poolRow {
	var out []poolRow
	for _, bk := range books {
		for _, prog := range bk.Engine.AllChanges().Programs {
			if q.Program != "" && prog != q.Program {
				continue
			}
			pb := bk.Recorder.pool[prog]
			if pb == nil {
				pb = &poolBook{}
			}
			out = append(out, pb.rows(prog, q.From, q.To)...)
		}
	}
	return out
}

func (b *poolBook) rows(program, from, to string) []poolRow {
	opening := decimal.Zero
	for m, pm := range b.months {
		if m < from[:7] {
			opening = opening.Add(pm.funded).Add(pm.recovered).Sub(pm.paid)
		}
	}
	var rows []poolRow
	for _, m := range monthsBetween(from, to) {
		pm := b.months[m]
		if pm == nil {
			pm = &poolMonth{}
		}
		r := poolRow{program, m, opening, pm}
		rows = append(rows, r)
		opening = r.closing()
	}
	return rows
}
