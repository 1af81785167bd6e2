package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/shopspring/decimal"

	"github.com/techcredit/techcredit/report"
	"github.com/techcredit/techcredit/report/export"
	"github.com/techcredit/techcredit/report/replay"
	"github.com/techcredit/techcredit/stream/journal"
)

// journalReports serves reports from the test deployment's journal, as
// cmd/techcredit does from serve's.
type journalReports struct{ j journal.Journal }

func (s journalReports) Report(ctx context.Context, q report.Query) (*report.Table, error) {
	return replay.Build(ctx, []journal.Journal{s.j}, q, nil)
}

func init() {
	// The response validator reads CSV and XLSX bodies as the strings the
	// document says they are.
	openapi3filter.RegisterBodyDecoder("text/csv", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", openapi3filter.FileBodyDecoder)
}

func csvRows(t *testing.T, body []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(body, []byte("\uFEFF")) {
		t.Fatalf("CSV without a byte-order mark: %.40q", body)
	}
	recs, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func xlsxRows(t *testing.T, body []byte, sheet string) [][]string {
	t.Helper()
	rows, err := export.ReadXLSX(bytes.NewReader(body), sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestReportLoansAsFinanceAndBank: finance's loans report lists every loan
// of GET /v1/loans with the same outstanding; a bank's, in each format and
// whatever bank= it asks for, only its own, and no other bank's name.
func TestReportLoansAsFinanceAndBank(t *testing.T) {
	e := newEnv(t)
	var loans loansResponse
	e.want(200, req{method: "GET", path: "/v1/loans?limit=1000", subject: "finance:li"}).decode(t, &loans)
	res := e.want(200, req{method: "GET", path: "/v1/reports/loans?format=csv", subject: "finance:li"})
	if ct := res.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := res.header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="techcredit-loans-2026-`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows := csvRows(t, res.body)
	if rows[0][0] != "贷款编号 loan" || rows[0][7] != "贷款余额 outstanding" {
		t.Errorf("header %q", rows[0])
	}
	if len(rows)-1 != len(loans.Loans) || len(loans.Loans) < 3 {
		t.Fatalf("got %d rows, want the %d loans", len(rows)-1, len(loans.Loans))
	}
	for i, l := range loans.Loans {
		if r := rows[i+1]; r[0] != l.ID || r[2] != l.Bank || r[6] != l.Status || r[7] != l.Outstanding || r[8] != strconv.Itoa(int(l.DaysPastDue)) {
			t.Errorf("row %d: got %q, want %s %s %s %s", i+1, r, l.ID, l.Bank, l.Status, l.Outstanding)
		}
	}

	secrets := []string{"boc-jn"}
	for _, path := range []string{"/v1/reports/loans?format=csv", "/v1/reports/loans?format=csv&bank=boc-jn",
		"/v1/reports/claims?format=csv", "/v1/reports/filings?format=csv", "/v1/reports/subsidies?format=csv"} {
		body := e.want(200, req{method: "GET", path: path, subject: "bank:icbc-dz"}).body
		assertNoSecrets(t, string(body), secrets)
		for _, r := range csvRows(t, body)[1:] {
			if !strings.HasPrefix(r[0], "icbc-dz-") && !strings.Contains(r[0], "/icbc-dz-") && !strings.HasPrefix(r[0], "20") {
				t.Errorf("%s: a row of another bank: %q", path, r)
			}
		}
	}
	xrows := xlsxRows(t, e.want(200, req{method: "GET", path: "/v1/reports/loans?format=xlsx&bank=boc-jn", subject: "bank:icbc-dz"}).body, "loans")
	own := 0
	for _, l := range loans.Loans {
		if l.Bank == "icbc-dz" {
			own++
		}
	}
	if len(xrows)-1 != own || own == 0 {
		t.Fatalf("bank's XLSX: got %d rows, want its %d loans", len(xrows)-1, own)
	}
	for _, r := range xrows[1:] {
		if r[2] != "icbc-dz" {
			t.Errorf("bank's XLSX holds %q", r)
		}
	}
}

// TestReportRoles: who may read which kind, and the errors.
func TestReportRoles(t *testing.T) {
	e := newEnv(t)
	secrets := bankSecrets(t, e)
	for _, c := range []struct {
		subject, path string
		status        int
		code          string
	}{
		{"investor:vc1", "/v1/reports/pool", 200, ""},
		{"guarantor:sd-kedan", "/v1/reports/pool?format=csv", 200, ""},
		{"investor:vc1", "/v1/reports/loans", 403, "forbidden"},
		{"guarantor:sd-kedan", "/v1/reports/claims", 403, "forbidden"},
		{"admin:sci", "/v1/reports/claims?format=xlsx", 200, ""},
		{"finance:li", "/v1/reports/funds", 200, ""},
		{"investor:vc1", "/v1/reports/funds?format=csv", 200, ""},
		{"investor:vc1", "/v1/reports/fund_investments", 200, ""},
		{"fund:dz-transfer", "/v1/reports/funds", 200, ""},
		{"fund:dz-transfer", "/v1/reports/pool", 403, "forbidden"},
		{"bank:icbc-dz", "/v1/reports/funds", 403, "forbidden"},
		{"guarantor:sd-kedan", "/v1/reports/fund_investments", 403, "forbidden"},
		{"finance:li", "/v1/reports/fund", 404, CodeUnknownReport},
		{"finance:li", "/v1/reports/ledger", 404, CodeUnknownReport},
		{"finance:li", "/v1/reports/pool?format=pdf", 400, CodeBadRequest},
		{"finance:li", "/v1/reports/pool?from=2026-02-30", 400, CodeBadRequest},
		{"finance:li", "/v1/reports/pool?from=2026-05-01&to=2026-04-01", 400, CodeBadRequest},
		{"", "/v1/reports/pool", 401, CodeUnauthorized},
	} {
		res := e.want(c.status, req{method: "GET", path: c.path, subject: c.subject})
		if c.code != "" && res.errorCode(t) != c.code {
			t.Errorf("%s %s: got %s, want %s", c.subject, c.path, res.body, c.code)
		}
		if strings.HasPrefix(c.subject, "investor:") {
			assertNoSecrets(t, string(res.body), secrets)
		}
	}
}

// TestReportPoolIsTheProgramsBalance: the pool report's last closing
// balance of each program is its pool balance in GET /v1/programs.
func TestReportPoolIsTheProgramsBalance(t *testing.T) {
	e := newEnv(t)
	var progs programsResponse
	e.want(200, req{method: "GET", path: "/v1/programs", subject: "finance:li"}).decode(t, &progs)
	var doc struct {
		Rows []struct{ Program, Month, Opening, Closing string } `json:"rows"`
	}
	e.want(200, req{method: "GET", path: "/v1/reports/pool", subject: "finance:li"}).decode(t, &doc)
	closing := map[string]string{}
	for _, r := range doc.Rows {
		closing[r.Program] = r.Closing
	}
	funded := 0
	for _, p := range progs.Programs {
		if closing[p.ID] != p.PoolBalance {
			t.Errorf("%s: the report closes at %q, the program holds %s", p.ID, closing[p.ID], p.PoolBalance)
		}
		if p.PoolBalance != "0.00" {
			funded++
		}
	}
	if funded == 0 {
		t.Fatal("no pool holds money: the test compares nothing")
	}
}

// TestReportFilingsAddUpToTheFilings: the filings report's monthly rows
// add up to the approved filings of GET /v1/filings: loans, amount lent,
// amount filed.
func TestReportFilingsAddUpToTheFilings(t *testing.T) {
	e := newEnvFrom(t, "testdata/programs_filing.json")
	post := func(subject string, lines ...string) {
		t.Helper()
		var res eventsResponse
		for i := range lines {
			lines[i] = `{"source":"` + subject + `",` + lines[i][1:]
		}
		e.want(200, req{method: "POST", path: "/v1/events", subject: subject, body: "[" + strings.Join(lines, ",") + "]"}).decode(t, &res)
		for _, r := range res.Results {
			if r.Status != "applied" {
				t.Fatalf("%s: got %+v, want applied", subject, r)
			}
		}
	}
	post("admin:sci",
		filingInput("r-1", "enterprise.registered", "", `{"enterprise":"e-chip","name":"Chip Co.","sector":"ic","size":"small","park":"dz-park","tech_sme_number":"2025370100A01","tech_sme_year":2025}`),
		filingInput("r-2", "enterprise.registered", "", `{"enterprise":"e-bio","name":"Bio Co.","sector":"biomed","size":"micro","tech_sme_number":"2026370100A02","tech_sme_year":2026}`))
	loan := func(id, borrower, principal, rate string) string {
		return filingInput("d-"+id, "loan.disbursed", "dz-filing", `{"loan":"`+id+`","borrower":{"id":"`+borrower+
			`","name":"n","sector":"ic","size":"small"},"principal":"`+principal+`","annual_rate":"`+rate+`","term_months":24,"disbursed_on":"2026-10-20"}`)
	}
	filed := func(id, on string) string {
		return filingInput("f-"+id, "loan.filed", "dz-filing", `{"loan":"`+id+`","filed_on":"`+on+`","documents":`+docsBoth+`}`)
	}
	post("bank:icbc-dz", loan("icbc-dz-F1", "e-chip", "15000000.00", "0.04"), loan("icbc-dz-F2", "e-bio", "2000000.00", "0.05"),
		filed("icbc-dz-F1", "2026-10-25"), filed("icbc-dz-F2", "2026-11-01"))
	post("bank:boc-jn", loan("boc-jn-F3", "e-bio", "1000000.00", "0.06"), filed("boc-jn-F3", "2026-11-01"))
	post("admin:sci",
		filingInput("a-1", "filing.approved", "dz-filing", `{"loan":"icbc-dz-F1"}`),
		filingInput("a-2", "filing.approved", "dz-filing", `{"loan":"icbc-dz-F2"}`),
		filingInput("a-3", "filing.approved", "dz-filing", `{"loan":"boc-jn-F3"}`))

	var fl filingsResponse
	e.want(200, req{method: "GET", path: "/v1/filings?status=approved", subject: "finance:li"}).decode(t, &fl)
	var doc struct {
		Rows []struct {
			Month, Program, Bank, Park string
			Loans                      int
			Lent, Filed                string
			AverageRate                *string `json:"average_rate"`
		} `json:"rows"`
	}
	e.want(200, req{method: "GET", path: "/v1/reports/filings", subject: "finance:li"}).decode(t, &doc)
	sum := func(xs ...string) decimal.Decimal {
		s := decimal.Zero
		for _, x := range xs {
			s = s.Add(decimal.RequireFromString(x))
		}
		return s
	}
	var wantLent, wantFiled, gotLent, gotFiled decimal.Decimal
	for _, f := range fl.Filings {
		wantLent, wantFiled = wantLent.Add(sum(f.Principal)), wantFiled.Add(sum(f.Filed))
	}
	loans := 0
	var lines []string
	for _, r := range doc.Rows {
		loans += r.Loans
		gotLent, gotFiled = gotLent.Add(sum(r.Lent)), gotFiled.Add(sum(r.Filed))
		lines = append(lines, fmt.Sprintf("%s %s %s %s %d %s %s %s", r.Month, r.Program, r.Bank, r.Park, r.Loans, r.Lent, r.Filed, *r.AverageRate))
	}
	if loans != len(fl.Filings) || !gotLent.Equal(wantLent) || !gotFiled.Equal(wantFiled) || len(fl.Filings) != 3 {
		t.Errorf("report: %d loans, lent %s, filed %s; GET /v1/filings: %d, %s, %s", loans, gotLent, gotFiled,
			len(fl.Filings), wantLent, wantFiled)
	}
	want := "2026-10 dz-filing icbc-dz dz-park 1 15000000.00 10000000.00 0.0400\n" +
		"2026-11 dz-filing boc-jn  1 1000000.00 1000000.00 0.0600\n" +
		"2026-11 dz-filing icbc-dz  1 2000000.00 2000000.00 0.0500"
	if got := strings.Join(lines, "\n"); got != want {
		t.Errorf("rows:\n%s\nwant\n%s", got, want)
	}
}
