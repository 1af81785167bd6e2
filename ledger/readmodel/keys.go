package readmodel

import "github.com/techcredit/techcredit/ledger"

// The index keys of each list: every combination of the filters its query
// offers, an empty field meaning "any", so that a query is its own key.

// claimKey is a ClaimQuery's filter: bank (a bank sees only its claims),
// program and status, each optional.
type claimKey struct{ bank, program, status string }

func claimKeyOf(q ClaimQuery) claimKey { return claimKey{q.Bank, q.Program, q.Status} }

// claimKeys are the eight combinations of a claim's bank, program and
// status.
func claimKeys(c *ledger.ClaimView, into []claimKey) []claimKey {
	for mask := range 8 {
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
		into = appendKey(into, k)
	}
	return into
}

// loanKeys: every loan, and the loans of its bank.
func loanKeys(l *ledger.LoanView, into []string) []string {
	return appendKey(append(into, ""), l.Bank)
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

// fundKeys: funds are listed whole, unfiltered.
func fundKeys(_ *ledger.FundView, into []struct{}) []struct{} {
	return append(into, struct{}{})
}
