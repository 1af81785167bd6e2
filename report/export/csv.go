package export

import (
	"encoding/csv"
	"io"

	"github.com/techcredit/techcredit/report"
)

// bom is the UTF-8 byte-order mark: without it Excel reads a CSV file in
// the machine's code page and garbles Chinese text.
const bom = "\uFEFF"

// WriteCSV writes a header row of Chinese titles with their English keys,
// then a row per table row; numbers are their decimal strings as is.
func WriteCSV(w io.Writer, t *report.Table) (int, error) {
	if _, err := io.WriteString(w, bom); err != nil {
		return 0, err
	}
	cw := csv.NewWriter(w)
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Header()
	}
	if err := cw.Write(header); err != nil {
		return 0, err
	}
	n := 0
	for row := range t.Rows {
		if err := cw.Write(row); err != nil {
			return n, err
		}
		n++
	}
	cw.Flush()
	return n, cw.Error()
}
