package api

import (
	"fmt"
	"strings"
	"testing"
)

const filingAt = "2026-11-02T09:00:00+08:00"

func filingInput(id, typ, program, data string) string {
	prog := ""
	if program != "" {
		prog = `"program":"` + program + `",`
	}
	return fmt.Sprintf(`{"id":%q,"type":%q,%s"at":%q,"data":%s}`, id, typ, prog, filingAt, data)
}

const docsBoth = `[{"kind":"consent_letter","sha256":"` + "00000000000000000000000000000000000000000000000000000000000000aa" +
	`"},{"kind":"contract","sha256":"00000000000000000000000000000000000000000000000000000000000000bb"}]`

// filingWorld is program dz-filing with, through POST /v1/events, two
// registered enterprises (e-chip: tech-SME of 2025, revenue
// 12,000,000.00; e-bio: of 2026, none stated), icbc-dz's loans F1 (e-chip,
// 15,000,000.00) and F2 (e-bio, 2,000,000.00), both filed and approved,
// and boc-jn's F3 (e-bio, 1,000,000.00), filed and rejected.
func filingWorld(t *testing.T) *env {
	e := newEnvFrom(t, "testdata/programs_filing.json")
	post := func(subject string, lines ...string) { e.post(subject, "applied", lines...) }
	post("admin:sci",
		filingInput("r-1", "enterprise.registered", "", `{"enterprise":"e-chip","name":"Chip Co.","sector":"ic","size":"small","park":"dz-park","tech_sme_number":"2025370100A01","tech_sme_year":2025,"staff":40,"revenue":"12000000.00"}`),
		filingInput("r-2", "enterprise.registered", "", `{"enterprise":"e-bio","name":"Bio Co.","sector":"biomed","size":"micro","tech_sme_number":"2026370100A02","tech_sme_year":2026}`))
	loan := func(id, borrower, principal string) string {
		return filingInput("d-"+id, "loan.disbursed", "dz-filing", `{"loan":"`+id+`","borrower":{"id":"`+borrower+
			`","name":"n","sector":"ic","size":"small"},"principal":"`+principal+`","annual_rate":"0.04","term_months":24,"disbursed_on":"2026-10-20"}`)
	}
	filed := func(id string) string {
		return filingInput("f-"+id, "loan.filed", "dz-filing", `{"loan":"`+id+`","filed_on":"2026-11-01","documents":`+docsBoth+`}`)
	}
	post("bank:icbc-dz", loan("icbc-dz-F1", "e-chip", "15000000.00"), loan("icbc-dz-F2", "e-bio", "2000000.00"),
		filed("icbc-dz-F1"), filed("icbc-dz-F2"))
	post("bank:boc-jn", loan("boc-jn-F3", "e-bio", "1000000.00"), filed("boc-jn-F3"))
	post("admin:sci",
		filingInput("a-1", "filing.approved", "dz-filing", `{"loan":"icbc-dz-F1"}`),
		filingInput("a-2", "filing.approved", "dz-filing", `{"loan":"icbc-dz-F2"}`),
		filingInput("a-3", "filing.rejected", "dz-filing", `{"loan":"boc-jn-F3","reason":"consent letter unsigned"}`))
	return e
}

// TestFilingRoutes: the admin registers and decides, banks file, through
// POST /v1/events; GET /v1/filings (with the year-end list) and
// /v1/enterprises answer each role as SPEC §10 says.
func TestFilingRoutes(t *testing.T) {
	e := filingWorld(t)
	var fl filingsResponse
	e.want(200, req{method: "GET", path: "/v1/filings", subject: "finance:li"}).decode(t, &fl)
	if len(fl.Filings) != 3 || fl.Filings[1].Loan != "icbc-dz-F1" || fl.Filings[1].Filed != "10000000.00" || !fl.Filings[1].Covered {
		t.Fatalf("finance: got %+v, want 3 filings, icbc-dz-F1 filed 10000000.00 and covered", fl.Filings)
	}
	e.want(200, req{method: "GET", path: "/v1/filings?status=approved", subject: "bank:boc-jn"}).decode(t, &fl)
	if len(fl.Filings) != 0 {
		t.Errorf("boc-jn, approved: got %+v, want none (its filing was rejected)", fl.Filings)
	}
	e.want(200, req{method: "GET", path: "/v1/filings?status=rejected", subject: "bank:boc-jn"}).decode(t, &fl)
	if len(fl.Filings) != 1 || *fl.Filings[0].Reason != "consent letter unsigned" {
		t.Errorf("boc-jn, rejected: got %+v", fl.Filings)
	}
	// The year-end list of 2027: e-chip's registration (2025) no longer
	// qualifies; e-bio's (2026) does.
	e.want(200, req{method: "GET", path: "/v1/filings?unqualified_in=2027", subject: "admin:sci"}).decode(t, &fl)
	if len(fl.Filings) != 1 || fl.Filings[0].Loan != "icbc-dz-F1" {
		t.Errorf("unqualified in 2027: got %+v, want icbc-dz-F1", fl.Filings)
	}
	e.want(200, req{method: "GET", path: "/v1/filings?unqualified_in=2026&program=dz-filing", subject: "admin:sci"}).decode(t, &fl)
	if len(fl.Filings) != 0 {
		t.Errorf("unqualified in 2026: got %+v, want none", fl.Filings)
	}
	e.want(400, req{method: "GET", path: "/v1/filings?unqualified_in=20x7", subject: "admin:sci"})
	e.want(400, req{method: "GET", path: "/v1/filings?status=done", subject: "admin:sci"})

	var ents enterprisesResponse
	e.want(200, req{method: "GET", path: "/v1/enterprises", subject: "finance:li"}).decode(t, &ents)
	if len(ents.Enterprises) != 2 || strings.Join(ents.Enterprises[0].Banks, ",") != "boc-jn,icbc-dz" {
		t.Fatalf("finance: got %+v, want e-bio (boc-jn, icbc-dz), e-chip", ents.Enterprises)
	}
	e.want(200, req{method: "GET", path: "/v1/enterprises", subject: "bank:boc-jn"}).decode(t, &ents)
	if len(ents.Enterprises) != 1 || ents.Enterprises[0].ID != "e-bio" || strings.Join(ents.Enterprises[0].Banks, ",") != "boc-jn" {
		t.Errorf("boc-jn: got %+v, want e-bio, itself only", ents.Enterprises)
	}
	e.want(404, req{method: "GET", path: "/v1/enterprises/e-chip", subject: "bank:boc-jn"})
	res := e.want(200, req{method: "GET", path: "/v1/enterprises/e-chip", subject: "admin:sci"})
	if !strings.Contains(string(res.body), `"revenue":"12000000.00"`) || !strings.Contains(string(res.body), `"assets":null`) {
		t.Errorf("e-chip: got %s", res.body)
	}
	e.want(403, req{method: "GET", path: "/v1/enterprises", subject: "guarantor:sd-kedan"})
	res = e.want(200, req{method: "GET", path: "/v1/loans/icbc-dz-F1", subject: "bank:icbc-dz"})
	if !strings.Contains(string(res.body), `"filing":"approved","filed":"10000000.00"`) {
		t.Errorf("loan view: got %s", res.body)
	}
}
