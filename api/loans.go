package api

import (
	"net/http"
	"slices"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

type loansResponse struct {
	Loans     []ledger.LoanView `json:"loans"`
	NextAfter *string           `json:"next_after"`
}

// loanStatuses are the statuses ?status= accepts (SPEC §7).
var loanStatuses = []string{"performing", "overdue", "defaulted", "closed"}

// getLoans lists loans in the order ?sort= (by id unless told; amount is
// the outstanding principal, date disbursed_on), a page at a time,
// optionally of one ?bank=, ?guarantor=, ?borrower= (an enterprise's
// loans) and ?status= (with bank and guarantor only). A bank sees only its
// own loans and a guarantor only those it guarantees; finance and admin
// see all.
func (s *server) getLoans(w http.ResponseWriter, r *http.Request, sub Subject) error {
	p, err := pageOf(r)
	if err != nil {
		return err
	}
	o, after, err := sortOf(r, p)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	q := readmodel.LoanQuery{Bank: v.Get("bank"), Guarantor: v.Get("guarantor"), Borrower: v.Get("borrower"),
		Status: v.Get("status"), Sort: o, After: after, Limit: p.Limit}
	if q.Status != "" && !slices.Contains(loanStatuses, q.Status) {
		return errorf(CodeBadRequest, "status %q must be one of %v", q.Status, loanStatuses)
	}
	if !readmodel.LoanFilterIndexed(q) {
		return errorf(CodeBadRequest, "status combines with bank and guarantor only, not borrower")
	}
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
	writeJSON(w, http.StatusOK, loansResponse{Loans: loans, NextAfter: sortedNext(loans, p.Limit, o, readmodel.LoanPosition)})
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
