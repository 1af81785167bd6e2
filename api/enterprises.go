package api

import (
	"net/http"
	"slices"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

type enterprisesResponse struct {
	Enterprises []ledger.EnterpriseView `json:"enterprises"`
	NextAfter   *string                 `json:"next_after"`
}

// getEnterprises lists registered enterprises in the order ?sort= (by id
// unless told; amount is revenue, date updated_at) (SPEC §10): finance
// and admin see all, a bank those it lends to.
func (s *server) getEnterprises(w http.ResponseWriter, r *http.Request, sub Subject) error {
	p, err := pageOf(r)
	if err != nil {
		return err
	}
	o, after, err := sortOf(r, p)
	if err != nil {
		return err
	}
	q := readmodel.EnterpriseQuery{Sort: o, After: after, Limit: p.Limit}
	if sub.Role == RoleBank {
		q.Bank = sub.Name
	}
	list, err := s.cfg.Views.Enterprises(r.Context(), q)
	if err != nil {
		return unavailable(r.Context(), "the read model", err)
	}
	if sub.Role == RoleBank {
		for i := range list {
			list[i].Banks = []string{sub.Name}
		}
	}
	writeJSON(w, http.StatusOK, enterprisesResponse{Enterprises: list, NextAfter: sortedNext(list, p.Limit, o, readmodel.EnterprisePosition)})
	return nil
}

// getEnterprise returns one registered enterprise. For a bank, one it does
// not lend to is 404, as if it were not registered; it sees no other
// bank's name.
func (s *server) getEnterprise(w http.ResponseWriter, r *http.Request, sub Subject) error {
	id, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	x, ok, err := s.cfg.Views.Enterprise(r.Context(), id)
	if err != nil {
		return unavailable(r.Context(), "the read model", err)
	}
	if ok && sub.Role == RoleBank {
		ok = slices.Contains(x.Banks, sub.Name)
		x.Banks = []string{sub.Name}
	}
	if !ok {
		return errorf(CodeNotFound, "no enterprise %s", id)
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}
