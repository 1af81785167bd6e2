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

// ContentType is the media type of a format.
func ContentType(format string) string {
	switch format {
	case FormatCSV:
		return "text/csv; charset=utf-8"
	case FormatXLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/json"
}

// FileName is the name a download of t in format is saved under.
func FileName(t *report.Table, format string) string {
	if t.From == "" {
		return fmt.Sprintf("techcredit-%s.%s", t.Kind, format)
	}
	return fmt.Sprintf("techcredit-%s-%s-%s.%s", t.Kind, t.From, t.To, format)
}

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
