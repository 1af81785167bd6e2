// Package export writes report tables as CSV (UTF-8 with a byte-order
// mark, so that Excel opens Chinese text), XLSX (excelize's stream writer:
// one sheet per kind, a frozen header row, typed numbers) and JSON (rows
// with English keys). It is the one package that imports excelize
// (internal/layout checks it).
package export

import (
	"fmt"
	"io"

	"github.com/techcredit/techcredit/report"
)

// Formats a report is written in.
const (
	FormatJSON = "json"
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// Formats lists them.
var Formats = []string{FormatJSON, FormatCSV, FormatXLSX}

// Write writes t in format to w; it returns the rows written.
func Write(w io.Writer, t *report.Table, format string) (int, error) {
	switch format {
	case FormatCSV:
		return WriteCSV(w, t)
	case FormatXLSX:
		return WriteXLSX(w, t)
	case FormatJSON:
		return WriteJSON(w, t)
	}
	return 0, fmt.Errorf("unknown format %q: formats are %v", format, Formats)
}
