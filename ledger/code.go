package ledger

import "fmt"

// Code is a stable reject code (SPEC §4). Codes are part of the contract
// with banks: never rename one.
type Code uint8

const (
	CodeNone Code = iota
	CodeBadJSON
	CodeBadEnvelope
	CodeIDConflict
	CodeUnknownType
	CodeForbidden
	CodeUnknownProgram
	CodeBadField
	CodeBadAmount
	CodeCurrencyMismatch
	CodeDuplicateLoan
	CodeUnknownLoan
	CodeOverpayment
	CodeOutstandingMismatch
	CodeAlreadyDefaulted
	CodeNotDefaulted
	CodeLoanClosed
	CodeOutstandingNotZero
	CodeUnknownClaim
	CodeClaimClosed
	CodeSameApprover
	CodeUnknownProject
	CodeDuplicateProject
	CodeWrongPartition
	CodeBadDate
	CodeDuplicateEnterprise
	CodeUnknownEnterprise
	CodeFilingNotRequired
	CodeAlreadyFiled
	CodeMissingDocuments
	CodeFilingLate
	CodeUnknownFiling
	CodeNotQualified
	CodeSubsidyNotOffered
	CodeAlreadyApplied
	CodeNotEligible
	CodeUnknownSubsidy
	CodeSubsidyClosed
	CodeSubmissionLate
	CodeNotSubmitted
	CodeNotReviewed
	CodeNotAwaitingDocuments
	CodeUnknownFund
	CodeFundShareExceeded
	CodeFundLargestInvestor
	CodeInsufficientCapital
	CodeDuplicateInvestment
	CodeUnknownInvestment
	CodeAlreadyExited
	CodeUnknownInterest
	codeCount
)

var codeNames = [codeCount]string{
	CodeNone:                 "",
	CodeBadJSON:              "bad_json",
	CodeBadEnvelope:          "bad_envelope",
	CodeIDConflict:           "id_conflict",
	CodeUnknownType:          "unknown_type",
	CodeForbidden:            "forbidden",
	CodeUnknownProgram:       "unknown_program",
	CodeBadField:             "bad_field",
	CodeBadAmount:            "bad_amount",
	CodeCurrencyMismatch:     "currency_mismatch",
	CodeDuplicateLoan:        "duplicate_loan",
	CodeUnknownLoan:          "unknown_loan",
	CodeOverpayment:          "overpayment",
	CodeOutstandingMismatch:  "outstanding_mismatch",
	CodeAlreadyDefaulted:     "already_defaulted",
	CodeNotDefaulted:         "not_defaulted",
	CodeLoanClosed:           "loan_closed",
	CodeOutstandingNotZero:   "outstanding_not_zero",
	CodeUnknownClaim:         "unknown_claim",
	CodeClaimClosed:          "claim_closed",
	CodeSameApprover:         "same_approver",
	CodeUnknownProject:       "unknown_project",
	CodeDuplicateProject:     "duplicate_project",
	CodeWrongPartition:       "wrong_partition",
	CodeBadDate:              "bad_date",
	CodeDuplicateEnterprise:  "duplicate_enterprise",
	CodeUnknownEnterprise:    "unknown_enterprise",
	CodeFilingNotRequired:    "filing_not_required",
	CodeAlreadyFiled:         "already_filed",
	CodeMissingDocuments:     "missing_documents",
	CodeFilingLate:           "filing_late",
	CodeUnknownFiling:        "unknown_filing",
	CodeNotQualified:         "not_qualified",
	CodeSubsidyNotOffered:    "subsidy_not_offered",
	CodeAlreadyApplied:       "already_applied",
	CodeNotEligible:          "not_eligible",
	CodeUnknownSubsidy:       "unknown_subsidy",
	CodeSubsidyClosed:        "subsidy_closed",
	CodeSubmissionLate:       "submission_late",
	CodeNotSubmitted:         "not_submitted",
	CodeNotReviewed:          "not_reviewed",
	CodeNotAwaitingDocuments: "not_awaiting_documents",
	CodeUnknownFund:          "unknown_fund",
	CodeFundShareExceeded:    "fund_share_exceeded",
	CodeFundLargestInvestor:  "fund_largest_investor",
	CodeInsufficientCapital:  "insufficient_capital",
	CodeDuplicateInvestment:  "duplicate_investment",
	CodeUnknownInvestment:    "unknown_investment",
	CodeAlreadyExited:        "already_exited",
	CodeUnknownInterest:      "unknown_interest",
}

// String returns the code as written in outputs ("overpayment").
func (c Code) String() string {
	if c >= codeCount {
		return fmt.Sprintf("code(%d)", uint8(c))
	}
	return codeNames[c]
}

// Codes lists every reject code (the API's status table is checked
// against it).
func Codes() []Code {
	out := make([]Code, 0, codeCount-1)
	for c := CodeNone + 1; c < codeCount; c++ {
		out = append(out, c)
	}
	return out
}

// CodeFromString is the inverse of Code.String; false for an unknown name.
func CodeFromString(s string) (Code, bool) {
	for c := CodeNone + 1; c < codeCount; c++ {
		if codeNames[c] == s {
			return c, true
		}
	}
	return CodeNone, false
}

// Reject is an input error: the input is refused with a code and changes
// nothing. It is an outcome, not a failure of the engine.
type Reject struct {
	Code    Code
	Message string
}

func (r *Reject) Error() string { return r.Code.String() + ": " + r.Message }

func reject(code Code, format string, args ...any) *Reject {
	return &Reject{Code: code, Message: fmt.Sprintf(format, args...)}
}
