package ledger

import "strings"

// Changes lists the ids of what one applied input changed, so that read
// models can refresh exactly those documents.
type Changes struct {
	Programs   []string
	Loans      []string
	Claims     []string
	Guarantors []string
	Projects   []string
}

// changesOf derives the changes of an applied input from what it names and
// from the claims it touched (a funding pays claims of many loans).
func (e *Engine) changesOf(r *request) Changes {
	var c Changes
	if r.prog != nil {
		c.Programs = []string{r.prog.Def.ID}
	}
	if loan := e.loans[r.data.Loan]; loan != nil && r.in.Type != TypeClaimApproved && r.in.Type != TypeClaimRejected {
		c.Loans = []string{loan.ID}
		if loan.Guarantor != nil {
			c.Guarantors = []string{loan.Guarantor.ID}
		}
		c.Projects = append(c.Projects, e.projectsOf(loan.Borrower.ID)...)
	}
	seen := map[*Claim]bool{}
	for _, cl := range e.touched {
		if !seen[cl] {
			seen[cl] = true
			c.Claims = append(c.Claims, cl.ID)
		}
	}
	switch r.in.Type {
	case TypeGuarantorNetAssets:
		c.Guarantors = []string{strings.TrimPrefix(r.data.Guarantor, RoleGuarantor+":")}
	case TypeProjectRegistered, TypeProjectUpdated:
		c.Projects = []string{r.data.Project}
	}
	return c
}

// projectsOf lists the projects of an enterprise, whose credit standing
// changes with its loans.
func (e *Engine) projectsOf(enterprise string) []string {
	var ids []string
	for _, id := range e.projectsByEnterprise[enterprise] {
		ids = append(ids, id)
	}
	return ids
}
