package report

import (
	"iter"

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
	b := builders[q.Kind]
	return &Table{Kind: q.Kind, From: q.From, To: q.To, Columns: b.columns(), Rows: b.rows(books, q)}, nil
}

// builder builds a kind of report: its columns and the rows of a query.
type builder interface {
	columns() []Column
	rows(books []*Book, q Query) iter.Seq[[]string]
}

// builders are the kinds Build knows (each a sheet).
var builders = map[string]builder{
	KindLoans:           loanSheet,
	KindFilings:         filingSheet,
	KindClaims:          claimSheet,
	KindSubsidies:       subsidySheet,
	KindPool:            poolSheet,
	KindFunds:           fundSheet,
	KindFundInvestments: fundInvestmentSheet,
	KindProjects:        projectSheet,
	KindEnterprises:     enterpriseSheet,
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

// keep reports whether a row of program and bank passes the query.
func (q Query) keep(program, bank string) bool {
	return (q.Program == "" || program == q.Program) && (q.Bank == "" || bank == q.Bank)
}
