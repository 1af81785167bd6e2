package main

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"
)

// TestReportFundsCommand: `techcredit report funds` of the worked example
// 11's journal is its fund's row (leverage 4.2857), in CSV with a BOM.
func TestReportFundsCommand(t *testing.T) {
	dir := t.TempDir()
	writeJournal(t, dir, "../../testdata/examples/11-transformation-fund")
	var stdout, stderr bytes.Buffer
	if code := runReport([]string{"funds", "--data", dir, "--fund", "dz-transfer", "--quiet"}, &stdout, &stderr); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr.String())
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(stdout.Bytes(), []byte("\uFEFF")))).ReadAll()
	if err != nil || !bytes.HasPrefix(stdout.Bytes(), []byte("\uFEFF")) {
		t.Fatalf("CSV: %v\n%s", err, stdout.String())
	}
	want := []string{"dz-transfer", "德州市科技成果转化基金", "CNY", "100000000.00", "7000000.00", "93000000.00", "6000000.00",
		"2", "4.2857", "3.0000", "true", "0.4286", "0.5714", "1.0000"}
	if len(recs) != 2 || recs[0][3] != "认缴出资 committed" || !slices.Equal(recs[1], want) {
		t.Errorf("got %q, want the header and %q", recs, want)
	}
}
