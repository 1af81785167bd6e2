package api

import (
	"fmt"
	"strings"
	"testing"
)

// subsidyInput is an input of program dz-subsidy at filingAt.
func subsidyInput(id, typ, data string) string {
	return filingInput(id, typ, "dz-subsidy", data)
}

// subsidyWorld reports the year 2026 of dz-subsidy (40%, at most
// 500,000.00 a borrower, dual approval from 400,000.00) through POST
// /v1/events: icbc-dz's loans S-A (e1) paid 1,300,000.00 of interest,
// S-B (e2) 123,456.78, S-C (e3) was once 1 day past due, S-D is a second
// loan of e1, S-E (e4) paid 750,000.00; boc-jn's S-F (e5) paid 1,000.00.
func subsidyWorld(t *testing.T, opts ...func(*Config)) *env {
	e := newEnvFrom(t, "testdata/programs_subsidy.json", opts...)
	e.want(200, req{method: "POST", path: "/v1/programs/dz-subsidy/funding", subject: "finance:li",
		body: `{"funder":"province","amount":"10000000.00"}`, header: map[string]string{"Idempotency-Key": "pool-dz-subsidy"}})
	loan := func(id, borrower, principal string) string {
		return subsidyInput("d-"+id, "loan.disbursed", `{"loan":"`+id+`","borrower":{"id":"`+borrower+
			`","name":"n","sector":"ic","size":"small"},"principal":"`+principal+`","annual_rate":"0.04","term_months":36,"disbursed_on":"2026-01-05"}`)
	}
	paid := func(id, loan, interest, on string) string {
		return subsidyInput(id, "loan.repaid", `{"loan":"`+loan+`","principal":"0","interest":"`+interest+`","paid_on":"`+on+`"}`)
	}
	e.post("bank:icbc-dz", "applied",
		loan("icbc-dz-S.A", "e1", "50000000.00"), loan("icbc-dz-S.B", "e2", "1000000.00"),
		loan("icbc-dz-S.C", "e3", "1000000.00"), loan("icbc-dz-S.D", "e1", "1000000.00"),
		loan("icbc-dz-S.E", "e4", "20000000.00"),
		paid("p-1", "icbc-dz-S.A", "800000.00", "2026-06-30"), paid("p-2", "icbc-dz-S.A", "500000.00", "2026-10-20"),
		paid("p-3", "icbc-dz-S.B", "123456.78", "2026-09-01"), paid("p-4", "icbc-dz-S.C", "10000.00", "2026-05-01"),
		subsidyInput("o-1", "loan.overdue", `{"loan":"icbc-dz-S.C","days_past_due":1,"as_of":"2026-06-02"}`),
		subsidyInput("o-2", "loan.overdue", `{"loan":"icbc-dz-S.C","days_past_due":0,"as_of":"2026-06-03"}`),
		paid("p-5", "icbc-dz-S.D", "5000.00", "2026-05-01"), paid("p-6", "icbc-dz-S.E", "750000.00", "2026-10-01"))
	e.post("bank:boc-jn", "applied", loan("boc-jn-S.F", "e5", "1000000.00"), paid("p-7", "boc-jn-S.F", "1000.00", "2026-10-01"))
	return e
}

// post sends inputs as subject and wants each to end with status; it
// returns the results' codes.
func (e *env) post(subject, status string, lines ...string) []string {
	e.t.Helper()
	for i := range lines {
		lines[i] = `{"source":"` + subject + `",` + lines[i][1:]
	}
	var res eventsResponse
	e.want(200, req{method: "POST", path: "/v1/events", subject: subject, body: "[" + strings.Join(lines, ",") + "]"}).decode(e.t, &res)
	var codes []string
	for _, r := range res.Results {
		if r.Status != status {
			e.t.Fatalf("%s: got %+v, want %s", subject, r, status)
		}
		codes = append(codes, r.Code)
	}
	return codes
}

func applied(id, loan string, year int) string {
	return subsidyInput(id, "subsidy.applied", fmt.Sprintf(`{"loan":%q,"year":%d}`, loan, year))
}

// TestSubsidyExactAmounts: SPEC §11's figures through the API, to the
// cent: the cap, the rounding, not_eligible, already_applied, and a budget
// that runs short and is topped up, paid first-in first-out.
func TestSubsidyExactAmounts(t *testing.T) {
	e := subsidyWorld(t)
	e.post("bank:icbc-dz", "applied", applied("s-1", "icbc-dz-S.A", 2026), applied("s-2", "icbc-dz-S.B", 2026),
		applied("s-5", "icbc-dz-S.E", 2026))
	if got := strings.Join(e.post("bank:icbc-dz", "rejected", applied("s-3", "icbc-dz-S.C", 2026),
		applied("s-4", "icbc-dz-S.D", 2026), applied("s-6", "icbc-dz-S.A", 2027)), ","); got != "not_eligible,already_applied,bad_field" {
		t.Errorf("codes: got %s, want not_eligible,already_applied,bad_field", got)
	}
	sub := func(subject, id string) subsidyDocForTest {
		t.Helper()
		var d subsidyDocForTest
		e.want(200, req{method: "GET", path: "/v1/subsidies/" + id, subject: subject}).decode(t, &d)
		return d
	}
	for _, c := range []struct{ id, interest, amount string }{
		{"dz-subsidy/icbc-dz-S.A/2026", "1300000.00", "500000.00"},
		{"dz-subsidy/icbc-dz-S.B/2026", "123456.78", "49382.71"},
		{"dz-subsidy/icbc-dz-S.E/2026", "750000.00", "300000.00"},
	} {
		if d := sub("bank:icbc-dz", c.id); d.Interest != c.interest || d.Amount != c.amount || d.Status != "pending" || d.Paid != "0.00" {
			t.Errorf("%s: got %+v, want interest %s, amount %s, pending, paid 0.00", c.id, d, c.interest, c.amount)
		}
	}
	e.want(404, req{method: "GET", path: "/v1/subsidies/dz-subsidy/icbc-dz-S.A/2026", subject: "bank:boc-jn"})
	e.want(404, req{method: "GET", path: "/v1/subsidies/dz-subsidy/icbc-dz-S.C/2026", subject: "finance:li"})

	fund := func(key, amount string, status ...string) subsidyProgramForTest {
		t.Helper()
		var res struct {
			Result  Result                `json:"result"`
			Program subsidyProgramForTest `json:"program"`
		}
		e.want(200, req{method: "POST", path: "/v1/programs/dz-subsidy/subsidy-funding", subject: "finance:li",
			body: `{"funder":"city","amount":"` + amount + `"}`, header: map[string]string{"Idempotency-Key": key}}).decode(t, &res)
		if want := append(status, "applied")[0]; res.Result.Status != want {
			t.Fatalf("subsidy funding %s: got %+v, want %s", key, res.Result, want)
		}
		return res.Program
	}
	if p := fund("budget-1", "600000.00"); p.Funded != "600000.00" || p.Balance != "600000.00" || p.PoolBalance != "10000000.00" {
		t.Errorf("after funding: got %+v, want subsidy funded and balance 600000.00, pool untouched 10000000.00", p)
	}
	decide := func(subject, id, verb, body string) (Result, subsidyDocForTest) {
		t.Helper()
		var res struct {
			Result  Result            `json:"result"`
			Subsidy subsidyDocForTest `json:"subsidy"`
		}
		e.want(200, req{method: "POST", path: "/v1/subsidies/" + id + "/" + verb, subject: subject, body: body}).decode(t, &res)
		return res.Result, res.Subsidy
	}
	const a, b, s5 = "dz-subsidy/icbc-dz-S.A/2026", "dz-subsidy/icbc-dz-S.B/2026", "dz-subsidy/icbc-dz-S.E/2026"
	if _, d := decide("finance:li", a, "approve", ""); d.Status != "awaiting_second_approval" || d.Paid != "0.00" {
		t.Errorf("first approval of %s: got %+v, want awaiting_second_approval", a, d)
	}
	e.want(409, req{method: "POST", path: "/v1/subsidies/" + a + "/approve", subject: "finance:li"}) // same_approver
	if _, d := decide("finance:ann", a, "approve", ""); d.Status != "paid" || d.Paid != "500000.00" || d.Owed != "0.00" {
		t.Errorf("second approval of %s: got %+v, want paid 500000.00", a, d)
	}
	if _, d := decide("finance:li", s5, "approve", ""); d.Status != "queued" || d.Paid != "100000.00" || d.Owed != "200000.00" {
		t.Errorf("approval of %s: got %+v, want queued, paid 100000.00, owed 200000.00", s5, d)
	}
	if _, d := decide("finance:ann", b, "reject", `{"reason":"documents missing"}`); d.Status != "rejected" {
		t.Errorf("rejection of %s: got %+v, want rejected", b, d)
	}
	e.want(409, req{method: "POST", path: "/v1/subsidies/" + b + "/approve", subject: "finance:li"}) // subsidy_closed
	e.want(404, req{method: "POST", path: "/v1/subsidies/dz-subsidy/icbc-dz-S.C/2026/approve", subject: "finance:li"})
	e.want(403, req{method: "POST", path: "/v1/subsidies/" + s5 + "/approve", subject: "bank:icbc-dz"})

	var p subsidyProgramForTest
	e.want(200, req{method: "GET", path: "/v1/programs/dz-subsidy", subject: "finance:li"}).decode(t, &p)
	if p.Funded != "600000.00" || p.Paid != "600000.00" || p.Owed != "200000.00" || p.Balance != "0.00" || p.PoolBalance != "10000000.00" {
		t.Errorf("budget short: got %+v, want funded 600000.00, paid 600000.00, owed 200000.00, balance 0.00", p)
	}
	if p := fund("budget-2", "250000.00"); p.Funded != "850000.00" || p.Paid != "800000.00" || p.Owed != "0.00" || p.Balance != "50000.00" {
		t.Errorf("topped up: got %+v, want funded 850000.00, paid 800000.00, owed 0.00, balance 50000.00", p)
	}
	if d := sub("finance:li", s5); d.Status != "paid" || d.Paid != "300000.00" || d.Owed != "0.00" {
		t.Errorf("%s after the top-up: got %+v, want paid 300000.00", s5, d)
	}
	// A retried top-up with the same key is a duplicate, never paid twice.
	if p := fund("budget-2", "250000.00", "duplicate"); p.Funded != "850000.00" {
		t.Errorf("retried top-up: got funded %s, want 850000.00", p.Funded)
	}
}

type subsidyDocForTest struct {
	ID, Program, Loan, Borrower, Bank, Interest, Amount, Paid, Owed, Status string
	Year                                                                    int
	Approvals                                                               []string
}

type subsidyProgramForTest struct {
	PoolBalance string `json:"pool_balance"`
	Balance     string `json:"subsidy_balance"`
	Funded      string `json:"subsidy_funded"`
	Paid        string `json:"subsidy_paid"`
	Owed        string `json:"subsidy_owed"`
}

// TestSubsidyRoutes: the list's filters, pages and roles, and the
// routes' refusals.
func TestSubsidyRoutes(t *testing.T) {
	e := subsidyWorld(t)
	e.post("bank:icbc-dz", "applied", applied("s-1", "icbc-dz-S.A", 2026), applied("s-2", "icbc-dz-S.B", 2026))
	e.post("bank:boc-jn", "applied", applied("s-7", "boc-jn-S.F", 2026))
	list := func(subject, query string) ([]string, *string) {
		t.Helper()
		var res struct {
			Subsidies []subsidyDocForTest `json:"subsidies"`
			NextAfter *string             `json:"next_after"`
		}
		e.want(200, req{method: "GET", path: "/v1/subsidies" + query, subject: subject}).decode(t, &res)
		var ids []string
		for _, d := range res.Subsidies {
			ids = append(ids, d.Loan)
		}
		return ids, res.NextAfter
	}
	for _, c := range []struct{ subject, query, want string }{
		{"finance:li", "", "boc-jn-S.F icbc-dz-S.A icbc-dz-S.B"},
		{"admin:sci", "?bank=icbc-dz", "icbc-dz-S.A icbc-dz-S.B"},
		{"bank:boc-jn", "", "boc-jn-S.F"},
		{"bank:boc-jn", "?bank=icbc-dz", "boc-jn-S.F"}, // a bank sees only its own
		{"finance:li", "?program=dz-subsidy&year=2026&status=pending", "boc-jn-S.F icbc-dz-S.A icbc-dz-S.B"},
		{"finance:li", "?year=2025", ""},
		{"finance:li", "?program=dz-lukedai", ""},
		{"finance:li", "?status=paid", ""},
	} {
		ids, _ := list(c.subject, c.query)
		if got := strings.Join(ids, " "); got != c.want {
			t.Errorf("%s %s: got %q, want %q", c.subject, c.query, got, c.want)
		}
	}
	ids, next := list("finance:li", "?limit=2")
	if len(ids) != 2 || next == nil || *next != "dz-subsidy/icbc-dz-S.A/2026" {
		t.Fatalf("first page: got %v, next %v", ids, next)
	}
	if ids, next = list("finance:li", "?limit=2&after="+*next); strings.Join(ids, " ") != "icbc-dz-S.B" || next != nil {
		t.Errorf("second page: got %v, next %v, want icbc-dz-S.B and the end", ids, next)
	}
	for _, q := range []string{"?year=20x6", "?year=0", "?year=02026", "?status=done"} {
		e.want(400, req{method: "GET", path: "/v1/subsidies" + q, subject: "finance:li"})
	}
	e.want(403, req{method: "GET", path: "/v1/subsidies", subject: "investor:vc1"})
	e.want(403, req{method: "GET", path: "/v1/subsidies", subject: "guarantor:sd-kedan"})
	e.want(403, req{method: "POST", path: "/v1/events", subject: "finance:li",
		body: `{"id":"x","type":"subsidy.funded","source":"finance:li","program":"dz-subsidy","at":"` + filingAt + `","data":{"funder":"city","amount":"1.00"}}`})
	e.want(422, req{method: "POST", path: "/v1/programs/dz-lukedai/subsidy-funding", subject: "finance:li",
		body: `{"funder":"city","amount":"1.00"}`, header: map[string]string{"Idempotency-Key": "no-subsidy"}}) // subsidy_not_offered
	e.want(400, req{method: "POST", path: "/v1/programs/dz-subsidy/subsidy-funding", subject: "finance:li",
		body: `{"funder":"city","amount":"1.00"}`}) // no id
	e.want(403, req{method: "POST", path: "/v1/programs/dz-subsidy/subsidy-funding", subject: "bank:icbc-dz",
		body: `{"funder":"city","amount":"1.00"}`, header: map[string]string{"Idempotency-Key": "bank-funds"}})
	e.want(400, req{method: "POST", path: "/v1/subsidies/dz-subsidy/icbc-dz-S.A/2026/reject", subject: "finance:li",
		body: `{"reason":"a","Reason":"b"}`}) // strict body
	if got := e.post("bank:boc-jn", "rejected", subsidyInput("s-8", "subsidy.applied", `{"loan":"icbc-dz-S.E","year":2026}`)); got[0] != "bad_field" {
		t.Errorf("another bank's loan: got %s, want bad_field (a bank's loan ids start with its id, SPEC §15)", got[0])
	}
	if got := e.post("bank:icbc-dz", "rejected", filingInput("s-9", "subsidy.applied", "dz-lukedai", `{"loan":"icbc-dz-S.A","year":2026}`)); got[0] != "unknown_loan" {
		t.Errorf("a loan of another program: got %s, want unknown_loan", got[0])
	}
}
