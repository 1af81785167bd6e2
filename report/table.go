package report

import "iter"

// Type is how a column's cells are written: text, or a number that CSV
// writes as its decimal string and XLSX as a typed number.
type Type uint8

const (
	Text   Type = iota
	Amount      // money: a decimal string with exactly two decimals
	Count       // an integer
	Rate        // a ratio with four decimals ("" when undefined)
)

// Column is one column of a report: the English key (JSON member, CSV and
// XLSX header beside the Chinese title) and its type.
type Column struct {
	Key   string
	Title string // Simplified Chinese
	Type  Type
}

// Header is the column's XLSX and CSV header: the Chinese title with the
// English key beside it ("贷款余额 outstanding").
func (c Column) Header() string { return c.Title + " " + c.Key }

// Table is a built report. Rows are produced as they are read, so a
// writer can stream a large report without holding every row; each row
// has one cell per column, and a row slice may be reused by the next one.
type Table struct {
	Kind     string
	From, To string // the period the report covers, inclusive ("" when the journal holds no dated input)
	Columns  []Column
	Rows     iter.Seq[[]string]
}

// rowsOf serves materialised rows.
func rowsOf(rows [][]string) iter.Seq[[]string] {
	return func(yield func([]string) bool) {
		for _, r := range rows {
			if !yield(r) {
				return
			}
		}
	}
}
