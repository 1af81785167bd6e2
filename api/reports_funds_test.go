package api

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// fundRounds commits 100,000,000.00 to dz-transfer and reports the issue's
// two rounds (leverage 4.2857), as TestFundEndToEnd does.
func fundRounds(t *testing.T) *env {
	t.Helper()
	e := fundFirstRound(t)
	e.want(200, req{method: "POST", path: "/v1/funds/dz-transfer/investments", subject: "fund:dz-transfer",
		header: map[string]string{"Idempotency-Key": "inv-2"},
		body: `{"investment":"inv-2","project":"p-robot","round_size":"10000000.00","amount":"3000000.00",` +
			`"co_investors":[{"investor":"vc-a","amount":"3500000.00"},{"investor":"vc-c","amount":"3500000.00"}],"invested_on":"2026-10-02"}`})
	return e
}

// TestReportFundsFormats: finance's funds report in CSV and XLSX is the
// fund's figures of GET /v1/funds; the investments' rows carry the
// co-investors' totals.
func TestReportFundsFormats(t *testing.T) {
	e := fundRounds(t)
	var funds struct {
		Funds []struct {
			ID, Committed, Invested, Available string
			Early                              string `json:"early_share"`
			Small                              string `json:"small_share"`
			HardTech                           string `json:"hard_tech_share"`
		} `json:"funds"`
	}
	e.want(200, req{method: "GET", path: "/v1/funds", subject: "finance:li"}).decode(t, &funds)
	rows := csvRows(t, e.want(200, req{method: "GET", path: "/v1/reports/funds?format=csv", subject: "finance:li"}).body)
	if len(rows) != 2 || rows[0][0] != "基金编号 fund" || rows[0][8] != "放大倍数 leverage" {
		t.Fatalf("rows %q", rows)
	}
	r, f := rows[1], funds.Funds[0]
	if r[0] != f.ID || r[3] != f.Committed || r[4] != f.Invested || r[5] != f.Available ||
		r[11] != f.Early || r[12] != f.Small || r[13] != f.HardTech ||
		!slices.Equal(r[3:], []string{"100000000.00", "7000000.00", "93000000.00", "0.00", "2", "4.2857", "3.0000", "true", "0.5714", "1.0000", "1.0000"}) {
		t.Errorf("funds row %q, fund %+v", r, f)
	}
	x := xlsxRows(t, e.want(200, req{method: "GET", path: "/v1/reports/fund_investments?format=xlsx", subject: "admin:sci"}).body, "fund_investments")
	want := [][]string{
		{"dz-transfer", "inv-1", "p-chip", "20000000", "4000000", "16000000", "2", "2026-10-01"},
		{"dz-transfer", "inv-2", "p-robot", "10000000", "3000000", "7000000", "2", "2026-10-02"},
	}
	if len(x) != 3 || x[0][6] != "社会资本合计 co_investors" {
		t.Fatalf("workbook %q", x)
	}
	for i, w := range want {
		got := append(x[i+1][:3:3], x[i+1][4:9]...)
		if !slices.Equal(got, w) {
			t.Errorf("row %d: got %q, want %q", i+1, x[i+1], w)
		}
	}
}

// TestReportFundsRoles: an investor's funds exports hold no co-investor's
// name; a fund gets its own fund's rows whatever fund= it asks, another
// fund none.
func TestReportFundsRoles(t *testing.T) {
	e := fundRounds(t)
	for _, path := range []string{"/v1/reports/funds", "/v1/reports/fund_investments"} {
		for _, format := range []string{"json", "csv", "xlsx"} {
			body := e.want(200, req{method: "GET", path: path + "?format=" + format, subject: "investor:vc1"}).body
			text := string(body)
			if format == "xlsx" {
				var cells []string
				for _, r := range xlsxRows(t, body, strings.TrimPrefix(path, "/v1/reports/")) {
					cells = append(cells, r...)
				}
				text = strings.Join(cells, "|")
			}
			for _, name := range []string{"vc-a", "vc-b", "vc-c"} {
				if strings.Contains(text, name) {
					t.Errorf("%s %s names co-investor %s: %s", path, format, name, text)
				}
			}
			if !strings.Contains(text, "dz-transfer") {
				t.Errorf("%s %s: no fund row: %s", path, format, text)
			}
		}
	}
	var own, other struct {
		Rows []map[string]any `json:"rows"`
	}
	json.Unmarshal(e.want(200, req{method: "GET", path: "/v1/reports/fund_investments?fund=nope", subject: "fund:dz-transfer"}).body, &own)
	json.Unmarshal(e.want(200, req{method: "GET", path: "/v1/reports/fund_investments", subject: "fund:other"}).body, &other)
	if len(own.Rows) != 2 || own.Rows[1]["co_investors"] != "7000000.00" || len(other.Rows) != 0 {
		t.Errorf("the fund's own rows %v; another fund's %v", own.Rows, other.Rows)
	}
}
