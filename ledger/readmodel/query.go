package readmodel

// ListLimitMax bounds one page of a list.
const ListLimitMax = 500

// ClaimQuery filters and pages claims; lists are sorted by id and After is
// the cursor (the last id of the previous page). An empty filter field
// matches every claim.
type ClaimQuery struct {
	// Bank keeps the claims on one bank's loans (a bank sees only those).
	Bank    string
	Status  string
	Program string
	After   string
	Limit   int
}

// LoanQuery pages loans, optionally of one bank only.
type LoanQuery struct {
	Bank  string
	After string
	Limit int
}

// ProjectQuery filters and pages the pipeline.
type ProjectQuery struct {
	Sector string
	Stage  string
	After  string
	Limit  int
}

// pageLimit is the size of a page asked with limit: ListLimitMax when 0
// or above it.
func pageLimit(limit int) int {
	if limit <= 0 || limit > ListLimitMax {
		return ListLimitMax
	}
	return limit
}
