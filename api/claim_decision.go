package api

import (
	"net/http"

	"github.com/techcredit/techcredit/ledger"
)

// approveRequest is the optional body of .../approve.
type approveRequest struct {
	ID string `json:"id"` // optional input id; see clientInputID
}

// rejectRequest is the body of .../reject.
type rejectRequest struct {
	Reason string `json:"reason"`
	ID     string `json:"id"`
}

type claimData struct {
	Claim  string `json:"claim"`
	Reason string `json:"reason,omitempty"`
}

type decisionResponse struct {
	Result Result            `json:"result"`
	Claim  *ledger.ClaimView `json:"claim"`
	// ViewsLag: the decision is journaled but the read model could not
	// answer; Claim is null (see committedDoc).
	ViewsLag bool `json:"views_lag,omitempty"`
}

// decision is what a decision route decides. Claims and interest
// subsidies share the engine's approval rules (ledger/approval.go) and this
// one path to them: the optional body id or Idempotency-Key, dual control,
// same_approver, claim_closed or subsidy_closed.
type decision struct {
	approve, reject string // the input types
	id              func(r *http.Request) (string, error)
	data            func(id, reason string) any
	// answer is the response to a submitted decision: its result and the
	// document after it.
	answer func(s *server, r *http.Request, res Result, id string) any
}

var claimDecision = decision{approve: ledger.TypeClaimApproved, reject: ledger.TypeClaimRejected, id: claimPath,
	data: func(id, reason string) any { return claimData{Claim: id, Reason: reason} },
	answer: func(s *server, r *http.Request, res Result, id string) any {
		c, lag := committedDoc(s, r, s.cfg.Views.Claim, id)
		return decisionResponse{Result: res, Claim: c, ViewsLag: lag}
	}}

// postApprove approves a claim as the calling finance user (a
// claim.approved input). Above the program's dual-approval threshold a
// second, different user must approve too; the same user twice is 409
// same_approver.
func (s *server) postApprove(w http.ResponseWriter, r *http.Request, sub Subject) error {
	return s.approve(w, r, sub, claimDecision)
}

// postReject rejects a pending claim with a reason (a claim.rejected input).
func (s *server) postReject(w http.ResponseWriter, r *http.Request, sub Subject) error {
	return s.reject(w, r, sub, claimDecision)
}

func (s *server) approve(w http.ResponseWriter, r *http.Request, sub Subject, d decision) error {
	var req approveRequest
	if err := s.decodeBody(w, r, &req, true); err != nil {
		return err
	}
	return s.decide(w, r, sub, d, d.approve, req.ID, "")
}

func (s *server) reject(w http.ResponseWriter, r *http.Request, sub Subject, d decision) error {
	var req rejectRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		return err
	}
	return s.decide(w, r, sub, d, d.reject, req.ID, req.Reason)
}

// decide submits the decision and answers with its outcome and the
// document as it is after it. Without a client id every request is a new
// decision, so a repeated approval meets same_approver or the closed code
// (409).
func (s *server) decide(w http.ResponseWriter, r *http.Request, sub Subject, d decision, typ, bodyID, reason string) error {
	id, err := d.id(r)
	if err != nil {
		return err
	}
	program, _ := pathVar(r, "program")
	out, err := s.submitInput(r, sub, bodyID, false, apiInput{Type: typ, Program: program, Data: d.data(id, reason)})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d.answer(s, r, resultOf(out), id))
	return nil
}
