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

// getLoans lists loans by id, a page at a time, optionally of one ?bank=,
// ?guarantor= and ?borrower= (an enterprise's loans). A bank sees only its
// own loans and a guarantor only those it guarantees; finance and admin
// see all.
func (s *server) getLoans(w http.ResponseWriter, r *http.Request, sub Subject) error {
	p, err := pageOf(r)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	q := readmodel.LoanQuery{Bank: v.Get("bank"), Guarantor: v.Get("guarantor"), Borrower: v.Get("borrower"),
		After: p.After, Limit: p.Limit}
	switch sub.Role {
	case RoleBank:
		q.Bank = sub.Name
	case RoleGuarantor:
		q.Guarantor = sub.Name
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
// exist, so that loan ids do not leak between banks; so is, to a
// guarantor, a loan it does not guarantee.
func (s *server) getLoan(w http.ResponseWriter, r *http.Request, sub Subject) error {
	id, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	loan, ok, err := s.cfg.Views.Loan(r.Context(), id)
	if err != nil {
		return unavailable(r.Context(), "the read model", err)
	}
	if !ok || (sub.Role == RoleBank && loan.Bank != sub.Name) || (sub.Role == RoleGuarantor && loan.Guarantor != sub.Name) {
		return errorf(CodeNotFound, "no loan %s", id)
	}
	writeJSON(w, http.StatusOK, loan)
	return nil
}
