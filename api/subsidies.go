package api

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

// subsidyStatuses are the statuses ?status= accepts (SPEC §11).
var subsidyStatuses = []string{"pending", "awaiting_second_approval", "queued", "paid", "rejected"}

type subsidiesResponse struct {
	Subsidies []ledger.SubsidyDoc `json:"subsidies"`
	NextAfter *string             `json:"next_after"`
}

// getSubsidies lists interest subsidies in the order ?sort= (by id unless
// told; amount is the subsidy's amount, date its year), optionally of one
// ?program=, ?bank=, ?status= and ?year=, a page at a time. A bank sees
// only the subsidies on its own loans, whatever ?bank= says.
func (s *server) getSubsidies(w http.ResponseWriter, r *http.Request, sub Subject) error {
	p, err := pageOf(r)
	if err != nil {
		return err
	}
	o, after, err := sortOf(r, p)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	q := readmodel.SubsidyQuery{Program: v.Get("program"), Bank: v.Get("bank"), Status: v.Get("status"),
		Sort: o, After: after, Limit: p.Limit}
	if q.Status != "" && !slices.Contains(subsidyStatuses, q.Status) {
		return errorf(CodeBadRequest, "status %q must be one of %v", q.Status, subsidyStatuses)
	}
	if y := v.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1 || n > 9999 || y != strconv.Itoa(n) {
			return errorf(CodeBadRequest, "year %q must be a year from 1 to 9999", y)
		}
		q.Year = n
	}
	if sub.Role == RoleBank {
		q.Bank = sub.Name // indexed by bank: a bank's page costs its length
	}
	docs, err := s.cfg.Views.Subsidies(r.Context(), q)
	if err != nil {
		return unavailable(r.Context(), "the read model", err)
	}
	writeJSON(w, http.StatusOK, subsidiesResponse{Subsidies: docs, NextAfter: sortedNext(docs, p.Limit, o, readmodel.SubsidyPosition)})
	return nil
}

// getSubsidy returns the subsidy <program>/<loan>/<year>; a bank asking
// for another bank's gets 404.
func (s *server) getSubsidy(w http.ResponseWriter, r *http.Request, sub Subject) error {
	id, err := subsidyPath(r)
	if err != nil {
		return err
	}
	d, ok, err := s.cfg.Views.Subsidy(r.Context(), id)
	if err != nil {
		return unavailable(r.Context(), "the read model", err)
	}
	if !ok || (sub.Role == RoleBank && d.Bank != sub.Name) {
		return errorf(CodeNotFound, "no subsidy %s", id)
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// subsidyPath is the subsidy id of /subsidies/{program}/{loan}/{year}.
func subsidyPath(r *http.Request) (string, error) {
	loan, err := claimPath(r)
	if err != nil {
		return "", err
	}
	year, err := pathVar(r, "year")
	if err != nil {
		return "", err
	}
	return loan + "/" + year, nil
}
