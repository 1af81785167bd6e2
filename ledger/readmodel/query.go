package readmodel

import "github.com/techcredit/techcredit/ledger"

// ListLimitMax bounds one page of a list.
const ListLimitMax = 500

// ClaimQuery filters and pages claims; lists are in the order Sort (by id
// unless told) and After is the cursor (the position of the previous
// page's last claim in that order, sort.go). An empty filter field matches
// every claim.
type ClaimQuery struct {
	// Bank keeps the claims on one bank's loans (a bank sees only those).
	Bank    string
	Status  string
	Program string
	// Borrower keeps one enterprise's claims (ClaimFilterIndexed).
	Borrower string
	Sort     Sort
	// OverdueOn, a date (YYYY-MM-DD) or "": only open claims past their
	// current step's deadline on it (SPEC §12, §15), walked in the index
	// of claims that have a deadline.
	OverdueOn string
	After     string
	Limit     int
}

// Overdue reports whether a claim is on q's overdue list: its current
// step's deadline (due_by) is before q.OverdueOn.
func (q ClaimQuery) Overdue(c *ledger.ClaimView) bool {
	return c.ClaimReviewView != nil && c.DueBy != nil && q.OverdueOn > *c.DueBy
}

// LoanQuery pages loans, optionally of one bank, one guarantor, one
// borrower (an enterprise) and one status only (LoanFilterIndexed), in the
// order Sort, After as in ClaimQuery.
type LoanQuery struct {
	Bank      string
	Guarantor string
	Borrower  string
	Status    string
	Sort      Sort
	After     string
	Limit     int
}

// ProjectQuery filters and pages the pipeline.
type ProjectQuery struct {
	Sector string
	Stage  string
	Sort   Sort
	After  string
	Limit  int
}

// pageLimit is the size of a page asked with limit: ListLimitMax when 0
// or above it.
// FilingQuery filters GET /v1/filings: bank (a bank sees only its own),
// program and status, each optional, and UnqualifiedIn, a year: only
// approved filings whose borrower is not qualified for it (the year-end
// revocation list).
type FilingQuery struct {
	Bank          string
	Status        string
	Program       string
	UnqualifiedIn int // 0: any
	Sort          Sort
	After         string
	Limit         int
}

// Unqualified reports whether a filing is on q's year-end list.
func (q FilingQuery) Unqualified(f *ledger.FilingView) bool {
	return f.Status == ledger.FilingApproved.String() && !f.QualifiedFor(q.UnqualifiedIn)
}

// EnterpriseQuery filters GET /v1/enterprises: Bank, the enterprises it
// lends to (a bank sees only those).
type EnterpriseQuery struct {
	Bank  string
	Sort  Sort
	After string
	Limit int
}

func pageLimit(limit int) int {
	if limit <= 0 || limit > ListLimitMax {
		return ListLimitMax
	}
	return limit
}

// SubsidyQuery filters GET /v1/subsidies (SPEC §11): bank (a bank sees
// only its own), program, status and year, each optional.
type SubsidyQuery struct {
	Bank    string
	Program string
	Status  string
	Year    int // 0: any
	Sort    Sort
	After   string
	Limit   int
}
