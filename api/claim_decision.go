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

// postApprove approves a claim as the calling finance user (a
// claim.approved input). Above the program's dual-approval threshold a
// second, different user must approve too; the same user twice is 409
// same_approver.
func (s *server) postApprove(w http.ResponseWriter, r *http.Request, sub Subject) error {
	var req approveRequest
	if err := s.decodeBody(w, r, &req, true); err != nil {
		return err
	}
	return s.decide(w, r, sub, ledger.TypeClaimApproved, req.ID, "")
}

// postReject rejects a pending claim with a reason (a claim.rejected input).
func (s *server) postReject(w http.ResponseWriter, r *http.Request, sub Subject) error {
	var req rejectRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		return err
	}
	return s.decide(w, r, sub, ledger.TypeClaimRejected, req.ID, req.Reason)
}

// decide submits the decision and answers with its outcome and the claim
// as it is after it. Without a client id every request is a new decision,
// so a repeated approval meets same_approver or claim_closed (409).
func (s *server) decide(w http.ResponseWriter, r *http.Request, sub Subject, typ, bodyID, reason string) error {
	id, err := claimPath(r)
	if err != nil {
		return err
	}
	program, _ := pathVar(r, "program")
	inputID, err := clientInputID(r, bodyID, false)
	if err != nil {
		return err
	}
	out, err := s.submitOne(r, s.item(sub, inputID, typ, program, claimData{Claim: id, Reason: reason}))
	if err != nil {
		return err
	}
	c, lag := committedDoc(s, r, s.cfg.Views.Claim, id)
	writeJSON(w, http.StatusOK, decisionResponse{Result: resultOf(out), Claim: c, ViewsLag: lag})
	return nil
}
