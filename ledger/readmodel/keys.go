package readmodel

import "github.com/techcredit/techcredit/ledger"

// The index keys of each list: every combination of the filters its query
// offers, an empty field meaning "any", so that a query is its own key.

// claimKey is a ClaimQuery's filter: bank (a bank sees only its claims),
// program and status, each optional.
// due: only the claims with a current deadline (an open claim under
// review), the index GET /v1/claims?overdue_on= walks.
// borrower: an enterprise's claims, combined with bank and status only
// (ClaimFilterIndexed).
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
	for mask := range 16 {
		var k claimKey
		if mask&1 != 0 {
			k.bank = c.Bank
		}
		if mask&2 != 0 {
			k.program = c.Program
		}
		if mask&4 != 0 {
			k.status = c.Status
		}
		if mask&8 != 0 {
			if !due {
				continue
			}
			k.due = true
		}
		into = appendKey(into, k)
	}
	for mask := range 4 {
		k := claimKey{borrower: c.Borrower}
		if mask&1 != 0 {
			k.bank = c.Bank
		}
		if mask&2 != 0 {
			k.status = c.Status
		}
		into = appendKey(into, k)
	}
	return into
}

// loanKey is a LoanQuery's filter: bank (a bank sees only its loans),
// guarantor (a guarantor sees only the loans it guarantees) and borrower
// (an enterprise's loans), each optional, and status, combined with bank
// and guarantor only (LoanFilterIndexed).
type loanKey struct{ bank, guarantor, borrower, status string }

func loanKeyOf(q LoanQuery) loanKey { return loanKey{q.Bank, q.Guarantor, q.Borrower, q.Status} }

// LoanFilterIndexed reports whether q's filters have an index: any of
// bank, guarantor and borrower; a status with bank and guarantor only (an
// enterprise's loans are few and read whole).
func LoanFilterIndexed(q LoanQuery) bool { return q.Status == "" || q.Borrower == "" }

// loanKeys are the combinations of a loan's bank, guarantor and borrower
// (none of which ever changes once the loan is disbursed), and of its
// status (which does) with its bank and guarantor.
func loanKeys(l *ledger.LoanView, into []loanKey) []loanKey {
	for mask := range 8 {
		var k loanKey
		if mask&1 != 0 {
			k.bank = l.Bank
		}
		if mask&2 != 0 {
			k.guarantor = l.Guarantor
		}
		if mask&4 != 0 {
			k.borrower = l.Borrower
		}
		into = appendKey(into, k)
	}
	for mask := range 4 {
		k := loanKey{status: l.Status}
		if mask&1 != 0 {
			k.bank = l.Bank
		}
		if mask&2 != 0 {
			k.guarantor = l.Guarantor
		}
		into = appendKey(into, k)
	}
	return into
}

// projectKey is a ProjectQuery's filter.
type projectKey struct{ sector, stage string }

func projectKeys(p *ledger.ProjectView, into []projectKey) []projectKey {
	for mask := range 4 {
		var k projectKey
		if mask&1 != 0 {
			k.sector = p.Sector
		}
		if mask&2 != 0 {
			k.stage = p.Stage
		}
		into = appendKey(into, k)
	}
	return into
}

// filingKey is a FilingQuery's filter, as claimKey is a ClaimQuery's.
type filingKey struct{ bank, program, status string }

func filingKeyOf(q FilingQuery) filingKey {
	k := filingKey{q.Bank, q.Program, q.Status}
	if q.UnqualifiedIn != 0 { // a walk of the approved filings
		k.status = ledger.FilingApproved.String()
	}
	return k
}

func filingKeys(f *ledger.FilingView, into []filingKey) []filingKey {
	for mask := range 8 {
		var k filingKey
		if mask&1 != 0 {
			k.bank = f.Bank
		}
		if mask&2 != 0 {
			k.program = f.Program
		}
		if mask&4 != 0 {
			k.status = f.Status
		}
		into = appendKey(into, k)
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
	for mask := range 16 {
		var k subsidyKey
		if mask&1 != 0 {
			k.bank = s.Bank
		}
		if mask&2 != 0 {
			k.program = s.Program
		}
		if mask&4 != 0 {
			k.status = s.Status
		}
		if mask&8 != 0 {
			k.year = s.Year
		}
		into = appendKey(into, k)
	}
	return into
}

// fundKeys: funds are listed whole, unfiltered.
func fundKeys(_ *ledger.FundView, into []struct{}) []struct{} {
	return append(into, struct{}{})
}
