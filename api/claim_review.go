package api

import (
	"net/http"

	"github.com/techcredit/techcredit/ledger"
)

// The claim dossier routes (SPEC §12): claims have routes of their own
// (approve, reject), so the bank's dossier and the science bureau's review
// have theirs beside them; the same inputs may also come through
// POST /v1/events (an admin's import of a bank's claim.submitted included).

// submitRequest is the body of .../submit: the dossier's documents, each
// a kind and the SHA-256 of the file (the file itself is never sent).
type submitRequest struct {
	SubmittedOn string                `json:"submitted_on"`
	Documents   []ledger.DocumentData `json:"documents"`
	ID          string                `json:"id"`
}

// reviewRequest is the body of .../review.
type reviewRequest struct {
	ReviewedOn string `json:"reviewed_on"`
	Decision   string `json:"decision"`
	Reason     string `json:"reason"`
	ID         string `json:"id"`
}

type submitData struct {
	Claim       string                `json:"claim"`
	SubmittedOn string                `json:"submitted_on"`
	Documents   []ledger.DocumentData `json:"documents"`
}

type reviewData struct {
	Claim      string `json:"claim"`
	ReviewedOn string `json:"reviewed_on"`
	Decision   string `json:"decision"`
	Reason     string `json:"reason,omitempty"`
}

// postSubmit files the dossier of a claim on the calling bank's loan (a
// claim.submitted input).
func (s *server) postSubmit(w http.ResponseWriter, r *http.Request, sub Subject) error {
	var req submitRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		return err
	}
	return s.claimStep(w, r, sub, ledger.TypeClaimSubmitted, req.ID, func(id string) any {
		return submitData{Claim: id, SubmittedOn: req.SubmittedOn, Documents: req.Documents}
	})
}

// postReview recommends a submitted claim to finance or returns it to the
// bank with a reason (a claim.reviewed input).
func (s *server) postReview(w http.ResponseWriter, r *http.Request, sub Subject) error {
	var req reviewRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		return err
	}
	return s.claimStep(w, r, sub, ledger.TypeClaimReviewed, req.ID, func(id string) any {
		return reviewData{Claim: id, ReviewedOn: req.ReviewedOn, Decision: req.Decision, Reason: req.Reason}
	})
}

// claimStep submits one input on the claim of the path and answers as a
// decision does (decide): its outcome and the claim after it.
func (s *server) claimStep(w http.ResponseWriter, r *http.Request, sub Subject, typ, bodyID string, data func(id string) any) error {
	step := claimDecision
	step.data = func(id, _ string) any { return data(id) }
	return s.decide(w, r, sub, step, typ, bodyID, "")
}
