package api

import (
	"net/http"
	"testing"

	"github.com/techcredit/techcredit/ledger"
)

// TestStatusTable: every engine reject code has an HTTP status, and every
// status is one the API documents (SPEC §9, plus 405, 429 for token
// guessing and 500).
func TestStatusTable(t *testing.T) {
	for _, c := range ledger.Codes() {
		if _, ok := statusOf[c.String()]; !ok {
			t.Errorf("reject code %s has no HTTP status in statusOf", c)
		}
	}
	allowed := map[int]bool{400: true, 401: true, 403: true, 404: true, 405: true, 409: true, 413: true, 422: true, 429: true, 500: true, 503: true}
	for code, status := range statusOf {
		if !allowed[status] {
			t.Errorf("code %s maps to %d, not a documented status", code, status)
		}
	}
	tests := map[string]int{
		"same_approver": http.StatusConflict, "claim_closed": http.StatusConflict, "unknown_claim": http.StatusNotFound,
		"forbidden": http.StatusForbidden, "bad_field": http.StatusUnprocessableEntity, "bad_amount": http.StatusUnprocessableEntity,
		CodeTimeout: http.StatusServiceUnavailable, "no_such_code": http.StatusInternalServerError,
	}
	for code, want := range tests {
		if got := (&Error{Code: code}).Status(); got != want {
			t.Errorf("%s: got %d, want %d", code, got, want)
		}
	}
}
