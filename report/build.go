package report

import (
	"slices"

	"github.com/techcredit/techcredit/ledger"
)

// Book is one folded journal (a partition in the Kafka mode): the engine
// as of the query's to, and what its recorder saw on the way.
type Book struct {
	Engine   *ledger.Engine
	Recorder *Recorder
}

// Build builds the report q names over the books (a program lives in one
// of them). The engine of each book must have been folded as of q.To with
// its recorder. From and To default to the earliest and latest input dates
// the recorders took.
func Build(books []*Book, q Query) (*Table, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	q = withDefaultDates(books, q)
	t := &Table{Kind: q.Kind, From: q.From, To: q.To}
	empty := q.From == "" // nothing dated was ever journaled
	switch q.Kind {
	case KindLoans:
		t.Columns, t.Rows = loanColumns, loanRows(books, q)
	case KindFilings:
		t.Columns, t.Rows = filingColumns, rowsOf(nil)
		if !empty {
			t.Rows = rowsOf(filingRows(books, q))
		}
	case KindClaims:
		t.Columns, t.Rows = claimColumns, rowsOf(nil)
		if !empty {
			t.Rows = rowsOf(claimRows(books, q))
		}
	case KindSubsidies:
		t.Columns, t.Rows = subsidyColumns, rowsOf(nil)
		if !empty {
			t.Rows = rowsOf(subsidyRows(books, q))
		}
	case KindPool:
		t.Columns, t.Rows = poolColumns, rowsOf(nil)
		if !empty {
			t.Rows = rowsOf(poolRows(books, q))
		}
	case KindFunds:
		t.Columns, t.Rows = fundColumns, rowsOf(fundRows(books, q))
	case KindFundInvestments:
		t.Columns, t.Rows = fundInvestmentColumns, rowsOf(fundInvestmentRows(books, q))
	case KindProjects:
		t.Columns, t.Rows = projectColumns, rowsOf(projectRows(books))
	case KindEnterprises:
		t.Columns, t.Rows = enterpriseColumns, rowsOf(enterpriseRows(books))
	}
	return t, nil
}

// withDefaultDates fills from and to with the journal's first and last
// input dates.
func withDefaultDates(books []*Book, q Query) Query {
	first, last := "", ""
	for _, b := range books {
		first, last = minDate(first, b.Recorder.First), max(last, b.Recorder.Last)
	}
	if q.From == "" {
		q.From = first
	}
	if q.To == "" {
		q.To = last
	}
	if q.From == "" && q.To != "" {
		q.From = q.To
	}
	if q.To == "" && q.From != "" {
		q.To = max(q.From, last)
	}
	return q
}

func minDate(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return min(a, b)
}

// sortRows sorts rows by the cells of the columns given, in order.
func sortRows(rows [][]string, cols ...int) {
	slices.SortStableFunc(rows, func(a, b []string) int {
		for _, c := range cols {
			if a[c] != b[c] {
				if a[c] < b[c] {
					return -1
				}
				return 1
			}
		}
		return 0
	})
}

// keep reports whether a row of program and bank passes the query.
func (q Query) keep(program, bank string) bool {
	return (q.Program == "" || program == q.Program) && (q.Bank == "" || bank == q.Bank)
}
