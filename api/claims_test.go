package api

import (
	"context"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/ledger"
)

type testDecision struct {
	Result Result    `json:"result"`
	Claim  testClaim `json:"claim"`
}

// TestMakerChecker: at or above the program's threshold two different
// finance users must approve; the same user twice is 409 same_approver.
func TestMakerChecker(t *testing.T) {
	e := newEnv(t)
	const path = "/v1/claims/dz-lukedai/icbc-dz-L1" // payable 2,800,000.00 ≥ 2,000,000.00

	var d testDecision
	e.want(200, req{method: "POST", path: path + "/approve", subject: "finance:li"}).decode(t, &d)
	if d.Result.Status != "applied" || d.Claim.Status != "awaiting_second_approval" || !d.Claim.NeedsTwoApprovals {
		t.Fatalf("first approval: got %+v, want applied and awaiting_second_approval", d)
	}

	res := e.want(409, req{method: "POST", path: path + "/approve", subject: "finance:li", body: `{}`})
	if code := res.errorCode(t); code != "same_approver" {
		t.Fatalf("the same user twice: got %s, want same_approver", code)
	}

	e.want(200, req{method: "POST", path: path + "/approve", subject: "finance:ann"}).decode(t, &d)
	// The pool holds 2,530,000.00: the claim is paid in part and queued.
	if d.Claim.Status != "queued" || d.Claim.Paid != "2530000.00" || d.Claim.Owed != "270000.00" {
		t.Fatalf("second approval: got %+v, want queued, paid 2530000.00, owed 270000.00", d.Claim)
	}
	if len(d.Claim.Approvals) != 2 || d.Claim.Approvals[0] != "finance:li" || d.Claim.Approvals[1] != "finance:ann" {
		t.Errorf("got approvals %v", d.Claim.Approvals)
	}
	// Read your writes: the read model has the claim as the answer said.
	c, _, _ := e.views.Claim(context.Background(), "dz-lukedai/icbc-dz-L1")
	if c.Status != "queued" {
		t.Errorf("read model: got %s, want queued", c.Status)
	}

	// A decided claim can no longer be approved, by anyone.
	for _, sub := range []string{"finance:li", "finance:ann"} {
		if code := e.want(409, req{method: "POST", path: path + "/approve", subject: sub}).errorCode(t); code != "claim_closed" {
			t.Errorf("%s approving a queued claim: got %s, want claim_closed", sub, code)
		}
	}
}

func TestClaimDecisions(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name       string
		subject    string
		path, body string
		status     int
		code       string
	}{
		{"single approval below the threshold", "finance:li", "/v1/claims/dz-lukedai/icbc-dz-L2/approve", "", 200, ""},
		{"approve again", "finance:ann", "/v1/claims/dz-lukedai/icbc-dz-L2/approve", "", 409, "claim_closed"},
		{"reject a closed claim", "finance:ann", "/v1/claims/dz-lukedai/icbc-dz-L2/reject", `{"reason":"late"}`, 409, "claim_closed"},
		{"unknown claim", "finance:li", "/v1/claims/dz-lukedai/nope/approve", "", 404, "unknown_claim"},
		{"unknown program", "finance:li", "/v1/claims/nope/icbc-dz-L2/approve", "", 404, "unknown_program"},
		{"reject without a reason", "finance:li", "/v1/claims/dz-lukedai/icbc-dz-L6/reject", `{"reason":"  "}`, 422, "bad_field"},
		// A reason far over its 2,000 bytes is the engine's bad_field, not
		// an input too large to read (bad_json).
		{"reject with a reason of 70,000 bytes", "finance:li", "/v1/claims/dz-lukedai/icbc-dz-L6/reject", `{"reason":"` + strings.Repeat("r", 70000) + `"}`, 422, "bad_field"},
		{"reject with a NUL in the reason", "finance:li", "/v1/claims/dz-lukedai/icbc-dz-L6/reject", `{"reason":"no\u0000"}`, 422, "bad_field"},
		{"reject with no body", "finance:li", "/v1/claims/dz-lukedai/icbc-dz-L6/reject", "", 400, CodeBadRequest},
		{"unknown body field", "finance:li", "/v1/claims/dz-lukedai/icbc-dz-L6/reject", `{"reason":"x","note":"y"}`, 400, CodeBadRequest},
		{"two JSON values", "finance:li", "/v1/claims/dz-lukedai/icbc-dz-L6/reject", `{"reason":"x"} {}`, 400, CodeBadRequest},
		{"reject", "finance:li", "/v1/claims/dz-lukedai/icbc-dz-L6/reject", `{"reason":"collateral never registered"}`, 200, ""},
		{"a bank may not decide", "bank:icbc-dz", "/v1/claims/dz-lukedai/icbc-dz-L1/approve", "", 403, "forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.t = t
			res := e.want(tt.status, req{method: "POST", path: tt.path, subject: tt.subject, body: tt.body})
			if tt.code != "" {
				if got := res.errorCode(t); got != tt.code {
					t.Errorf("got code %s, want %s", got, tt.code)
				}
			}
		})
	}
	c, _, _ := e.views.Claim(context.Background(), "dz-lukedai/icbc-dz-L6")
	if c.Status != "rejected" || c.RejectReason != "collateral never registered" {
		t.Errorf("got %s %q, want rejected with the reason", c.Status, c.RejectReason)
	}
}

// TestApproveIdempotencyKey: a retried approval with the same key is a
// duplicate reporting the original outcome, not a second decision.
func TestApproveIdempotencyKey(t *testing.T) {
	e := newEnv(t)
	r := req{method: "POST", path: "/v1/claims/lukedan/boc-jn-G1/approve", subject: "finance:li",
		header: map[string]string{"Idempotency-Key": "approve-boc-jn-G1-1"}}
	var first, again testDecision
	e.want(200, r).decode(t, &first)
	e.want(200, r).decode(t, &again)
	if first.Result.Status != "applied" || again.Result.Status != "duplicate" || again.Result.ID != first.Result.ID {
		t.Errorf("got %+v then %+v, want applied then a duplicate of it", first.Result, again.Result)
	}
}

type testFunding struct {
	Result  Result             `json:"result"`
	Program ledger.ProgramView `json:"program"`
}

func TestFunding(t *testing.T) {
	e := newEnv(t)
	// Approve the dual claim first so that it is queued and owed 270,000.00.
	e.want(200, req{method: "POST", path: "/v1/claims/dz-lukedai/icbc-dz-L1/approve", subject: "finance:li"})
	e.want(200, req{method: "POST", path: "/v1/claims/dz-lukedai/icbc-dz-L1/approve", subject: "finance:ann"})

	fund := req{method: "POST", path: "/v1/programs/dz-lukedai/funding", subject: "finance:li",
		body: `{"funder":"province","amount":"500000.00"}`, header: map[string]string{"Idempotency-Key": "top-up-2026-11"}}
	var f testFunding
	e.want(200, fund).decode(t, &f)
	if f.Result.Status != "applied" || f.Program.Funded != "4500000.00" || f.Program.PoolBalance != "230000.00" {
		t.Fatalf("got %+v, want applied, funded 4500000.00, balance 230000.00 after paying the queue", f)
	}
	c, _, _ := e.views.Claim(context.Background(), "dz-lukedai/icbc-dz-L1")
	if c.Status != "paid" {
		t.Errorf("the queued claim: got %s, want paid", c.Status)
	}
	// A retry is a duplicate: nothing is paid twice.
	e.want(200, fund).decode(t, &f)
	if f.Result.Status != "duplicate" || f.Program.Funded != "4500000.00" {
		t.Errorf("retry: got %+v, want a duplicate and funded unchanged", f.Result)
	}
	// The body's id works as well.
	e.want(200, req{method: "POST", path: "/v1/programs/lukedan/funding", subject: "finance:li",
		body: `{"funder":"city","amount":"1.50","id":"fund-lukedan-7"}`}).decode(t, &f)
	if f.Result.ID != "fund-lukedan-7" || f.Program.Funded != "3000001.50" {
		t.Errorf("got %+v", f)
	}

	tests := []struct {
		name, path, body string
		key              string
		status           int
		code             string
	}{
		{"no id and no key", "/v1/programs/dz-lukedai/funding", `{"funder":"city","amount":"1.00"}`, "", 400, CodeBadRequest},
		{"both id and key", "/v1/programs/dz-lukedai/funding", `{"funder":"city","amount":"1.00","id":"x"}`, "k", 400, CodeBadRequest},
		{"amount as a number", "/v1/programs/dz-lukedai/funding", `{"funder":"city","amount":1}`, "k1", 422, "bad_amount"},
		{"three decimals", "/v1/programs/dz-lukedai/funding", `{"funder":"city","amount":"1.001"}`, "k2", 422, "bad_amount"},
		{"zero", "/v1/programs/dz-lukedai/funding", `{"funder":"city","amount":"0"}`, "k3", 422, "bad_amount"},
		{"bad funder", "/v1/programs/dz-lukedai/funding", `{"funder":"","amount":"1.00"}`, "k4", 422, "bad_field"},
		{"unknown program", "/v1/programs/nope/funding", `{"funder":"city","amount":"1.00"}`, "k5", 404, "unknown_program"},
		{"unknown field", "/v1/programs/dz-lukedai/funding", `{"funder":"city","amount":"1.00","currency":"CNY"}`, "k6", 400, CodeBadRequest},
		{"not JSON", "/v1/programs/dz-lukedai/funding", `funder=city`, "k7", 400, CodeBadRequest},
		{"same key, other amount", "/v1/programs/dz-lukedai/funding", `{"funder":"province","amount":"7.00"}`, "top-up-2026-11", 409, "id_conflict"},
		{"a retry of a rejected top-up fails the same way", "/v1/programs/dz-lukedai/funding", `{"funder":"city","amount":1}`, "k1", 422, "bad_amount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.t = t
			r := req{method: "POST", path: tt.path, subject: "finance:li", body: tt.body}
			if tt.key != "" {
				r.header = map[string]string{"Idempotency-Key": tt.key}
			}
			if got := e.want(tt.status, r).errorCode(t); got != tt.code {
				t.Errorf("got code %s, want %s", got, tt.code)
			}
		})
	}
}

// TestLoanIDWithASlash: a bank's loan id is its bank id, a hyphen and a
// suffix without hyphen or slash (SPEC §15): a slash is bad_field, so no
// claim id holds more than the one "/" of <program>/<loan>.
func TestLoanIDWithASlash(t *testing.T) {
	e := newEnv(t)
	body := `{"id":"s-1","type":"loan.disbursed","program":"dz-lukedai","at":"2026-10-01T09:00:00+08:00","data":{"loan":"icbc-dz/L9","borrower":{"id":"e-slash","name":"Slash Co.","sector":"software","size":"micro"},"principal":"100000.00","annual_rate":"0.04","term_months":12,"disbursed_on":"2026-10-01"}}`
	var res eventsResponse
	e.want(200, req{method: "POST", path: "/v1/events", subject: "bank:icbc-dz", body: body}).decode(t, &res)
	if res.Rejected != 1 || res.Results[0].Code != "bad_field" {
		t.Fatalf("got %+v, want one rejected bad_field", res)
	}
	e.want(404, req{method: "GET", path: "/v1/loans/icbc-dz%2FL9", subject: "bank:icbc-dz"})
}
