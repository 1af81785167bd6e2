package readmodel

import "github.com/techcredit/techcredit/ledger"

// The index keys of each list: every combination of the filters its query
// offers, an empty field meaning "any", so that a query is its own key. A
// combination is a mask, bit i keeping filter field i (masked); the keys
// are those of the masks in ascending order, always the same.

// bankProgramStatus is the filter claims, filings and subsidies share:
// bank (a bank sees only its own), program and status, each optional.
type bankProgramStatus struct{ bank, program, status string }

// masked keeps the bank (bit 0 of mask), the program (bit 1) and the
// status (bit 2) of k.
func (k bankProgramStatus) masked(mask int) bankProgramStatus {
	var out bankProgramStatus
	if mask&1 != 0 {
		out.bank = k.bank
	}
	if mask&2 != 0 {
		out.program = k.program
	}
	if mask&4 != 0 {
		out.status = k.status
	}
	return out
}

// claimKey is a ClaimQuery's filter: bank (a bank sees only its claims),
// program and status, each optional.
// due: only the claims with a current deadline (an open claim under
// review), the index GET /v1/claims?overdue_on= walks.
// borrower: an enterprise's claims, combined with bank and status only
// (ClaimFilterIndexed).
// The keys are flat structs of strings: one that embeds another compares
// by a call, on the writer's path (appendKey).
type claimKey struct {
	bank, program, status, borrower string
	due                             bool
}

func claimKeyOf(q ClaimQuery) claimKey {
	return claimKey{q.Bank, q.Program, q.Status, q.Borrower, q.OverdueOn != ""}
}

// ClaimFilterIndexed reports whether q's filters are a combination with an
// index: any of bank, program and status, with or without overdue_on; a
// borrower with bank and status only (an enterprise has few claims in a
// program, and each combination costs every claim a place in three more
// sets). The read model answers no other combination.
func ClaimFilterIndexed(q ClaimQuery) bool {
	return q.Borrower == "" || (q.Program == "" && q.OverdueOn == "")
}

// claimSorted: the claims with a deadline are walked by id only, for the
// overdue list; every other claim index is kept in every order.
func claimSorted(k claimKey) bool { return !k.due }

// claimKeys are the eight combinations of a claim's bank, program and
// status, the eight again among the claims with a deadline, and the four
// of its borrower with its bank and status.
func claimKeys(c *ledger.ClaimView, into []claimKey) []claimKey {
	due := c.ClaimReviewView != nil && c.DueBy != nil
	of := bankProgramStatus{c.Bank, c.Program, c.Status}
	for mask := range 16 { // bit 3: among the claims with a deadline
		if mask&8 == 0 || due {
			k := of.masked(mask)
			into = appendKey(into, claimKey{k.bank, k.program, k.status, "", mask&8 != 0})
		}
	}
	for mask := range 4 { // the borrower's, with bank (bit 0) and status (bit 1, of.masked's 2)
		k := of.masked(mask&1 | mask&2<<1)
		into = appendKey(into, claimKey{k.bank, "", k.status, c.Borrower, false})
	}
	return into
}

// loanKey is a LoanQuery's filter: bank (a bank sees only its loans),
// guarantor (a guarantor sees only the loans it guarantees) and borrower
// (an enterprise's loans), each optional, and status, combined with bank
// and guarantor only (LoanFilterIndexed).
type loanKey struct{ bank, guarantor, borrower, status string }

// masked keeps the bank (bit 0 of mask), the guarantor (bit 1), the
// borrower (bit 2) and the status (bit 3) of k.
func (k loanKey) masked(mask int) loanKey {
	var out loanKey
	if mask&1 != 0 {
		out.bank = k.bank
	}
	if mask&2 != 0 {
		out.guarantor = k.guarantor
	}
	if mask&4 != 0 {
		out.borrower = k.borrower
	}
	if mask&8 != 0 {
		out.status = k.status
	}
	return out
}

func loanKeyOf(q LoanQuery) loanKey { return loanKey{q.Bank, q.Guarantor, q.Borrower, q.Status} }

// LoanFilterIndexed reports whether q's filters have an index: any of
// bank, guarantor and borrower; a status with bank and guarantor only (an
// enterprise's loans are few and read whole).
func LoanFilterIndexed(q LoanQuery) bool { return q.Status == "" || q.Borrower == "" }

// loanKeys are the combinations of a loan's bank, guarantor and borrower
// (none of which ever changes once the loan is disbursed), and of its
// status (which does) with its bank and guarantor.
func loanKeys(l *ledger.LoanView, into []loanKey) []loanKey {
	of := loanKey{l.Bank, l.Guarantor, l.Borrower, l.Status}
	// Masks 0-7 are those without status, 8-11 the status's with bank and
	// guarantor (no borrower, bit 2).
	for mask := range 12 {
		into = appendKey(into, of.masked(mask))
	}
	return into
}

// projectKey is a ProjectQuery's filter.
type projectKey struct{ sector, stage string }

func projectKeys(p *ledger.ProjectView, into []projectKey) []projectKey {
	into = appendKey(into, projectKey{})
	into = appendKey(into, projectKey{sector: p.Sector})
	into = appendKey(into, projectKey{stage: p.Stage})
	return appendKey(into, projectKey{p.Sector, p.Stage})
}

// filingKey is a FilingQuery's filter, as claimKey is a ClaimQuery's.
type filingKey bankProgramStatus

func filingKeyOf(q FilingQuery) filingKey {
	k := filingKey{q.Bank, q.Program, q.Status}
	if q.UnqualifiedIn != 0 { // a walk of the approved filings
		k.status = ledger.FilingApproved.String()
	}
	return k
}

func filingKeys(f *ledger.FilingView, into []filingKey) []filingKey {
	of := bankProgramStatus{f.Bank, f.Program, f.Status}
	for mask := range 8 {
		into = appendKey(into, filingKey(of.masked(mask)))
	}
	return into
}

// enterpriseKeys: every enterprise, and those of each bank lending to it.
func enterpriseKeys(x *ledger.EnterpriseView, into []string) []string {
	into = append(into, "")
	for _, b := range x.Banks {
		into = appendKey(into, b)
	}
	return into
}

// programKeys: programs are listed whole, unfiltered.
func programKeys(_ *ledger.ProgramView, into []struct{}) []struct{} {
	return append(into, struct{}{})
}

// subsidyKey is a SubsidyQuery's filter, as claimKey is a ClaimQuery's,
// with the year (0: any).
type subsidyKey struct {
	bank, program, status string
	year                  int
}

func subsidyKeyOf(q SubsidyQuery) subsidyKey {
	return subsidyKey{q.Bank, q.Program, q.Status, q.Year}
}

// subsidyKeys are the sixteen combinations of a subsidy's bank, program,
// status and year.
func subsidyKeys(s *ledger.SubsidyDoc, into []subsidyKey) []subsidyKey {
	of := bankProgramStatus{s.Bank, s.Program, s.Status}
	for mask := range 16 { // bit 3: the year's
		k := of.masked(mask)
		year := 0
		if mask&8 != 0 {
			year = s.Year
		}
		into = appendKey(into, subsidyKey{k.bank, k.program, k.status, year})
	}
	return into
}

// fundKeys: funds are listed whole, unfiltered.
func fundKeys(_ *ledger.FundView, into []struct{}) []struct{} {
	return append(into, struct{}{})
}
