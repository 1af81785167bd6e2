package report

// field is a column of a report with how its cell is written from the
// record behind a row (R): a report is its fields and its records, so a
// cell cannot drift from its column when a column is added or moved.
type field[R any] struct {
	Column
	cell func(R) string
}

// text, amount, count and rate are fields of each column type.
func text[R any](key, title string, cell func(R) string) field[R] {
	return field[R]{Column{key, title, Text}, cell}
}

func amount[R any](key, title string, cell func(R) string) field[R] {
	return field[R]{Column{key, title, Amount}, cell}
}

func count[R any](key, title string, cell func(R) string) field[R] {
	return field[R]{Column{key, title, Count}, cell}
}

func rate[R any](key, title string, cell func(R) string) field[R] {
	return field[R]{Column{key, title, Rate}, cell}
}

// columnsOf lists the columns of fields, in order.
func columnsOf[R any](fields []field[R]) []Column {
	cols := make([]Column, len(fields))
	for i, f := range fields {
		cols[i] = f.Column
	}
	return cols
}

// fillRow writes the cells of r into row, one per field.
func fillRow[R any](row []string, fields []field[R], r R) {
	for i, f := range fields {
		row[i] = f.cell(r)
	}
}

// rowOf is a new row of the cells of r.
func rowOf[R any](fields []field[R], r R) []string {
	row := make([]string, len(fields))
	fillRow(row, fields, r)
	return row
}

// deref is a nullable cell: "" for null.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
