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
