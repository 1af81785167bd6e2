package api

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

type filingsResponse struct {
	Filings   []ledger.FilingView `json:"filings"`
	NextAfter *string             `json:"next_after"`
}

// filingStatuses are the statuses ?status= may name.
var filingStatuses = []string{ledger.FilingPending.String(), ledger.FilingApproved.String(),
	ledger.FilingRejected.String(), ledger.FilingRevoked.String()}

// getFilings lists loans' filings in the order ?sort= (by loan id unless
// told; amount is filed, date filed_on), a page at a time (SPEC §10): a
// bank sees only its own; ?unqualified_in=YEAR lists the approved filings
// whose borrower is not qualified for YEAR.
func (s *server) getFilings(w http.ResponseWriter, r *http.Request, sub Subject) error {
	p, err := pageOf(r)
	if err != nil {
		return err
	}
	o, after, err := sortOf(r, p)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	q := readmodel.FilingQuery{Bank: v.Get("bank"), Program: v.Get("program"), Status: v.Get("status"),
		Sort: o, After: after, Limit: p.Limit}
	if q.Status != "" && !slices.Contains(filingStatuses, q.Status) {
		return errorf(CodeBadRequest, "status %q must be one of %v", q.Status, filingStatuses)
	}
	if y := v.Get("unqualified_in"); y != "" {
		year, err := strconv.Atoi(y)
		if err != nil || year < ledger.TechSMEYearMin || year > ledger.TechSMEYearMax || len(y) != 4 {
			return errorf(CodeBadRequest, "unqualified_in %q must be a year such as 2026", y)
		}
		q.UnqualifiedIn = year
	}
	if sub.Role == RoleBank {
		q.Bank = sub.Name
	}
	filings, err := s.cfg.Views.Filings(r.Context(), q)
	if err != nil {
		return unavailable(r.Context(), "the read model", err)
	}
	writeJSON(w, http.StatusOK, filingsResponse{Filings: filings, NextAfter: sortedNext(filings, p.Limit, o, readmodel.FilingPosition)})
	return nil
}
