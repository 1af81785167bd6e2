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

// loanStatuses are the statuses ?status= accepts (SPEC §7).
var loanStatuses = []string{"performing", "overdue", "defaulted", "closed"}

// getLoans lists loans in the order ?sort= (by id unless told; amount is
// the outstanding principal, date disbursed_on), a page at a time,
// optionally of one ?bank=, ?guarantor=, ?borrower= (an enterprise's
// loans) and ?status= (with bank and guarantor only). A bank sees only its
// own loans and a guarantor only those it guarantees; finance and admin
// see all.
func (s *server) getLoans(w http.ResponseWriter, r *http.Request, sub Subject) error {
	return list[readmodel.LoanQuery, ledger.LoanView]{query: loanQuery, read: s.cfg.Views.Loans, pos: readmodel.LoanPosition,
		respond: func(d []ledger.LoanView, next *string) any { return loansResponse{Loans: d, NextAfter: next} }}.serve(w, r, sub)
}

func loanQuery(l listReq, sub Subject) (readmodel.LoanQuery, error) {
	v := l.filters
	q := readmodel.LoanQuery{Bank: v.Get("bank"), Guarantor: v.Get("guarantor"), Borrower: v.Get("borrower"),
		Status: v.Get("status"), Sort: l.sort, After: l.after, Limit: l.limit}
	if err := checkOneOf("status", q.Status, loanStatuses); err != nil {
		return q, err
	}
	if !readmodel.LoanFilterIndexed(q) {
		return q, errorf(CodeBadRequest, "status combines with bank and guarantor only, not borrower")
	}
	scope(sub, RoleBank, &q.Bank)
	scope(sub, RoleGuarantor, &q.Guarantor)
	return q, nil
}

// getLoan returns one loan. Another bank's loan is 404, as if it did not
// exist, so that loan ids do not leak between banks; so is, to a
// guarantor, a loan it does not guarantee.
func (s *server) getLoan(w http.ResponseWriter, r *http.Request, sub Subject) error {
	id, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	loan, err := readDoc(r, s.cfg.Views.Loan, "loan", id, func(l *ledger.LoanView) bool {
		return (sub.Role != RoleBank || l.Bank == sub.Name) && (sub.Role != RoleGuarantor || l.Guarantor == sub.Name)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, loan)
	return nil
}
