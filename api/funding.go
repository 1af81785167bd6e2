package api

import (
	"encoding/json"
	"net/http"

	"github.com/techcredit/techcredit/ledger"
)

// fundingRequest is the body of POST /v1/programs/{id}/funding. Amount is
// passed to the engine as sent, which checks it (422 bad_amount).
type fundingRequest struct {
	Funder string          `json:"funder"`
	Amount json.RawMessage `json:"amount"`
	ID     string          `json:"id"`
}

type fundingData struct {
	Funder string          `json:"funder"`
	Amount json.RawMessage `json:"amount,omitempty"`
}

type fundingResponse struct {
	Result  Result              `json:"result"`
	Program *ledger.ProgramView `json:"program"`
	// ViewsLag: the top-up is journaled but the read model could not
	// answer; Program is null (see committedDoc).
	ViewsLag bool `json:"views_lag,omitempty"`
}

// postFunding tops up a program's pool: a pool.funded input with source
// finance:<user>. Its id comes from the Idempotency-Key header or the
// body's id (one of them is required), so a retried top-up is a duplicate,
// never a second payment.
func (s *server) postFunding(w http.ResponseWriter, r *http.Request, sub Subject) error {
	return s.fund(w, r, sub, ledger.TypePoolFunded)
}

// postSubsidyFunding tops up a program's interest-subsidy budget (SPEC
// §11): a subsidy.funded input, with the pool's body, id rules and answer.
// The budget is an account of its own: it never pays claims.
func (s *server) postSubsidyFunding(w http.ResponseWriter, r *http.Request, sub Subject) error {
	return s.fund(w, r, sub, ledger.TypeSubsidyFunded)
}

// fund submits a top-up of type typ (pool.funded, subsidy.funded).
func (s *server) fund(w http.ResponseWriter, r *http.Request, sub Subject, typ string) error {
	program, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	var req fundingRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		return err
	}
	out, err := s.submitInput(r, sub, req.ID, true,
		apiInput{Type: typ, Program: program, Data: fundingData{Funder: req.Funder, Amount: req.Amount}})
	if err != nil {
		return err
	}
	p, lag := committedDoc(s, r, s.cfg.Views.Program, program)
	writeJSON(w, http.StatusOK, fundingResponse{Result: resultOf(out), Program: p, ViewsLag: lag})
	return nil
}
