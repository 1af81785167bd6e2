package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// demoEngine folds every demo input into an engine of the demo's programs
// file (with its fund), failing on any rejected input of the programmes
// the demo adds to the simulated world.
func demoEngine(t *testing.T) *ledger.Engine {
	t.Helper()
	programs, err := demoProgramsJSON()
	if err == nil {
		programs, err = withDemoFund(programs)
	}
	if err != nil {
		t.Fatal(err)
	}
	return foldDemo(t, programs, `"demo-filing-`, `"demo-review-`, `"demo-fund-`)
}

// foldDemo folds every demo input into an engine of programs, failing on
// any rejected input that names one of the markers (a programme's ids).
func foldDemo(t *testing.T, programs []byte, markers ...string) *ledger.Engine {
	t.Helper()
	pc, err := risk.ParsePrograms(bytes.NewReader(programs))
	if err != nil {
		t.Fatal(err)
	}
	items, err := demoItems()
	if err != nil {
		t.Fatal(err)
	}
	e := ledger.NewEngine(pc)
	for _, it := range items {
		out, err := e.Apply(it.Raw, ledger.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range markers {
			if bytes.Contains(it.Raw, []byte(p)) && out.Status != ledger.StatusApplied {
				t.Errorf("%s: %s %s %s", out.ID, out.Status, out.Code, out.Message)
			}
		}
	}
	return e
}

func wantJSON(t *testing.T, what string, v any, want string) {
	t.Helper()
	got, _ := json.Marshal(v)
	if string(got) != strings.Join(strings.Fields(want), "") {
		t.Errorf("%s:\ngot  %s\nwant %s", what, got, strings.Join(strings.Fields(want), ""))
	}
}

// TestDemoReview: demo-review's subsidy budget, the pending subsidy of
// icbc-jn-S1 (40% of 103,500.00), the two claims under dossier review with
// their deadlines under the 2026 calendar (National Day not counted, Saturday
// 10 October worked), and what the bank's console application for
// icbc-jn-S2 gives.
func TestDemoReview(t *testing.T) {
	e := demoEngine(t)
	st := e.State()
	for _, p := range st.Programs {
		if p.ID == "demo-review" {
			wantJSON(t, "demo-review", []any{p.PoolBalance, p.Loans, p.CoveredLoans, *p.SubsidyFunded, *p.SubsidyBalance},
				`["5000000.00",4,4,"1000000.00","1000000.00"]`)
		}
	}
	var subs []ledger.SubsidyDoc
	for _, s := range *st.Subsidies {
		if s.Program == "demo-review" {
			subs = append(subs, s)
		}
	}
	wantJSON(t, "subsidies", subs, `[{"id":"demo-review/icbc-jn-S1/2026","program":"demo-review","loan":"icbc-jn-S1",
		"borrower":"e-jn-quantum","bank":"icbc-jn","year":2026,"interest":"103500.00","amount":"41400.00","paid":"0.00",
		"owed":"0.00","status":"pending","approvals":[]}]`)
	var claims []ledger.ClaimDoc
	for _, c := range st.Claims {
		if c.Program == "demo-review" {
			claims = append(claims, c)
		}
	}
	wantJSON(t, "claims", claims, `[
	 {"id":"demo-review/icbc-jn-C1","program":"demo-review","loan":"icbc-jn-C1","bank":"icbc-jn","status":"submitted",
	  "loss":"1000000.00","shares":{"province":"350000.00","city":"350000.00","bank":"300000.00"},"payable":"700000.00",
	  "paid":"0.00","owed":"0.00","recovered":"0.00","approvals":[],"submit_by":"2026-11-14","review_by":"2026-10-12",
	  "decide_by":null,"submitted_on":"2026-09-29","reviewed_on":null,"documents":[
	   {"kind":"application","sha256":"000000000000000000000000000000000000000000000000000000000000d0c0"},
	   {"kind":"contract","sha256":"000000000000000000000000000000000000000000000000000000000000d0c1"},
	   {"kind":"vouchers","sha256":"000000000000000000000000000000000000000000000000000000000000d0c2"},
	   {"kind":"court_acceptance","sha256":"000000000000000000000000000000000000000000000000000000000000d0c3"}]},
	 {"id":"demo-review/icbc-jn-C2","program":"demo-review","loan":"icbc-jn-C2","bank":"icbc-jn","status":"awaiting_documents",
	  "loss":"800000.00","shares":{"province":"280000.00","city":"280000.00","bank":"240000.00"},"payable":"560000.00",
	  "paid":"0.00","owed":"0.00","recovered":"0.00","approvals":[],"submit_by":"2026-12-08","review_by":null,
	  "decide_by":null,"submitted_on":null,"reviewed_on":null,"documents":[]}]`)
	out, err := e.Apply([]byte(`{"id":"s2","type":"subsidy.applied","source":"bank:icbc-jn","program":"demo-review",`+
		`"at":"2026-12-03T10:00:00+08:00","data":{"loan":"icbc-jn-S2","year":2026}}`), ledger.Meta{})
	if err != nil || out.Status != ledger.StatusApplied {
		t.Fatalf("the bank's application for icbc-jn-S2: %+v %v", out, err)
	}
	if s := e.Subsidy("demo-review/icbc-jn-S2/2026"); s == nil || ledger.SubsidyDocOf(s).Amount != "38000.00" {
		t.Errorf("icbc-jn-S2's subsidy: %+v, want 38000.00 (40%% of 95,000.00)", s)
	}
	// The README's walkthrough: finance approves S1, the admin recommends C1.
	for _, in := range []string{
		`{"id":"a1","type":"subsidy.approved","source":"finance:li","program":"demo-review","at":"2026-12-03T10:00:00+08:00","data":{"subsidy":"demo-review/icbc-jn-S1/2026"}}`,
		`{"id":"r1","type":"claim.reviewed","source":"admin:kjt-zhou","program":"demo-review","at":"2026-12-03T10:00:00+08:00","data":{"claim":"demo-review/icbc-jn-C1","reviewed_on":"2026-12-03","decision":"recommend"}}`,
	} {
		if out, err := e.Apply([]byte(in), ledger.Meta{}); err != nil || out.Status != ledger.StatusApplied {
			t.Fatalf("%s: %+v %v", in, out, err)
		}
	}
	st = e.State()
	for _, p := range st.Programs {
		if p.ID == "demo-review" && *p.SubsidyBalance != "958600.00" {
			t.Errorf("subsidy budget after approving S1: %s, want 958600.00", *p.SubsidyBalance)
		}
	}
	for _, c := range st.Claims {
		if c.ID == "demo-review/icbc-jn-C1" && (c.Status != "pending" || *c.DecideBy != "2026-12-10") {
			t.Errorf("C1 after the review: %s, decide_by %v; want pending, 2026-12-10", c.Status, *c.DecideBy)
		}
	}
}

// TestDemoFund: the demo's fund holds 100,000,000.00 committed and two
// rounds, so the fund page shows a leverage above its floor.
func TestDemoFund(t *testing.T) {
	e := demoEngine(t)
	wantJSON(t, "dz-transfer", e.FundDoc(e.Fund("dz-transfer")), `{"id":"dz-transfer","committed":"100000000.00",
	 "invested":"7500000.00","available":"92500000.00","proceeds":"0.00","investments":2,"leverage":"4.0000",
	 "min_leverage":"3.0000","leverage_ok":true,"early_share":"0.3333","small_share":"1.0000","hard_tech_share":"0.6667"}`)
}
