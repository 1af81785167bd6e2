package ledger

import (
	"slices"
	"strings"
)

// Changes lists the ids of what one applied input changed, so that read
// models can refresh exactly those documents.
type Changes struct {
	Programs   []string
	Loans      []string
	Claims     []string
	Guarantors []string
	Projects   []string
	// Enterprises are registered enterprises whose document changed.
	Enterprises []string
	Subsidies   []string
	Funds       []string // transformation funds (SPEC §13)
}

// Merge adds c to the changes of a batch: programs and guarantors once
// each (few, and changed by most inputs), the rest as they come.
func (d *Changes) Merge(c Changes) {
	d.Programs = appendNew(d.Programs, c.Programs)
	d.Loans = append(d.Loans, c.Loans...)
	d.Claims = append(d.Claims, c.Claims...)
	d.Guarantors = appendNew(d.Guarantors, c.Guarantors)
	d.Projects = append(d.Projects, c.Projects...)
	d.Enterprises = appendNew(d.Enterprises, c.Enterprises)
	d.Subsidies = append(d.Subsidies, c.Subsidies...)
	d.Funds = appendNew(d.Funds, c.Funds)
}

func appendNew(dst, src []string) []string {
	for _, s := range src {
		if !slices.Contains(dst, s) {
			dst = append(dst, s)
		}
	}
	return dst
}

// changesOf derives the changes of an applied input from what it names and
// from the claims it touched (a funding pays claims of many loans).
func (e *Engine) changesOf(r *request) Changes {
	var c Changes
	ids := &e.changeIDs
	if r.prog != nil {
		c.Programs = ids.one(r.prog.Def.ID)
	}
	loan := r.loan // the handler's, saving a lookup
	if loan == nil {
		loan = e.loans[r.data.Loan]
	}
	if loan != nil && r.in.Type != TypeClaimApproved && r.in.Type != TypeClaimRejected {
		c.Loans = ids.one(loan.ID)
		if loan.Guarantor != nil {
			c.Guarantors = ids.one(loan.Guarantor.ID)
		}
		if e.mayPresentProjects(loan.Borrower) {
			if projects := e.projectsByEnterprise[loan.Borrower.ID]; len(projects) > 0 {
				c.Projects = ids.copy(projects)
			}
		}
	}
	if len(e.touched) > 0 {
		seen := make(map[*Claim]bool, len(e.touched))
		for _, cl := range e.touched {
			if !seen[cl] {
				seen[cl] = true
				c.Claims = append(c.Claims, cl.ID)
			}
		}
	}
	c.Subsidies = e.subsidyChanges()
	switch r.in.Type {
	case TypeGuarantorNetAssets:
		c.Guarantors = ids.one(strings.TrimPrefix(r.data.Guarantor, RoleGuarantor+":"))
	case TypeProjectRegistered, TypeProjectUpdated, TypeProjectInterest, TypeProjectCommitted, TypeProjectWithdrawn:
		c.Projects = ids.one(r.data.Project)
	case TypeFundCommitted, TypeFundInvested, TypeFundExited:
		c.Funds = ids.one(r.fund.Def.ID)
	case TypeEnterpriseRegistered, TypeEnterpriseUpdated:
		c.Enterprises = ids.one(r.data.Enterprise)
		c.Loans = e.filedLoansOf(r.data.Enterprise) // their filings show its tech-SME year
	case TypeLoanDisbursed:
		if _, ok := e.enterprises[loan.Borrower.ID]; ok { // its banks
			c.Enterprises = ids.one(loan.Borrower.ID)
		}
	}
	return c
}

// idLists hands out the lists of ids of inputs' changes, carved from one
// array for many inputs rather than allocated one by one: most lists hold
// one id. Each list's capacity ends at its length, so that appending to one
// copies it rather than writing over the next.
type idLists struct{ buf []string }

// idListsLen is the number of ids that share one array: a Changes kept
// long keeps at most this many others' ids alive.
const idListsLen = 256

func (l *idLists) one(id string) []string {
	return l.copy([]string{id})
}

// copy returns a list of the given ids.
func (l *idLists) copy(ids []string) []string {
	n := len(ids)
	if n > idListsLen/8 { // a long list gets an array of its own
		return append([]string(nil), ids...)
	}
	if cap(l.buf)-len(l.buf) < n {
		l.buf = make([]string, 0, idListsLen)
	}
	start := len(l.buf)
	l.buf = append(l.buf, ids...)
	return l.buf[start : start+n : start+n]
}

// mayPresentProjects reports whether projectsByEnterprise has an entry for
// the borrower, building projectBorrowers when it is nil.
func (e *Engine) mayPresentProjects(b *Borrower) bool {
	if e.projectBorrowers == nil {
		e.projectBorrowers = make(map[*Borrower]struct{}, len(e.projectsByEnterprise))
		for ent := range e.projectsByEnterprise {
			if b := e.borrowers[ent]; b != nil {
				e.projectBorrowers[b] = struct{}{}
			}
		}
	}
	_, ok := e.projectBorrowers[b]
	return ok
}

// noteProjectBorrower keeps projectBorrowers, once built, up to date when
// an enterprise gains an entry in projectsByEnterprise or a borrower is
// recorded: ent is the enterprise's id.
func (e *Engine) noteProjectBorrower(ent string) {
	if e.projectBorrowers == nil {
		return
	}
	if _, ok := e.projectsByEnterprise[ent]; !ok {
		return
	}
	if b := e.borrowers[ent]; b != nil {
		e.projectBorrowers[b] = struct{}{}
	}
}
