package api

import (
	"net/http"
	"slices"
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
	p, err := pageOf(r)
	if err != nil {
		return err
	}
	o, after, err := sortOf(r, p)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	q := readmodel.ClaimQuery{Bank: v.Get("bank"), Status: v.Get("status"), Program: v.Get("program"),
		Borrower: v.Get("borrower"), Sort: o, After: after, Limit: p.Limit}
	if len(q.Borrower) > filterBytesMax {
		return errorf(CodeBadRequest, "borrower is longer than %d bytes", filterBytesMax)
	}
	if q.Status != "" && !slices.Contains(claimStatuses, q.Status) {
		return errorf(CodeBadRequest, "status %q must be one of %v", q.Status, claimStatuses)
	}
	// ?overdue_on=DATE: a query may read the date it is given (SPEC §12);
	// the read model compares it with each claim's due_by.
	if q.OverdueOn = r.URL.Query().Get("overdue_on"); q.OverdueOn != "" {
		if t, err := time.Parse(time.DateOnly, q.OverdueOn); err != nil || t.Format(time.DateOnly) != q.OverdueOn {
			return errorf(CodeBadRequest, "overdue_on %q must be a date such as 2026-10-14", q.OverdueOn)
		}
	}
	if q.OverdueOn != "" && o != (readmodel.Sort{}) {
		return errorf(CodeBadRequest, "overdue_on lists claims by id only: no sort")
	}
	if !readmodel.ClaimFilterIndexed(q) {
		return errorf(CodeBadRequest, "borrower combines with bank and status only, not program or overdue_on")
	}
	if sub.Role == RoleBank {
		// The read model indexes claims by bank: a page of a bank's claims
		// costs its length, not a scan of every bank's.
		q.Bank = sub.Name
	}
	claims, err := s.cfg.Views.Claims(r.Context(), q)
	if err != nil {
		return unavailable(r.Context(), "the read model", err)
	}
	writeJSON(w, http.StatusOK, claimsResponse{Claims: claims,
		NextAfter: sortedNext(claims, p.Limit, o, readmodel.ClaimPosition)})
	return nil
}

// getClaim returns the claim <program>/<loan>; a bank asking for another
// bank's claim gets 404.
func (s *server) getClaim(w http.ResponseWriter, r *http.Request, sub Subject) error {
	id, err := claimPath(r)
	if err != nil {
		return err
	}
	c, ok, err := s.cfg.Views.Claim(r.Context(), id)
	if err != nil {
		return unavailable(r.Context(), "the read model", err)
	}
	if !ok || (sub.Role == RoleBank && c.Bank != sub.Name) {
		return errorf(CodeNotFound, "no claim %s", id)
	}
	writeJSON(w, http.StatusOK, c)
	return nil
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
