package report

import (
	"bufio"
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// fixturePrograms is one 鲁科贷-style pool with filing (no window, one
// document), an interest subsidy and dual approval at 2,000,000.00.
const fixturePrograms = `{"programs":[{"id":"lkd","name":"鲁科贷","kind":"compensation_pool","currency":"CNY",
 "shares":[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.35"}],
 "dual_approval_threshold":"2000000.00","filing":{"documents":["contract"]},
 "interest_subsidy":{"rate":"0.40","cap_per_borrower":"500000.00"}}]}`

const doc = `[{"kind":"contract","sha256":"0000000000000000000000000000000000000000000000000000000000000001"}]`

// fixtureInputs runs from January to April 2026: funding, three loans of
// two banks filed and approved in February, a default in March paid after
// two approvals, a subsidy, a recovery and a second funding in April.
var fixtureInputs = []string{
	`{"id":"f1","type":"pool.funded","source":"finance:li","program":"lkd","at":"2026-01-02T09:00:00+08:00","data":{"funder":"province","amount":"10000000.00"}}`,
	`{"id":"x1","type":"enterprise.registered","source":"admin:zhou","at":"2026-01-03T09:00:00+08:00","data":{"enterprise":"e1","name":"芯片公司","sector":"ic","size":"small","park":"park-a"}}`,
	`{"id":"x2","type":"enterprise.registered","source":"admin:zhou","at":"2026-01-03T09:00:00+08:00","data":{"enterprise":"e2","name":"Bio Co.","sector":"biomed","size":"micro","park":"park-b"}}`,
	`{"id":"d1","type":"loan.disbursed","source":"bank:icbc-dz","program":"lkd","at":"2026-01-05T09:00:00+08:00","data":{"loan":"icbc-dz-L1","borrower":{"id":"e1","name":"芯片公司","sector":"ic","size":"small"},"principal":"5000000.00","annual_rate":"0.0400","term_months":36,"disbursed_on":"2026-01-05"}}`,
	`{"id":"d2","type":"loan.disbursed","source":"bank:abc-dz","program":"lkd","at":"2026-01-10T09:00:00+08:00","data":{"loan":"abc-dz-L2","borrower":{"id":"e2","name":"Bio Co.","sector":"biomed","size":"micro"},"principal":"2000000.00","annual_rate":"0.0500","term_months":24,"disbursed_on":"2026-01-10"}}`,
	`{"id":"d3","type":"loan.disbursed","source":"bank:icbc-dz","program":"lkd","at":"2026-01-12T09:00:00+08:00","data":{"loan":"icbc-dz-L3","borrower":{"id":"e2","name":"Bio Co.","sector":"biomed","size":"micro"},"principal":"1000000.00","annual_rate":"0.0600","term_months":12,"disbursed_on":"2026-01-12"}}`,
	`{"id":"fl1","type":"loan.filed","source":"bank:icbc-dz","program":"lkd","at":"2026-02-01T09:00:00+08:00","data":{"loan":"icbc-dz-L1","filed_on":"2026-02-01","documents":` + doc + `}}`,
	`{"id":"fl2","type":"loan.filed","source":"bank:abc-dz","program":"lkd","at":"2026-02-03T09:00:00+08:00","data":{"loan":"abc-dz-L2","filed_on":"2026-02-03","documents":` + doc + `}}`,
	`{"id":"fl3","type":"loan.filed","source":"bank:icbc-dz","program":"lkd","at":"2026-02-05T09:00:00+08:00","data":{"loan":"icbc-dz-L3","filed_on":"2026-02-05","documents":` + doc + `}}`,
	`{"id":"fa1","type":"filing.approved","source":"admin:zhou","program":"lkd","at":"2026-02-10T09:00:00+08:00","data":{"loan":"icbc-dz-L1"}}`,
	`{"id":"fa2","type":"filing.approved","source":"admin:zhou","program":"lkd","at":"2026-02-10T09:01:00+08:00","data":{"loan":"abc-dz-L2"}}`,
	`{"id":"fa3","type":"filing.approved","source":"admin:zhou","program":"lkd","at":"2026-02-10T09:02:00+08:00","data":{"loan":"icbc-dz-L3"}}`,
	`{"id":"s0","type":"subsidy.funded","source":"finance:li","program":"lkd","at":"2026-03-01T09:00:00+08:00","data":{"funder":"city","amount":"100000.00"}}`,
	`{"id":"r1","type":"loan.repaid","source":"bank:icbc-dz","program":"lkd","at":"2026-03-01T10:00:00+08:00","data":{"loan":"icbc-dz-L1","principal":"1000000.00","interest":"50000.00","paid_on":"2026-03-01"}}`,
	`{"id":"r3","type":"loan.repaid","source":"bank:icbc-dz","program":"lkd","at":"2026-03-10T10:00:00+08:00","data":{"loan":"icbc-dz-L3","principal":"0","interest":"30000.00","paid_on":"2026-03-10"}}`,
	`{"id":"sa3","type":"subsidy.applied","source":"bank:icbc-dz","program":"lkd","at":"2026-03-12T10:00:00+08:00","data":{"loan":"icbc-dz-L3","year":2026}}`,
	`{"id":"df1","type":"loan.defaulted","source":"bank:icbc-dz","program":"lkd","at":"2026-03-15T10:00:00+08:00","data":{"loan":"icbc-dz-L1","as_of":"2026-03-15"}}`,
	`{"id":"ca1","type":"claim.approved","source":"finance:li","program":"lkd","at":"2026-03-20T10:00:00+08:00","data":{"claim":"lkd/icbc-dz-L1"}}`,
	`{"id":"sp3","type":"subsidy.approved","source":"finance:li","program":"lkd","at":"2026-03-20T11:00:00+08:00","data":{"subsidy":"lkd/icbc-dz-L3/2026"}}`,
	`{"id":"ca2","type":"claim.approved","source":"finance:wang","program":"lkd","at":"2026-03-21T10:00:00+08:00","data":{"claim":"lkd/icbc-dz-L1"}}`,
	`{"id":"rc1","type":"loan.recovered","source":"bank:icbc-dz","program":"lkd","at":"2026-04-05T10:00:00+08:00","data":{"loan":"icbc-dz-L1","amount":"1100000.00","costs":"100000.00","recovered_on":"2026-04-05"}}`,
	`{"id":"f2","type":"pool.funded","source":"finance:wang","program":"lkd","at":"2026-04-10T09:00:00+08:00","data":{"funder":"city","amount":"1000000.00"}}`,
}

// foldLines applies inputs in order as of to, the way report/replay folds
// a journal, and fails the test on any rejected input when strict.
func foldLines(t *testing.T, programs string, lines [][]byte, to string, strict bool) *Book {
	t.Helper()
	cfg, err := risk.ParsePrograms(strings.NewReader(programs))
	if err != nil {
		t.Fatal(err)
	}
	e := ledger.NewEngine(cfg)
	rec := NewRecorder(to)
	for _, line := range lines {
		if !rec.Take(line) {
			continue
		}
		out, err := e.Apply(line, ledger.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if strict && out.Status != ledger.StatusApplied {
			t.Fatalf("input %s: %s %s %s", out.ID, out.Status, out.Code, out.Message)
		}
		if err := rec.Observe(e, out); err != nil {
			t.Fatal(err)
		}
	}
	return &Book{Engine: e, Recorder: rec}
}

func fixtureBook(t *testing.T, to string) *Book {
	lines := make([][]byte, len(fixtureInputs))
	for i, s := range fixtureInputs {
		lines[i] = []byte(s)
	}
	return foldLines(t, fixturePrograms, lines, to, true)
}

// demoLines reads the committed demo stream.
func demoLines(t *testing.T) (string, [][]byte) {
	t.Helper()
	return streamLines(t, "../testdata/demo")
}

// streamLines reads a committed stream: dir's programs.json and the
// non-blank lines of its inputs.ndjson.
func streamLines(t *testing.T, dir string) (string, [][]byte) {
	t.Helper()
	programs, err := os.ReadFile(dir + "/programs.json")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(dir + "/inputs.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			lines = append(lines, slices.Clone(sc.Bytes()))
		}
	}
	return string(programs), lines
}

// build builds a report and collects its rows.
func build(t *testing.T, books []*Book, q Query) (*Table, [][]string) {
	t.Helper()
	tab, err := Build(books, q)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for r := range tab.Rows {
		rows = append(rows, slices.Clone(r))
	}
	return tab, rows
}

func wantRows(t *testing.T, got [][]string, want ...string) {
	t.Helper()
	var lines []string
	for _, r := range got {
		lines = append(lines, strings.Join(r, "|"))
	}
	if g, w := strings.Join(lines, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("rows:\ngot\n%s\nwant\n%s", g, w)
	}
}

// wantReport builds the report q names over the one book b and checks its
// rows, each written with its cells joined by "|".
func wantReport(t *testing.T, b *Book, q Query, want ...string) {
	t.Helper()
	_, rows := build(t, []*Book{b}, q)
	wantRows(t, rows, want...)
}
