package api

import (
	"net/http"
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
	return list[readmodel.SubsidyQuery, ledger.SubsidyDoc]{query: subsidyQuery, read: s.cfg.Views.Subsidies, pos: readmodel.SubsidyPosition,
		respond: func(d []ledger.SubsidyDoc, next *string) any { return subsidiesResponse{Subsidies: d, NextAfter: next} }}.serve(w, r, sub)
}

func subsidyQuery(l listReq, sub Subject) (readmodel.SubsidyQuery, error) {
	v := l.filters
	q := readmodel.SubsidyQuery{Program: v.Get("program"), Bank: v.Get("bank"), Status: v.Get("status"),
		Sort: l.sort, After: l.after, Limit: l.limit}
	if err := checkOneOf("status", q.Status, subsidyStatuses); err != nil {
		return q, err
	}
	if y := v.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1 || n > 9999 || y != strconv.Itoa(n) {
			return q, errorf(CodeBadRequest, "year %q must be a year from 1 to 9999", y)
		}
		q.Year = n
	}
	scope(sub, RoleBank, &q.Bank)
	return q, nil
}

// getSubsidy returns the subsidy <program>/<loan>/<year>; a bank asking
// for another bank's gets 404.
func (s *server) getSubsidy(w http.ResponseWriter, r *http.Request, sub Subject) error {
	id, err := subsidyPath(r)
	if err != nil {
		return err
	}
	d, err := readDoc(r, s.cfg.Views.Subsidy, "subsidy", id, func(d *ledger.SubsidyDoc) bool {
		return sub.Role != RoleBank || d.Bank == sub.Name
	})
	if err != nil {
		return err
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
