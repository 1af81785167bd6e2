package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/techcredit/techcredit/report"
	"github.com/techcredit/techcredit/report/replay"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

// writeDemoJournal journals the committed demo stream through the writer
// (rejected inputs included, as a real journal holds them).
func writeDemoJournal(t *testing.T, dir string) {
	t.Helper()
	journalFiles(t, dir, "../../testdata/demo/programs.json", "../../testdata/demo/inputs.ndjson")
}

// writeJournal journals the programs.json and inputs.ndjson of a folder.
func writeJournal(t *testing.T, dir, from string) {
	t.Helper()
	journalFiles(t, dir, filepath.Join(from, "programs.json"), filepath.Join(from, "inputs.ndjson"))
}

// TestReportCommand: the pool report's last closing balances are the
// state document's pool balances; the loans report in XLSX has a row per
// loan of the state document, with its outstanding as a number.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	writeDemoJournal(t, dir)
	var stdout, stderr bytes.Buffer
	if code := runState([]string{"--data", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("state: exit %d: %s", code, stderr.String())
	}
	var st struct {
		Programs []struct {
			ID          string `json:"id"`
			PoolBalance string `json:"pool_balance"`
		} `json:"programs"`
		Loans []struct{ ID, Outstanding string } `json:"loans"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &st); err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(t.TempDir(), "pool.csv")
	stderr.Reset()
	if code := runReport([]string{"pool", "--data", dir, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("report pool: exit %d: %s", code, stderr.String())
	}
	raw, _ := os.ReadFile(out)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "项目 program,月份 month,期初余额 opening,注资 funded,代偿支出 paid,追偿回收 recovered,期末余额 closing" {
		t.Errorf("header: got %s", got)
	}
	lastClosing := map[string]string{}
	for _, r := range recs[1:] {
		lastClosing[r[0]] = r[6]
	}
	if len(st.Programs) < 3 {
		t.Fatalf("state lists %d programs", len(st.Programs))
	}
	for _, p := range st.Programs {
		if p.PoolBalance == "" || lastClosing[p.ID] != p.PoolBalance {
			t.Errorf("program %s: the report closes at %q, the state holds %s", p.ID, lastClosing[p.ID], p.PoolBalance)
		}
	}

	xlsx := filepath.Join(t.TempDir(), "loans.xlsx")
	if code := runReport([]string{"loans", "--data", dir, "--format", "xlsx", "--out", xlsx, "--quiet"}, &stdout, &stderr); code != 0 {
		t.Fatalf("report loans: exit %d: %s", code, stderr.String())
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("loans", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != len(st.Loans) || len(st.Loans) == 0 {
		t.Fatalf("got %d loan rows, want %d", len(rows)-1, len(st.Loans))
	}
	for i, l := range st.Loans {
		got, _ := strconv.ParseFloat(rows[i+1][7], 64)
		want, _ := strconv.ParseFloat(l.Outstanding, 64)
		if rows[i+1][0] != l.ID || got != want {
			t.Fatalf("row %d: got %v, want loan %s outstanding %s", i+1, rows[i+1][:8], l.ID, l.Outstanding)
		}
	}

	for _, bad := range [][]string{{"fund", "--data", dir}, {"pool", "--data", dir, "--format", "pdf"}, {"pool", "--data", dir, "--from", "2026-02-30"}} {
		if code := runReport(bad, &stdout, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}

// TestChunkedReplayFoldsTheSame: the chunked reading of a running serve's
// journal gives the report of the whole journal read at once.
func TestChunkedReplayFoldsTheSame(t *testing.T) {
	dir := t.TempDir()
	writeDemoJournal(t, dir)
	j, err := bolt.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	csvOf := func(js journal.Journal) string {
		tab, err := replay.Build(context.Background(), []journal.Journal{js}, report.Query{Kind: report.KindClaims}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		n := 0
		for r := range tab.Rows {
			b.WriteString(strings.Join(r, ",") + "\n")
			n++
		}
		if n == 0 {
			t.Fatal("no claims: the test compares nothing")
		}
		return b.String()
	}
	if whole, chunked := csvOf(j), csvOf(chunkedReplay{Journal: j, chunk: 7}); whole != chunked {
		t.Errorf("chunked fold differs:\n%s\nwant\n%s", chunked, whole)
	}
}
