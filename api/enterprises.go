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
	return list[readmodel.EnterpriseQuery, ledger.EnterpriseView]{
		query: func(l listReq, sub Subject) (readmodel.EnterpriseQuery, error) {
			q := readmodel.EnterpriseQuery{Sort: l.sort, After: l.after, Limit: l.limit}
			scope(sub, RoleBank, &q.Bank)
			return q, nil
		},
		read: s.cfg.Views.Enterprises, pos: readmodel.EnterprisePosition,
		respond: func(docs []ledger.EnterpriseView, next *string) any {
			for i := range docs {
				enterpriseForCaller(&docs[i], sub)
			}
			return enterprisesResponse{Enterprises: docs, NextAfter: next}
		}}.serve(w, r, sub)
}

// enterpriseForCaller shows a bank only its own name among the banks
// lending to the enterprise.
func enterpriseForCaller(x *ledger.EnterpriseView, sub Subject) {
	if sub.Role == RoleBank {
		x.Banks = []string{sub.Name}
	}
}

// getEnterprise returns one registered enterprise. For a bank, one it does
// not lend to is 404, as if it were not registered; it sees no other
// bank's name.
func (s *server) getEnterprise(w http.ResponseWriter, r *http.Request, sub Subject) error {
	id, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	x, err := readDoc(r, s.cfg.Views.Enterprise, "enterprise", id, func(x *ledger.EnterpriseView) bool {
		return sub.Role != RoleBank || slices.Contains(x.Banks, sub.Name)
	})
	if err != nil {
		return err
	}
	enterpriseForCaller(&x, sub)
	writeJSON(w, http.StatusOK, x)
	return nil
}
