package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/techcredit/techcredit/report"
)

func sampleTable() *report.Table {
	rows := [][]string{
		{"icbc-dz-L1", "芯片公司", "1234567.89", "3", "0.0435"},
		{"abc-dz-L2", "Bio, \"Co.\"", "0.50", "0", ""},
	}
	return &report.Table{Kind: "loans", From: "2026-01-01", To: "2026-03-31",
		Columns: []report.Column{{Key: "loan", Title: "贷款编号", Type: report.Text}, {Key: "borrower_name", Title: "企业名称", Type: report.Text},
			{Key: "outstanding", Title: "贷款余额", Type: report.Amount}, {Key: "days_past_due", Title: "逾期天数", Type: report.Count},
			{Key: "average_rate", Title: "加权平均年利率", Type: report.Rate}},
		Rows: func(yield func([]string) bool) {
			for _, r := range rows {
				if !yield(r) {
					return
				}
			}
		}}
}

func TestCSVHasBOMHeaderAndExactCells(t *testing.T) {
	var b bytes.Buffer
	n, err := WriteCSV(&b, sampleTable())
	if err != nil || n != 2 {
		t.Fatalf("WriteCSV: %d rows, %v", n, err)
	}
	raw := b.Bytes()
	if !bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no UTF-8 byte-order mark: % x", raw[:3])
	}
	recs, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"贷款编号 loan", "企业名称 borrower_name", "贷款余额 outstanding", "逾期天数 days_past_due", "加权平均年利率 average_rate"},
		{"icbc-dz-L1", "芯片公司", "1234567.89", "3", "0.0435"},
		{"abc-dz-L2", "Bio, \"Co.\"", "0.50", "0", ""},
	}
	if !slices.EqualFunc(recs, want, slices.Equal) {
		t.Errorf("got %q, want %q", recs, want)
	}
}

func TestXLSXTypedCellsAndFrozenHeader(t *testing.T) {
	var b bytes.Buffer
	if n, err := WriteXLSX(&b, sampleTable()); err != nil || n != 2 {
		t.Fatalf("WriteXLSX: %d rows, %v", n, err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"loans"}) {
		t.Fatalf("sheets: got %v, want [loans]", got)
	}
	panes, err := f.GetPanes("loans")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes: got %+v (%v), want the header row frozen", panes, err)
	}
	cells := []struct {
		cell, raw, shown, numFmt string
		typ                      excelize.CellType
	}{
		{"A1", "贷款编号 loan", "贷款编号 loan", "", excelize.CellTypeSharedString},
		{"C1", "贷款余额 outstanding", "贷款余额 outstanding", "", excelize.CellTypeSharedString},
		{"A2", "icbc-dz-L1", "icbc-dz-L1", "", excelize.CellTypeSharedString},
		{"B2", "芯片公司", "芯片公司", "", excelize.CellTypeSharedString},
		{"C2", "1234567.89", "1,234,567.89", numFmtAmount, excelize.CellTypeUnset},
		{"D2", "3", "3", numFmtCount, excelize.CellTypeUnset},
		{"E2", "0.0435", "0.0435", numFmtRate, excelize.CellTypeUnset},
		{"C3", "0.5", "0.50", numFmtAmount, excelize.CellTypeUnset},
		{"E3", "", "", "", excelize.CellTypeSharedString},
	}
	for _, c := range cells {
		raw, _ := f.GetCellValue("loans", c.cell, excelize.Options{RawCellValue: true})
		shown, _ := f.GetCellValue("loans", c.cell)
		typ, _ := f.GetCellType("loans", c.cell)
		if raw != c.raw || shown != c.shown {
			t.Errorf("%s: got raw %q shown %q, want %q and %q", c.cell, raw, shown, c.raw, c.shown)
		}
		if c.numFmt != "" {
			if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s: got cell type %v, want a number", c.cell, typ)
			}
			id, _ := f.GetCellStyle("loans", c.cell)
			st, err := f.GetStyle(id)
			if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != c.numFmt {
				t.Errorf("%s: number format %v (%v), want %s", c.cell, st, err, c.numFmt)
			}
		}
	}
}

func TestJSONRowsWithEnglishKeys(t *testing.T) {
	var b bytes.Buffer
	if _, err := WriteJSON(&b, sampleTable()); err != nil {
		t.Fatal(err)
	}
	want := `{"kind":"loans","from":"2026-01-01","to":"2026-03-31","rows":[` +
		`{"loan":"icbc-dz-L1","borrower_name":"芯片公司","outstanding":"1234567.89","days_past_due":3,"average_rate":"0.0435"},` +
		`{"loan":"abc-dz-L2","borrower_name":"Bio, \"Co.\"","outstanding":"0.50","days_past_due":0,"average_rate":null}]}` + "\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if !json.Valid(b.Bytes()) {
		t.Error("not valid JSON")
	}
}
