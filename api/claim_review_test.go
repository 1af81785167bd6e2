package api

import (
	"strings"
	"testing"
)

const dossierAll = `[{"kind":"application","sha256":"00000000000000000000000000000000000000000000000000000000000000a1"},` +
	`{"kind":"contract","sha256":"00000000000000000000000000000000000000000000000000000000000000a2"},` +
	`{"kind":"vouchers","sha256":"00000000000000000000000000000000000000000000000000000000000000a3"},` +
	`{"kind":"court_acceptance","sha256":"00000000000000000000000000000000000000000000000000000000000000a4"}]`

// TestClaimReviewRoutes: lukedan reviews dossiers (programs_review.json);
// its claim on boc-jn-G1 opened awaiting documents on 2026-08-01 (the
// overdue report that reached the trigger), due by 2026-09-30. The bank
// submits, the bureau returns it, the bank submits again, the bureau
// recommends, finance approves; ?overdue_on= lists it at each late step.
func TestClaimReviewRoutes(t *testing.T) {
	e := newEnvFrom(t, "testdata/programs_review.json")
	const path = "/v1/claims/lukedan/boc-jn-G1"
	claim := func() claimDoc {
		t.Helper()
		var c claimDoc
		e.want(200, req{method: "GET", path: path, subject: "finance:li"}).decode(t, &c)
		return c
	}
	overdue := func(date string) string {
		t.Helper()
		var res struct {
			Claims []claimDoc `json:"claims"`
		}
		e.want(200, req{method: "GET", path: "/v1/claims?overdue_on=" + date, subject: "finance:li"}).decode(t, &res)
		ids := []string{}
		for _, c := range res.Claims {
			ids = append(ids, c.ID)
		}
		return strings.Join(ids, ",")
	}
	c := claim()
	if c.Status != "awaiting_documents" || c.SubmitBy != "2026-09-30" || c.DefaultOn != "2026-08-01" || c.ReviewBy != nil {
		t.Fatalf("got %+v, want awaiting_documents, submit_by 2026-09-30", c)
	}
	if got := overdue("2026-09-30"); got != "" {
		t.Errorf("overdue on 2026-09-30: got %q, want none (the deadline day itself is not past)", got)
	}
	if got := overdue("2026-10-01"); got != "lukedan/boc-jn-G1" {
		t.Errorf("overdue on 2026-10-01: got %q", got)
	}
	e.want(400, req{method: "GET", path: "/v1/claims?overdue_on=2026-10-1", subject: "finance:li"})

	e.want(403, req{method: "POST", path: path + "/submit", subject: "bank:icbc-dz", body: `{"submitted_on":"2026-09-29","documents":` + dossierAll + `}`})
	e.want(403, req{method: "POST", path: path + "/submit", subject: "admin:sci", body: `{"submitted_on":"2026-09-29","documents":` + dossierAll + `}`})
	wantCode(t, e.want(422, req{method: "POST", path: path + "/submit", subject: "bank:boc-jn", body: `{"submitted_on":"2026-09-29","documents":[]}`}), "missing_documents")
	e.want(200, req{method: "POST", path: path + "/submit", subject: "bank:boc-jn", body: `{"submitted_on":"2026-09-29","documents":` + dossierAll + `}`})
	c = claim()
	if c.Status != "submitted" || str(c.ReviewBy) != "2026-10-12" || len(c.Documents) != 4 {
		t.Fatalf("after the submission: got %+v, want submitted, review_by 2026-10-12", c)
	}
	wantCode(t, e.want(409, req{method: "POST", path: path + "/approve", subject: "finance:li", body: `{}`}), "not_reviewed")
	wantCode(t, e.want(422, req{method: "POST", path: path + "/review", subject: "admin:sci", body: `{"reviewed_on":"2026-10-09","decision":"return"}`}), "bad_field")
	e.want(200, req{method: "POST", path: path + "/review", subject: "admin:sci", body: `{"reviewed_on":"2026-10-09","decision":"return","reason":"court notice unstamped"}`})
	if c = claim(); c.Status != "awaiting_documents" || str(c.ReturnReason) != "court notice unstamped" || str(c.ReviewedBy) != "admin:sci" {
		t.Fatalf("after the return: got %+v", c)
	}
	wantCode(t, e.want(422, req{method: "POST", path: path + "/submit", subject: "bank:boc-jn", body: `{"submitted_on":"2026-10-12","documents":` + dossierAll + `}`}), "submission_late")
	e.want(200, req{method: "POST", path: path + "/submit", subject: "bank:boc-jn", body: `{"submitted_on":"2026-09-30","documents":` + dossierAll + `}`})
	wantCode(t, e.want(409, req{method: "POST", path: path + "/submit", subject: "bank:boc-jn", body: `{"submitted_on":"2026-09-30","documents":` + dossierAll + `}`}), "not_awaiting_documents")
	if c = claim(); str(c.ReviewBy) != "2026-10-13" {
		t.Errorf("review_by after the resubmission: got %s, want 2026-10-13 (the issue's example)", str(c.ReviewBy))
	}
	e.want(200, req{method: "POST", path: path + "/review", subject: "admin:sci", body: `{"reviewed_on":"2026-10-13","decision":"recommend"}`, header: map[string]string{"Idempotency-Key": "rv-2"}})
	c = claim()
	if c.Status != "pending" || str(c.DecideBy) != "2026-10-20" {
		t.Fatalf("after the recommendation: got %+v, want pending, decide_by 2026-10-20", c)
	}
	if got := overdue("2026-10-21"); got != "lukedan/boc-jn-G1" {
		t.Errorf("overdue on 2026-10-21: got %q", got)
	}
	e.want(200, req{method: "POST", path: path + "/approve", subject: "finance:li", body: `{}`})
	if got := overdue("2026-10-21"); got != "" {
		t.Errorf("after the approval: got %q, want none", got)
	}

	// The claim's history: the overdue report that opened it, every step
	// (the refused ones too), in journal order.
	var h historyDoc
	e.want(200, req{method: "GET", path: path + "/history", subject: "bank:boc-jn"}).decode(t, &h)
	if got, want := h.summary(), "b-1o loan.overdue bank:boc-jn applied; submit bank:icbc-dz rejected forbidden; "+
		"submit bank:boc-jn rejected missing_documents; submit bank:boc-jn applied; approve finance:li rejected not_reviewed; "+
		"review admin:sci rejected bad_field; review admin:sci applied; submit bank:boc-jn rejected submission_late; "+
		"submit bank:boc-jn applied; submit bank:boc-jn rejected not_awaiting_documents; review admin:sci applied; approve finance:li applied"; got != want {
		t.Errorf("claim history:\n got  %s\n want %s", got, want)
	}
	e.want(404, req{method: "GET", path: path + "/history", subject: "bank:icbc-dz"})
	e.want(403, req{method: "GET", path: path + "/history", subject: "investor:vc1"})
}

// TestLoanHistoryShowsTheImporter: an admin's import of a bank's
// disbursement keeps the bank's source and records the importer; the
// loan's history shows both, to the bank and to finance.
func TestLoanHistoryShowsTheImporter(t *testing.T) {
	e := newEnv(t)
	body := `{"id":"imp-1","type":"loan.disbursed","source":"bank:icbc-dz","program":"dz-lukedai","at":"2026-10-30T09:00:00+08:00",` +
		`"data":{"loan":"icbc-dz-IMP","borrower":{"id":"e-imp","name":"Imported Co.","sector":"ic","size":"small"},` +
		`"principal":"300000.00","annual_rate":"0.04","term_months":12,"disbursed_on":"2026-03-01"}}`
	e.want(200, req{method: "POST", path: "/v1/events", subject: "admin:sci", body: body})
	for _, who := range []string{"bank:icbc-dz", "finance:li", "admin:sci"} {
		var h historyDoc
		e.want(200, req{method: "GET", path: "/v1/loans/icbc-dz-IMP/history", subject: who}).decode(t, &h)
		if len(h.Entries) != 1 || str(h.Entries[0].ImportedBy) != "admin:sci" || h.Entries[0].Source != "bank:icbc-dz" ||
			h.Entries[0].Outcome != "applied" || len(h.Entries[0].Hash) != 64 || h.Entries[0].Arrival == nil {
			t.Errorf("%s: got %+v, want the disbursement by bank:icbc-dz imported by admin:sci", who, h.Entries)
		}
	}
	e.want(404, req{method: "GET", path: "/v1/loans/icbc-dz-IMP/history", subject: "bank:boc-jn"})
	e.want(404, req{method: "GET", path: "/v1/subsidies/dz-lukedai/icbc-dz-IMP/2026/history", subject: "bank:boc-jn"})
	var h historyDoc
	e.want(200, req{method: "GET", path: "/v1/subsidies/dz-lukedai/icbc-dz-IMP/2026/history", subject: "bank:icbc-dz"}).decode(t, &h)
	if len(h.Entries) != 0 {
		t.Errorf("subsidy history: got %+v, want none", h.Entries)
	}
}

type historyDoc struct {
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	Entries []struct {
		Position   int64   `json:"position"`
		ID         string  `json:"id"`
		Type       string  `json:"type"`
		Source     string  `json:"source"`
		ImportedBy *string `json:"imported_by"`
		Arrival    *string `json:"arrival"`
		Outcome    string  `json:"outcome"`
		Code       *string `json:"code"`
		Hash       string  `json:"hash"`
	} `json:"entries"`
}

// summary writes each entry as "<id or what it did> <source> <outcome> [code]".
func (h historyDoc) summary() string {
	var parts []string
	for _, x := range h.Entries {
		what := x.ID
		switch x.Type {
		case "claim.submitted":
			what = "submit"
		case "claim.reviewed":
			what = "review"
		case "claim.approved":
			what = "approve"
		default:
			what += " " + x.Type
		}
		s := what + " " + x.Source + " " + x.Outcome
		if x.Code != nil {
			s += " " + *x.Code
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// claimDoc is what these tests read of a ClaimView.
type claimDoc struct {
	ID           string              `json:"id"`
	Status       string              `json:"status"`
	SubmitBy     string              `json:"submit_by"`
	DefaultOn    string              `json:"default_on"`
	ReviewBy     *string             `json:"review_by"`
	DecideBy     *string             `json:"decide_by"`
	ReviewedBy   *string             `json:"reviewed_by"`
	ReturnReason *string             `json:"return_reason"`
	Documents    []map[string]string `json:"documents"`
}

func str(p *string) string {
	if p == nil {
		return "null"
	}
	return *p
}

func wantCode(t *testing.T, r response, code string) {
	t.Helper()
	if got := r.errorCode(t); got != code {
		t.Errorf("got code %s, want %s (%s)", got, code, r.body)
	}
}
