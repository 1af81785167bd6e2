package api

import (
	"net/http"

	"github.com/techcredit/techcredit/ledger"
)

// Interest subsidy decisions (SPEC §11) go the claims' way (decision in
// claim_decision.go): the same approval rules in the engine, the same
// request bodies, ids and answers here.

type subsidyData struct {
	Subsidy string `json:"subsidy"`
	Reason  string `json:"reason,omitempty"`
}

type subsidyDecisionResponse struct {
	Result  Result             `json:"result"`
	Subsidy *ledger.SubsidyDoc `json:"subsidy"`
	// ViewsLag: the decision is journaled but the read model could not
	// answer; Subsidy is null (see committedDoc).
	ViewsLag bool `json:"views_lag,omitempty"`
}

var subsidyDecision = decision{approve: ledger.TypeSubsidyApproved, reject: ledger.TypeSubsidyRejected, id: subsidyPath,
	data: func(id, reason string) any { return subsidyData{Subsidy: id, Reason: reason} },
	answer: func(s *server, r *http.Request, res Result, id string) any {
		d, lag := committedDoc(s, r, s.cfg.Views.Subsidy, id)
		return subsidyDecisionResponse{Result: res, Subsidy: d, ViewsLag: lag}
	}}

// postSubsidyApprove approves a subsidy as the calling finance user (a
// subsidy.approved input), with the claims' dual control.
func (s *server) postSubsidyApprove(w http.ResponseWriter, r *http.Request, sub Subject) error {
	return s.approve(w, r, sub, subsidyDecision)
}

// postSubsidyReject rejects an open subsidy with a reason.
func (s *server) postSubsidyReject(w http.ResponseWriter, r *http.Request, sub Subject) error {
	return s.reject(w, r, sub, subsidyDecision)
}
