package api

import (
	"encoding/json"
	"net/http"

	"github.com/techcredit/techcredit/ledger"
)

// The transformation funds (SPEC §13). Finance, the admin and investors
// read every fund; a fund's manager reads its own only (another is 404).
// Investors see the figures and the rounds without the co-investors'
// names, which are other investors' (a round lists only its parts' count
// then: none). Finance commits capital (POST .../commitments, like a pool's
// funding); the fund's manager reports its rounds and exits (POST
// .../investments, .../exits), or sends fund.* through POST /v1/events.

type fundsResponse struct {
	Funds []ledger.FundView `json:"funds"`
}

type fundResponse struct {
	Result   Result           `json:"result"`
	Fund     *ledger.FundView `json:"fund"`
	ViewsLag bool             `json:"views_lag,omitempty"`
}

// fundVisible reports whether the caller may read the fund.
func fundVisible(id string, sub Subject) bool { return sub.Role != RoleFund || sub.Name == id }

// fundForCaller hides the co-investors' names from investors.
func fundForCaller(f *ledger.FundView, sub Subject) {
	if sub.Role != RoleInvestor {
		return
	}
	rounds := make([]ledger.InvestmentDoc, len(f.Rounds))
	for i, inv := range f.Rounds {
		inv.CoInvestors = []ledger.CoInvestmentDoc{}
		rounds[i] = inv
	}
	f.Rounds = rounds
}

func (s *server) getFunds(w http.ResponseWriter, r *http.Request, sub Subject) error {
	all, err := s.cfg.Views.Funds(r.Context())
	if err != nil {
		return unavailable(r.Context(), "the read model", err)
	}
	out := []ledger.FundView{}
	for i := range all {
		if fundVisible(all[i].ID, sub) {
			fundForCaller(&all[i], sub)
			out = append(out, all[i])
		}
	}
	writeJSON(w, http.StatusOK, fundsResponse{Funds: out})
	return nil
}

func (s *server) getFund(w http.ResponseWriter, r *http.Request, sub Subject) error {
	id, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	if !fundVisible(id, sub) {
		return errorf(CodeNotFound, "no fund %s", id)
	}
	f, err := readDoc(r, s.cfg.Views.Fund, "fund", id, nil)
	if err != nil {
		return err
	}
	fundForCaller(&f, sub)
	writeJSON(w, http.StatusOK, f)
	return nil
}

type fundCommitmentRequest struct {
	Funder string          `json:"funder"`
	Amount json.RawMessage `json:"amount"`
	ID     string          `json:"id"`
}

type fundCommitmentData struct {
	Funder string          `json:"funder"`
	Amount json.RawMessage `json:"amount,omitempty"`
}

// postFundCommitment commits government capital to a fund (finance): a
// fund.committed input; an Idempotency-Key or a body id is required, so a
// retry never commits twice.
func (s *server) postFundCommitment(w http.ResponseWriter, r *http.Request, sub Subject) error {
	var req fundCommitmentRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		return err
	}
	return s.fundInput(w, r, sub, ledger.TypeFundCommitted, req.ID, true,
		fundCommitmentData{Funder: req.Funder, Amount: req.Amount})
}

type coInvestorRequest struct {
	Investor string          `json:"investor"`
	Amount   json.RawMessage `json:"amount"`
}

type investmentRequest struct {
	Investment  string              `json:"investment"`
	Project     string              `json:"project"`
	RoundSize   json.RawMessage     `json:"round_size,omitempty"`
	Amount      json.RawMessage     `json:"amount,omitempty"`
	CoInvestors []coInvestorRequest `json:"co_investors"`
	InvestedOn  string              `json:"invested_on"`
}

// postFundInvestment reports a round (the fund itself); the investment id
// makes the input's id, so a retry is a duplicate.
func (s *server) postFundInvestment(w http.ResponseWriter, r *http.Request, sub Subject) error {
	var req investmentRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		return err
	}
	return s.fundInput(w, r, sub, ledger.TypeFundInvested, "", false, req)
}

type exitRequest struct {
	Investment string          `json:"investment"`
	Proceeds   json.RawMessage `json:"proceeds,omitempty"`
	ExitedOn   string          `json:"exited_on"`
}

func (s *server) postFundExit(w http.ResponseWriter, r *http.Request, sub Subject) error {
	var req exitRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		return err
	}
	return s.fundInput(w, r, sub, ledger.TypeFundExited, "", false, req)
}

func (s *server) fundInput(w http.ResponseWriter, r *http.Request, sub Subject, typ, bodyID string, idRequired bool, data any) error {
	fund, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	out, err := s.submitInput(r, sub, bodyID, idRequired, apiInput{Type: typ, Fund: fund, Data: data})
	if err != nil {
		return err
	}
	f, lag := committedDoc(s, r, s.cfg.Views.Fund, fund)
	writeJSON(w, http.StatusOK, fundResponse{Result: resultOf(out), Fund: f, ViewsLag: lag})
	return nil
}
