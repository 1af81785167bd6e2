package api

import (
	"encoding/json"
	"net/http"

	"github.com/techcredit/techcredit/ledger"
)

// projectRequest is the body of POST /v1/pipeline and PATCH
// /v1/pipeline/{id}: the data of project.registered / project.updated
// (SPEC §4). funding_sought is passed to the engine as sent.
type projectRequest struct {
	Project       string          `json:"project,omitempty"`
	Enterprise    string          `json:"enterprise,omitempty"`
	Title         string          `json:"title,omitempty"`
	Sector        string          `json:"sector,omitempty"`
	Stage         string          `json:"stage,omitempty"`
	FundingSought json.RawMessage `json:"funding_sought,omitempty"`
	RoadshowOn    string          `json:"roadshow_on,omitempty"`
	Status        string          `json:"status,omitempty"`
	Summary       string          `json:"summary,omitempty"`
}

type projectResponse struct {
	Result  Result              `json:"result"`
	Project *ledger.ProjectView `json:"project"`
	// ViewsLag: the input is journaled but the read model could not
	// answer; Project is null (see committedDoc).
	ViewsLag bool `json:"views_lag,omitempty"`
}

// postProject registers a roadshow project (admin): 201 with the project.
func (s *server) postProject(w http.ResponseWriter, r *http.Request, sub Subject) error {
	var req projectRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		return err
	}
	return s.projectInput(w, r, sub, ledger.TypeProjectRegistered, req)
}

// patchProject changes the fields it carries (admin).
func (s *server) patchProject(w http.ResponseWriter, r *http.Request, sub Subject) error {
	id, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	var req projectRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if req.Project != "" && req.Project != id {
		return errorf(CodeBadRequest, "the body names project %s, the path %s", req.Project, id)
	}
	req.Project = id
	return s.projectInput(w, r, sub, ledger.TypeProjectUpdated, req)
}

func (s *server) projectInput(w http.ResponseWriter, r *http.Request, sub Subject, typ string, req projectRequest) error {
	out, err := s.submitInput(r, sub, "", false, apiInput{Type: typ, Data: req})
	if err != nil {
		return err
	}
	p, lag := committedDoc(s, r, s.cfg.Views.Project, req.Project)
	if p != nil {
		forCaller(p, sub)
	}
	status := http.StatusOK
	if typ == ledger.TypeProjectRegistered && out.Status == ledger.StatusApplied {
		status = http.StatusCreated
	}
	writeJSON(w, status, projectResponse{Result: resultOf(out), Project: p, ViewsLag: lag})
	return nil
}
