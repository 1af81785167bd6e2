package export

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/techcredit/techcredit/report"
)

// Number formats of XLSX cells.
const (
	numFmtAmount = "#,##0.00"
	numFmtRate   = "0.0000"
	numFmtCount  = "0"
)

// WriteXLSX writes a workbook of one sheet named after the kind: a frozen
// header row of Chinese titles with their English keys, then the rows,
// streamed (excelize's StreamWriter keeps rows on disk, not in memory).
// Amounts are numbers formatted #,##0.00, rates 0.0000, counts integers;
// an amount is converted to a float64 as Excel stores every number (exact
// to the cent below 10^13).
func WriteXLSX(w io.Writer, t *report.Table) (n int, err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	sheet := t.Kind
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return 0, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return 0, err
	}
	styles, err := columnStyles(f, t.Columns)
	if err != nil {
		return 0, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return 0, err
	}
	for i, c := range t.Columns {
		if err := sw.SetColWidth(i+1, i+1, widthOf(c)); err != nil {
			return 0, err
		}
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = excelize.Cell{StyleID: styles.header, Value: c.Header()}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return 0, err
	}
	cells := make([]any, len(t.Columns))
	for row := range t.Rows {
		for i, c := range t.Columns {
			cells[i] = cellOf(c.Type, row[i], styles.byColumn[i])
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return n, err
		}
		n++
	}
	if err := sw.Flush(); err != nil {
		return n, err
	}
	return n, f.Write(w)
}

type sheetStyles struct {
	header   int
	byColumn []int
}

func columnStyles(f *excelize.File, cols []report.Column) (sheetStyles, error) {
	var s sheetStyles
	var err error
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return s, err
	}
	ids := map[report.Type]int{}
	// In a fixed order, so that the same table gives the same styles.
	for _, st := range []struct {
		typ  report.Type
		code string
	}{{report.Amount, numFmtAmount}, {report.Rate, numFmtRate}, {report.Count, numFmtCount}} {
		code := st.code
		if ids[st.typ], err = f.NewStyle(&excelize.Style{CustomNumFmt: &code}); err != nil {
			return s, err
		}
	}
	for _, c := range cols {
		s.byColumn = append(s.byColumn, ids[c.Type]) // 0, the default style, for text
	}
	return s, nil
}

// cellOf is a typed cell: a number for amounts, rates and counts (an
// empty or unreadable one stays text, as written), text otherwise.
func cellOf(typ report.Type, v string, style int) excelize.Cell {
	if typ == report.Text || v == "" {
		return excelize.Cell{StyleID: style, Value: v}
	}
	if typ == report.Count {
		if i, err := strconv.ParseInt(v, 10, 64); err == nil {
			return excelize.Cell{StyleID: style, Value: i}
		}
	} else if x, err := strconv.ParseFloat(v, 64); err == nil {
		return excelize.Cell{StyleID: style, Value: x}
	}
	return excelize.Cell{StyleID: style, Value: v}
}

// widthOf is a column's width: room for its header, at least 12.
func widthOf(c report.Column) float64 {
	w := float64(len([]rune(c.Title))*2 + len(c.Key) + 2)
	return max(12, min(w, 40))
}
