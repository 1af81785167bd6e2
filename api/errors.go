package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/techcredit/techcredit/ledger"
)

// API error codes beside the engine's reject codes (ledger.Code), which
// keep their own names.
const (
	CodeBadRequest       = "bad_request"        // a malformed body, query or header
	CodeUnauthorized     = "unauthorized"       // no token, or an unknown one
	CodeNotFound         = "not_found"          // no such document (or not the caller's)
	CodeMethodNotAllowed = "method_not_allowed" // the path exists, the method does not
	CodeBodyTooLarge     = "body_too_large"     // above Config.BodyBytesMax
	CodeTooManyInputs    = "too_many_inputs"    // above Config.InputsPerRequestMax
	CodeTooManyAttempts  = "too_many_attempts"  // too many unknown tokens from one address
	CodeRateLimited      = "rate_limited"       // a token's request rate above Config.TokenRatePerSecond
	CodeNotReady         = "not_ready"          // the engine is still replaying its journal
	CodeUnavailable      = "unavailable"        // the writer stopped or the read model failed
	CodeTimeout          = "timeout"            // Config.RequestTimeout passed
	CodeInternal         = "internal"           // a bug: logged with its stack
)

// statusOf is the one table from error codes, the API's and the engine's
// reject codes, to HTTP statuses. A code missing from it is a bug (a test
// checks every ledger code is here).
var statusOf = map[string]int{
	CodeBadRequest:       http.StatusBadRequest,
	CodeUnauthorized:     http.StatusUnauthorized,
	CodeNotFound:         http.StatusNotFound,
	CodeMethodNotAllowed: http.StatusMethodNotAllowed,
	CodeBodyTooLarge:     http.StatusRequestEntityTooLarge,
	CodeTooManyInputs:    http.StatusRequestEntityTooLarge,
	CodeTooManyAttempts:  http.StatusTooManyRequests,
	CodeRateLimited:      http.StatusTooManyRequests,
	CodeNotReady:         http.StatusServiceUnavailable,
	CodeUnavailable:      http.StatusServiceUnavailable,
	CodeTimeout:          http.StatusServiceUnavailable,
	CodeInternal:         http.StatusInternalServerError,
	CodeUnknownReport:    http.StatusNotFound,

	// The engine's reject codes (SPEC §4), when one input built by the API
	// itself (funding, approval, project) is rejected.
	"bad_json":             http.StatusBadRequest,
	"bad_envelope":         http.StatusUnprocessableEntity,
	"unknown_type":         http.StatusUnprocessableEntity,
	"bad_field":            http.StatusUnprocessableEntity,
	"bad_date":             http.StatusUnprocessableEntity,
	"bad_amount":           http.StatusUnprocessableEntity,
	"currency_mismatch":    http.StatusUnprocessableEntity,
	"overpayment":          http.StatusUnprocessableEntity,
	"outstanding_mismatch": http.StatusUnprocessableEntity,
	"forbidden":            http.StatusForbidden,
	"unknown_program":      http.StatusNotFound,
	"unknown_loan":         http.StatusNotFound,
	"unknown_claim":        http.StatusNotFound,
	"unknown_project":      http.StatusNotFound,
	"id_conflict":          http.StatusConflict,
	"duplicate_loan":       http.StatusConflict,
	"duplicate_project":    http.StatusConflict,
	"already_defaulted":    http.StatusConflict,
	"not_defaulted":        http.StatusConflict,
	"loan_closed":          http.StatusConflict,
	"outstanding_not_zero": http.StatusConflict,
	"claim_closed":         http.StatusConflict,
	"same_approver":        http.StatusConflict,
	"wrong_partition":      http.StatusConflict,
	"unknown_enterprise":   http.StatusNotFound,
	"unknown_filing":       http.StatusNotFound,
	"duplicate_enterprise": http.StatusConflict,
	"already_filed":        http.StatusConflict,
	"filing_not_required":  http.StatusUnprocessableEntity,
	"missing_documents":    http.StatusUnprocessableEntity,
	"filing_late":          http.StatusUnprocessableEntity,
	"not_qualified":        http.StatusUnprocessableEntity,
	"subsidy_not_offered":  http.StatusUnprocessableEntity,
	"not_eligible":         http.StatusUnprocessableEntity,
	"unknown_subsidy":      http.StatusNotFound,
	"already_applied":      http.StatusConflict,
	"subsidy_closed":       http.StatusConflict,
	// Claim review (SPEC §12): a step out of turn is a conflict with the
	// claim's state; a late dossier is the input's own fault.
	"submission_late":        http.StatusUnprocessableEntity,
	"not_submitted":          http.StatusConflict,
	"not_reviewed":           http.StatusConflict,
	"not_awaiting_documents": http.StatusConflict,
	// The transformation fund and the roadshow (SPEC §13).
	"unknown_fund":          http.StatusNotFound,
	"fund_share_exceeded":   http.StatusUnprocessableEntity,
	"fund_largest_investor": http.StatusUnprocessableEntity,
	"insufficient_capital":  http.StatusUnprocessableEntity,
	"duplicate_investment":  http.StatusConflict,
	"unknown_investment":    http.StatusNotFound,
	"already_exited":        http.StatusConflict,
	"unknown_interest":      http.StatusNotFound,
}

// Error is an error the API answers with: a stable code and a message for
// people. Cause, the operating error behind a 5xx, is logged, never
// answered: it may name hosts, ports or files (SPEC §9).
type Error struct {
	Code    string
	Message string
	Cause   error
	// RetryAfter, when positive, is answered as the Retry-After header
	// (whole seconds, rounded up).
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return e.Code + ": " + e.Message + ": " + e.Cause.Error()
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Cause }

// Status is the HTTP status of the error's code.
func (e *Error) Status() int {
	if s, ok := statusOf[e.Code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// rejectError turns an input's reject outcome into the error to answer.
func rejectError(out ledger.Outcome) *Error {
	return &Error{Code: out.Code.String(), Message: out.Message}
}

// unavailable translates an error of the writer or the read model: a
// passed deadline is a timeout, anything else means the service cannot
// answer now. Both are operating errors, never the caller's fault.
func unavailable(ctx context.Context, what string, err error) *Error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return errorf(CodeTimeout, "%s did not finish within the request timeout", what)
	}
	return &Error{Code: CodeUnavailable, Message: what + " is unavailable; retry shortly", Cause: err}
}

type errorBody struct {
	Error errorDoc `json:"error"`
}

type errorDoc struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeError answers with an error document. Anything but an *Error is a
// bug and answers 500 internal.
func writeError(w http.ResponseWriter, err error) {
	var e *Error
	if !errors.As(err, &e) {
		e = errorf(CodeInternal, "internal error")
	}
	if e.Code == CodeUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="techcredit"`)
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64((e.RetryAfter+time.Second-1)/time.Second), 10))
	}
	writeJSON(w, e.Status(), errorBody{Error: errorDoc{Code: e.Code, Message: e.Message}})
}
