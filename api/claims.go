package api

import (
	"net/http"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

// claimStatuses are the statuses ?status= accepts (SPEC §7).
var claimStatuses = []string{"pending", "awaiting_second_approval", "queued", "paid", "rejected",
	"awaiting_documents", "submitted"}

type claimsResponse struct {
	Claims    []ledger.ClaimView `json:"claims"`
	NextAfter *string            `json:"next_after"`
}

// getClaims lists claims in the order ?sort= (by id unless told; amount
// is payable, date the default date that opened the claim), optionally of
// one ?status=, ?program=, ?borrower= and ?bank= (finance, admin), a page
// at a time. A bank sees only the claims on its own loans.
func (s *server) getClaims(w http.ResponseWriter, r *http.Request, sub Subject) error {
	return list[readmodel.ClaimQuery, ledger.ClaimView]{query: claimQuery, read: s.cfg.Views.Claims, pos: readmodel.ClaimPosition,
		respond: func(d []ledger.ClaimView, next *string) any { return claimsResponse{Claims: d, NextAfter: next} }}.serve(w, r, sub)
}

func claimQuery(l listReq, sub Subject) (readmodel.ClaimQuery, error) {
	v := l.filters
	q := readmodel.ClaimQuery{Bank: v.Get("bank"), Status: v.Get("status"), Program: v.Get("program"),
		Borrower: v.Get("borrower"), Sort: l.sort, After: l.after, Limit: l.limit}
	if len(q.Borrower) > filterBytesMax {
		return q, errorf(CodeBadRequest, "borrower is longer than %d bytes", filterBytesMax)
	}
	if err := checkOneOf("status", q.Status, claimStatuses); err != nil {
		return q, err
	}
	// ?overdue_on=DATE: a query may read the date it is given (SPEC §12);
	// the read model compares it with each claim's due_by.
	if q.OverdueOn = v.Get("overdue_on"); q.OverdueOn != "" {
		if t, err := time.Parse(time.DateOnly, q.OverdueOn); err != nil || t.Format(time.DateOnly) != q.OverdueOn {
			return q, errorf(CodeBadRequest, "overdue_on %q must be a date such as 2026-10-14", q.OverdueOn)
		}
	}
	if q.OverdueOn != "" && l.sort != (readmodel.Sort{}) {
		return q, errorf(CodeBadRequest, "overdue_on lists claims by id only: no sort")
	}
	if !readmodel.ClaimFilterIndexed(q) {
		return q, errorf(CodeBadRequest, "borrower combines with bank and status only, not program or overdue_on")
	}
	scope(sub, RoleBank, &q.Bank)
	return q, nil
}

// ownClaim reports whether the caller may read the claim: a bank, only
// those on its own loans.
func ownClaim(sub Subject) func(*ledger.ClaimView) bool {
	return func(c *ledger.ClaimView) bool { return sub.Role != RoleBank || c.Bank == sub.Name }
}

// getClaim returns the claim <program>/<loan>; a bank asking for another
// bank's claim gets 404.
func (s *server) getClaim(w http.ResponseWriter, r *http.Request, sub Subject) error {
	c, err := s.claimOfPath(r, sub)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// claimOfPath reads the claim of /claims/{program}/{loan}, 404 to a bank
// when it is on another bank's loan.
func (s *server) claimOfPath(r *http.Request, sub Subject) (ledger.ClaimView, error) {
	id, err := claimPath(r)
	if err != nil {
		return ledger.ClaimView{}, err
	}
	return readDoc(r, s.cfg.Views.Claim, "claim", id, ownClaim(sub))
}

// claimPath is the claim id of /claims/{program}/{loan}.
func claimPath(r *http.Request) (string, error) {
	program, err := pathVar(r, "program")
	if err != nil {
		return "", err
	}
	loan, err := pathVar(r, "loan")
	if err != nil {
		return "", err
	}
	return program + "/" + loan, nil
}
