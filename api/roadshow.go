package api

import (
	"encoding/json"
	"net/http"

	"github.com/techcredit/techcredit/ledger"
)

// The roadshow's interest (银企对接, SPEC §13): a bank or an investor tells a
// project it is interested (POST .../interest), an investor commits an
// amount (POST .../commitment), and either takes both back (POST
// .../withdraw). Each is one input of the caller; an Idempotency-Key makes
// a retry a duplicate.

type interestRequest struct {
	Kind   string          `json:"kind"`
	Amount json.RawMessage `json:"amount,omitempty"`
}

type interestData struct {
	Project string          `json:"project"`
	Kind    string          `json:"kind,omitempty"`
	Amount  json.RawMessage `json:"amount,omitempty"`
}

type commitmentRequest struct {
	Amount json.RawMessage `json:"amount"`
}

func (s *server) postInterest(w http.ResponseWriter, r *http.Request, sub Subject) error {
	var req interestRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		return err
	}
	return s.roadshowInput(w, r, sub, ledger.TypeProjectInterest, func(id string) interestData {
		return interestData{Project: id, Kind: req.Kind, Amount: req.Amount}
	})
}

func (s *server) postCommitment(w http.ResponseWriter, r *http.Request, sub Subject) error {
	var req commitmentRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		return err
	}
	return s.roadshowInput(w, r, sub, ledger.TypeProjectCommitted, func(id string) interestData {
		return interestData{Project: id, Amount: req.Amount}
	})
}

func (s *server) postWithdraw(w http.ResponseWriter, r *http.Request, sub Subject) error {
	var req struct{}
	if err := s.decodeBody(w, r, &req, true); err != nil {
		return err
	}
	return s.roadshowInput(w, r, sub, ledger.TypeProjectWithdrawn, func(id string) interestData {
		return interestData{Project: id}
	})
}

// roadshowInput submits the input and answers with the project as the
// caller may see it.
func (s *server) roadshowInput(w http.ResponseWriter, r *http.Request, sub Subject, typ string, data func(string) interestData) error {
	project, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	out, err := s.submitInput(r, sub, "", false, apiInput{Type: typ, Data: data(project)})
	if err != nil {
		return err
	}
	p, lag := committedDoc(s, r, s.cfg.Views.Project, project)
	if p != nil {
		forCaller(p, sub)
	}
	writeJSON(w, http.StatusOK, projectResponse{Result: resultOf(out), Project: p, ViewsLag: lag})
	return nil
}
