package api

import (
	"net/http"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

type loansResponse struct {
	Loans     []ledger.LoanView `json:"loans"`
	NextAfter *string           `json:"next_after"`
}

// getLoans lists loans by id, a page at a time. A bank sees only its own
// loans; finance and admin see all, optionally of one ?bank=.
func (s *server) getLoans(w http.ResponseWriter, r *http.Request, sub Subject) error {
	p, err := pageOf(r)
	if err != nil {
		return err
	}
	q := readmodel.LoanQuery{Bank: r.URL.Query().Get("bank"), After: p.After, Limit: p.Limit}
	if sub.Role == RoleBank {
		q.Bank = sub.Name
	}
	loans, err := s.cfg.Views.Loans(r.Context(), q)
	if err != nil {
		return unavailable(r.Context(), "the read model", err)
	}
	writeJSON(w, http.StatusOK, loansResponse{Loans: loans,
		NextAfter: nextAfter(loans, p.Limit, func(l *ledger.LoanView) string { return l.ID })})
	return nil
}

// getLoan returns one loan. Another bank's loan is 404, as if it did not
// exist, so that loan ids do not leak between banks.
func (s *server) getLoan(w http.ResponseWriter, r *http.Request, sub Subject) error {
	id, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	loan, ok, err := s.cfg.Views.Loan(r.Context(), id)
	if err != nil {
		return unavailable(r.Context(), "the read model", err)
	}
	if !ok || (sub.Role == RoleBank && loan.Bank != sub.Name) {
		return errorf(CodeNotFound, "no loan %s", id)
	}
	writeJSON(w, http.StatusOK, loan)
	return nil
}
