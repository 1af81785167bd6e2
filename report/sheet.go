package report

import (
	"iter"
	"slices"
)

// sheet is a report over records of type R: its fields, and the records
// a query selects. Every kind of report is one.
type sheet[R any] struct {
	fields  []field[R]
	records func(books []*Book, q Query) iter.Seq[R]
	// sortBy are the columns the rows are sorted by, in order (none: in
	// the records' order).
	sortBy []int
	// dated: the rows are what happened from q.From to q.To, so a journal
	// with nothing dated (no period) has none.
	dated bool
	// stream: the rows are written as they are read, one row slice reused,
	// so a large book is never held whole (sortBy does not apply).
	stream bool
}

// listed serves records that a report lists all at once.
func listed[R any](list func(books []*Book, q Query) []R) func([]*Book, Query) iter.Seq[R] {
	return func(books []*Book, q Query) iter.Seq[R] { return slices.Values(list(books, q)) }
}

func (s sheet[R]) columns() []Column { return columnsOf(s.fields) }

// rows are the query's rows; unless streamed they are built now.
func (s sheet[R]) rows(books []*Book, q Query) iter.Seq[[]string] {
	if s.dated && q.From == "" {
		return rowsOf(nil)
	}
	if s.stream {
		return func(yield func([]string) bool) {
			row := make([]string, len(s.fields))
			for r := range s.records(books, q) {
				fillRow(row, s.fields, r)
				if !yield(row) {
					return
				}
			}
		}
	}
	var rows [][]string
	for r := range s.records(books, q) {
		rows = append(rows, rowOf(s.fields, r))
	}
	sortRows(rows, s.sortBy...)
	return rowsOf(rows)
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
