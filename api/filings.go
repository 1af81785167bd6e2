package api

import (
	"net/http"
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
	return list[readmodel.FilingQuery, ledger.FilingView]{query: filingQuery, read: s.cfg.Views.Filings, pos: readmodel.FilingPosition,
		respond: func(d []ledger.FilingView, next *string) any { return filingsResponse{Filings: d, NextAfter: next} }}.serve(w, r, sub)
}

func filingQuery(l listReq, sub Subject) (readmodel.FilingQuery, error) {
	v := l.filters
	q := readmodel.FilingQuery{Bank: v.Get("bank"), Program: v.Get("program"), Status: v.Get("status"),
		Sort: l.sort, After: l.after, Limit: l.limit}
	if err := checkOneOf("status", q.Status, filingStatuses); err != nil {
		return q, err
	}
	if y := v.Get("unqualified_in"); y != "" {
		year, err := strconv.Atoi(y)
		if err != nil || year < ledger.TechSMEYearMin || year > ledger.TechSMEYearMax || len(y) != 4 {
			return q, errorf(CodeBadRequest, "unqualified_in %q must be a year such as 2026", y)
		}
		q.UnqualifiedIn = year
	}
	scope(sub, RoleBank, &q.Bank)
	return q, nil
}
