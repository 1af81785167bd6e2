package ledger

import (
	"slices"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// Read-model documents: what the API serves. They are built by the single
// writer from its state and stored by a read model (in memory, or Redis),
// so that readers never touch the engine itself.

// ProgramView is a program's dashboard.
type ProgramView struct {
	ProgramDoc
	Name                  string            `json:"name"`
	Currency              string            `json:"currency"`
	DualApprovalThreshold *string           `json:"dual_approval_threshold"`
	ClaimsByStatus        map[string]int    `json:"claims_by_status"`
	BankNPLRatio          map[string]string `json:"bank_npl_ratio"` // banks with a defined ratio
}

// ClaimView is a claim as the finance office reviews it.
type ClaimView struct {
	ClaimDoc
	Kind              string `json:"kind"`
	Currency          string `json:"currency"`
	OpenedAt          string `json:"opened_at"`
	NeedsTwoApprovals bool   `json:"needs_two_approvals"`
	RejectReason      string `json:"reject_reason,omitempty"`
	GuarantorPaysBank string `json:"guarantor_pays_bank,omitempty"`
	// Borrower is the enterprise's id, what GET /v1/claims?borrower= keeps.
	Borrower           string `json:"borrower"`
	BorrowerName       string `json:"borrower_name"`
	OutstandingAtClaim string `json:"outstanding_principal"`
	NetRecoveredOnLoan string `json:"net_recovered"`
	// The review's facts beyond the state document's (SPEC §12), only on
	// claims of programs with claim_review.
	*ClaimReviewView
}

// ClaimReviewView is who reviewed a claim's dossier and how, and the
// deadline of its current step.
type ClaimReviewView struct {
	DefaultOn    string  `json:"default_on"`
	ReviewedBy   *string `json:"reviewed_by"`
	Decision     *string `json:"decision"`
	ReturnReason *string `json:"return_reason"`
	DueBy        *string `json:"due_by"`
}

// LoanView is a loan as its bank and the finance office see it.
type LoanView struct {
	LoanDoc
	Principal    string `json:"principal"`
	BorrowerName string `json:"borrower_name"`
	Sector       string `json:"sector"`
	Size         string `json:"size"`
	Guarantor    string `json:"guarantor,omitempty"`
	DaysPastDue  int32  `json:"days_past_due"`
	// DisbursedOn is the loan's date, the key GET /v1/loans?sort=date
	// orders by; in the view only, the state document is unchanged.
	DisbursedOn string `json:"disbursed_on"`
	Claim       string `json:"claim,omitempty"`
}

// Standing is an enterprise's credit standing in aggregate, for investors:
// no loan ids, no bank names.
type Standing struct {
	CoveredOutstanding string `json:"covered_outstanding"`
	Loans              int    `json:"loans"`
	WorstStatus        string `json:"worst_status"` // none, performing, overdue, defaulted, closed
	Guaranteed         bool   `json:"guaranteed"`
}

// ProjectView is a roadshow project with its enterprise's standing.
type ProjectView struct {
	ProjectDoc
	Summary   string   `json:"summary"`
	UpdatedAt string   `json:"updated_at"`
	Standing  Standing `json:"standing"`
	// Interests are the callers' standings with their names (SPEC §13),
	// for finance and the admin; the API shows a bank or an investor only
	// its own. Absent while the roadshow is not in use.
	Interests []InterestDoc `json:"interests,omitempty"`
}

// InterestDoc is one caller's standing in a project: its latest interest
// (kind and amount, null when none) and its latest commitment (null when
// none).
type InterestDoc struct {
	Caller    string  `json:"caller"`
	Kind      *string `json:"kind"`
	Amount    *string `json:"amount"`
	Committed *string `json:"committed"`
}

// FundView is a fund's page: its figures, its rules and its rounds.
type FundView struct {
	FundDoc
	Name               string          `json:"name"`
	Currency           string          `json:"currency"`
	GovernmentShareMax string          `json:"government_share_max"`
	Rounds             []InvestmentDoc `json:"rounds"`
}

// EnterpriseView is a registered enterprise as finance, the admin and the
// banks that lend to it see it; absent members are null.
type EnterpriseView struct {
	EnterpriseDoc
	Staff     *int64   `json:"staff"`
	Revenue   *string  `json:"revenue"`
	Assets    *string  `json:"assets"`
	UpdatedAt string   `json:"updated_at"`
	Banks     []string `json:"banks"` // the banks with a loan to it, sorted; a bank is shown only itself
}

// FilingView is a loan's filing as the science bureau reviews it.
type FilingView struct {
	Loan            string         `json:"loan"`
	Program         string         `json:"program"`
	Bank            string         `json:"bank"`
	Borrower        string         `json:"borrower"`
	Status          string         `json:"status"`
	FiledOn         string         `json:"filed_on"`
	Documents       []DocumentData `json:"documents"`
	Principal       string         `json:"principal"`
	Filed           string         `json:"filed"`
	Covered         bool           `json:"covered"`
	UncoveredReason string         `json:"uncovered_reason"`
	FiledAt         string         `json:"filed_at"`
	DecidedBy       *string        `json:"decided_by"`
	DecidedAt       *string        `json:"decided_at"`
	Reason          *string        `json:"reason"`
	Park            *string        `json:"park"`
	// TechSMEYear is the borrower's tech-SME year in the registry now
	// (null: not registered, or without one): the year-end list's test.
	TechSMEYear *int `json:"tech_sme_year"`
}

// QualifiedFor reports whether the filing's borrower is qualified for year
// y by the registry as the view was built.
func (v *FilingView) QualifiedFor(y int) bool {
	return v.TechSMEYear != nil && (*v.TechSMEYear == y || *v.TechSMEYear == y-1)
}

// Views is one batch of refreshed documents.
type Views struct {
	Programs    []ProgramView
	Claims      []ClaimView
	Loans       []LoanView
	Guarantors  []GuarantorDoc
	Projects    []ProjectView
	Enterprises []EnterpriseView
	Filings     []FilingView
	Subsidies   []SubsidyDoc // interest subsidies (SPEC §11)
	Funds       []FundView
}

// Views builds the documents named by changes. Ids that do not exist are
// skipped.
func (e *Engine) Views(c Changes) Views {
	var v Views
	for _, id := range c.Programs {
		if p := e.programs[id]; p != nil {
			v.Programs = append(v.Programs, e.ProgramView(p))
		}
	}
	for _, id := range c.Claims {
		if cl := e.claims[id]; cl != nil {
			v.Claims = append(v.Claims, ClaimViewOf(cl))
		}
	}
	if len(c.Loans) > 0 { // most of a batch's documents: sized once
		v.Loans = make([]LoanView, 0, len(c.Loans))
	}
	filing := len(c.Loans) > 0 && e.FilingInUse()
	for _, id := range c.Loans {
		if l := e.loans[id]; l != nil {
			v.Loans = append(v.Loans, LoanViewOf(l))
			if filing { // as the state document shows it
				v.Loans[len(v.Loans)-1].withFiling(l)
			}
			if l.Filing != nil {
				v.Filings = append(v.Filings, e.FilingViewOf(l))
			}
		}
	}
	if len(v.Loans) == 0 {
		v.Loans = nil // as when nothing is appended
	}
	for _, id := range c.Guarantors {
		if g := e.guarantors[id]; g != nil {
			v.Guarantors = append(v.Guarantors, e.GuarantorDoc(g))
		}
	}
	for _, id := range c.Projects {
		if p := e.projects[id]; p != nil {
			v.Projects = append(v.Projects, e.ProjectView(p))
		}
	}
	for _, id := range c.Enterprises {
		if x := e.enterprises[id]; x != nil {
			v.Enterprises = append(v.Enterprises, e.EnterpriseViewOf(x))
		}
	}
	for _, id := range c.Subsidies {
		if s := e.subsidies.byID[id]; s != nil {
			v.Subsidies = append(v.Subsidies, SubsidyDocOf(s))
		}
	}
	for _, id := range c.Funds {
		if f := e.funds[id]; f != nil {
			v.Funds = append(v.Funds, e.FundView(f))
		}
	}
	return v
}

// FundView builds a fund's page.
func (e *Engine) FundView(f *Fund) FundView {
	v := FundView{FundDoc: e.FundDoc(f), Name: f.Def.Name, Currency: f.Def.Currency,
		GovernmentShareMax: risk.FormatRatio(f.Def.GovernmentShareMax), Rounds: []InvestmentDoc{}}
	for _, inv := range f.order {
		v.Rounds = append(v.Rounds, InvestmentDocOf(inv))
	}
	return v
}

// InterestDocs lists a project's standings by caller.
func (e *Engine) InterestDocs(project string) []InterestDoc {
	out := []InterestDoc{}
	for _, s := range e.Interests(project) {
		d := InterestDoc{Caller: s.Caller}
		if s.Kind != "" {
			d.Kind = ptr(s.Kind)
		}
		if s.InterestAmount != nil {
			d.Amount = ptr(risk.FormatAmount(*s.InterestAmount))
		}
		if s.Committed != nil {
			d.Committed = ptr(risk.FormatAmount(*s.Committed))
		}
		out = append(out, d)
	}
	return out
}

// EnterpriseViewOf builds a registered enterprise's document.
func (e *Engine) EnterpriseViewOf(x *Enterprise) EnterpriseView {
	v := EnterpriseView{EnterpriseDoc: EnterpriseDocOf(x), UpdatedAt: x.UpdatedAt.Format("2006-01-02T15:04:05Z07:00"),
		Banks: []string{}}
	if x.HasStaff {
		v.Staff = ptr(x.Staff)
	}
	if x.HasRevenue {
		v.Revenue = ptr(risk.FormatAmount(x.Revenue))
	}
	if x.HasAssets {
		v.Assets = ptr(risk.FormatAmount(x.Assets))
	}
	if b := e.borrowers[x.ID]; b != nil {
		for _, l := range b.Loans {
			if !slices.Contains(v.Banks, l.Bank) {
				v.Banks = append(v.Banks, l.Bank)
			}
		}
		slices.Sort(v.Banks)
	}
	return v
}

// FilingViewOf builds the document of a loan's filing; the loan has one.
func (e *Engine) FilingViewOf(l *Loan) FilingView {
	f := l.Filing
	v := FilingView{Loan: l.ID, Program: l.Program.Def.ID, Bank: l.Bank, Borrower: l.Borrower.ID,
		Status: f.Status.String(), FiledOn: f.FiledOn, Documents: append([]DocumentData{}, f.Documents...),
		Principal: risk.FormatAmount(l.Principal), Filed: risk.FormatAmount(l.Filed), Covered: l.Covered,
		UncoveredReason: l.UncoveredReason, FiledAt: f.FiledAt}
	v.DecidedBy, v.DecidedAt, v.Reason, v.Park = nullable(f.DecidedBy), nullable(f.DecidedAt), nullable(f.Reason), nullable(f.Park)
	if x := e.enterprises[l.Borrower.ID]; x != nil && x.TechSMEYear != 0 {
		v.TechSMEYear = ptr(x.TechSMEYear)
	}
	return v
}

// AllChanges names every document: a read model rebuilt from scratch asks
// for all of them.
func (e *Engine) AllChanges() Changes {
	return Changes{Programs: append([]string(nil), e.programIDs...), Loans: sortedKeys(e.loans),
		Claims: sortedKeys(e.claims), Guarantors: sortedKeys(e.guarantors), Projects: sortedKeys(e.projects),
		Enterprises: sortedKeys(e.enterprises), Subsidies: sortedKeys(e.subsidies.byID),
		Funds: append([]string(nil), e.fundIDs...)}
}

// ProgramView builds a program's dashboard.
func (e *Engine) ProgramView(p *Program) ProgramView {
	v := ProgramView{ProgramDoc: e.ProgramDoc(p), Name: p.Def.Name, Currency: p.Def.Currency,
		ClaimsByStatus: map[string]int{}, BankNPLRatio: map[string]string{}}
	if t := p.Def.DualApprovalThreshold; t != nil {
		v.DualApprovalThreshold = ptr(risk.FormatAmount(*t))
	}
	// Count in an array, not the map: a program has many claims and a
	// handful of statuses.
	var byStatus [len(claimStatusNames)]int
	for _, c := range p.Claims {
		byStatus[c.Status]++
	}
	for status, n := range byStatus {
		if n > 0 {
			v.ClaimsByStatus[ClaimStatus(status).String()] = n
		}
	}
	for _, bank := range p.bankIDs {
		if npl, ok := e.BankNPLRatio(p, bank); ok {
			v.BankNPLRatio[bank] = risk.FormatRatio(npl)
		}
	}
	return v
}

// ClaimViewOf builds a claim's review document.
func ClaimViewOf(c *Claim) ClaimView {
	v := ClaimView{ClaimDoc: ClaimDocOf(c), Kind: string(c.Program.Def.Kind), Currency: c.Program.Def.Currency,
		OpenedAt: c.OpenedAt, NeedsTwoApprovals: c.needsTwoApprovals(), RejectReason: c.RejectReason,
		Borrower: c.Loan.Borrower.ID, BorrowerName: c.Loan.Borrower.Name, OutstandingAtClaim: risk.FormatAmount(c.Loan.Outstanding),
		NetRecoveredOnLoan: risk.FormatAmount(c.Loan.NetRecovered)}
	if c.Program.Def.Kind == risk.KindGuaranteeProgram {
		v.GuarantorPaysBank = GuarantorPaysBankOf(c)
	}
	if rv := c.Review; rv != nil {
		v.ClaimReviewView = &ClaimReviewView{DefaultOn: rv.DefaultOn, ReviewedBy: nullable(rv.ReviewedBy),
			Decision: nullable(rv.Decision), ReturnReason: nullable(rv.ReturnReason), DueBy: nullable(c.Deadline())}
	}
	return v
}

// LoanViewOf builds a loan's document.
func LoanViewOf(l *Loan) LoanView {
	v := LoanView{LoanDoc: LoanDocOf(l), Principal: risk.FormatAmount(l.Principal), BorrowerName: l.Borrower.Name,
		Sector: l.Borrower.Sector, Size: l.Borrower.Size, DaysPastDue: l.DaysPastDue, DisbursedOn: l.DisbursedOn}
	if l.Guarantor != nil {
		v.Guarantor = l.Guarantor.ID
	}
	if l.Claim != nil {
		v.Claim = l.Claim.ID
	}
	return v
}

// ProjectView builds a project's pipeline document with the standing of
// its enterprise.
func (e *Engine) ProjectView(p *Project) ProjectView {
	v := ProjectView{ProjectDoc: projectDocOf(p), Summary: p.Summary, UpdatedAt: p.UpdatedAt.Format("2006-01-02T15:04:05Z07:00")}
	v.Standing = e.StandingOf(p.Enterprise)
	if e.RoadshowInUse() {
		e.withRoadshow(&v.ProjectDoc, p)
		v.Interests = e.InterestDocs(p.ID)
	}
	return v
}

// StandingOf aggregates an enterprise's loans: covered outstanding in
// force, the number of loans, the worst status and whether any is guaranteed.
func (e *Engine) StandingOf(enterprise string) Standing {
	s := Standing{CoveredOutstanding: "0.00", WorstStatus: "none"}
	b := e.borrowers[enterprise]
	if b == nil {
		return s
	}
	covered := decimal.Zero
	worst := -1
	for _, l := range b.Loans {
		s.Loans++
		if l.Covered && l.Status.inForce() {
			covered = covered.Add(l.coveredPart(l.Outstanding))
		}
		if l.Guarantor != nil && l.Covered {
			s.Guaranteed = true
		}
		if rank := l.Status.rank(); rank > worst {
			worst, s.WorstStatus = rank, l.Status.String()
		}
	}
	s.CoveredOutstanding = risk.FormatAmount(covered)
	return s
}

// rank orders statuses from the best to the worst for an enterprise's
// standing: closed, performing, overdue, defaulted.
func (s LoanStatus) rank() int {
	switch s {
	case LoanPerforming:
		return 1
	case LoanOverdue:
		return 2
	case LoanDefaulted:
		return 3
	}
	return 0
}
