package ledger

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"sort"

	"github.com/techcredit/techcredit/risk"
)

// State is the document of SPEC §7: the whole state of the engine in a form
// that is byte-identical for the same inputs. Arrays are sorted by id.
type State struct {
	Inputs     int64          `json:"inputs"`
	Applied    int64          `json:"applied"`
	Duplicates int64          `json:"duplicates"`
	Rejected   []RejectedDoc  `json:"rejected"`
	Programs   []ProgramDoc   `json:"programs"`
	Claims     []ClaimDoc     `json:"claims"`
	Loans      []LoanDoc      `json:"loans"`
	Guarantors []GuarantorDoc `json:"guarantors"`
	// Enterprises is the registry (SPEC §10), listed when filing is in
	// use: a program has filing or an enterprise is registered; else
	// omitted, so that the state of a deployment without filing stays as
	// it was before filing.
	Enterprises *[]EnterpriseDoc `json:"enterprises,omitempty"`
	// Subsidies is absent when no program offers an interest subsidy.
	Subsidies *[]SubsidyDoc `json:"subsidies,omitempty"`
	// Funds is absent when the programs file has no funds (SPEC §13).
	Funds    *[]FundDoc   `json:"funds,omitempty"`
	Projects []ProjectDoc `json:"projects"`
	Ledger   LedgerDoc    `json:"ledger"`
}

// RejectedDoc is one rejected input.
type RejectedDoc struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Type   string `json:"type"`
	Code   string `json:"code"`
}

// ProgramDoc is a program's pool, leverage and counts. Leverage is null
// while the pool is empty; max_leverage and headroom are null when the
// program sets no leverage limit.
type ProgramDoc struct {
	ID                 string  `json:"id"`
	Kind               string  `json:"kind"`
	PoolBalance        string  `json:"pool_balance"`
	Funded             string  `json:"funded"`
	Paid               string  `json:"paid"`
	Recovered          string  `json:"recovered"`
	Owed               string  `json:"owed"`
	CoveredOutstanding string  `json:"covered_outstanding"`
	Leverage           *string `json:"leverage"`
	MaxLeverage        *string `json:"max_leverage"`
	Headroom           *string `json:"headroom"`
	Loans              int     `json:"loans"`
	CoveredLoans       int     `json:"covered_loans"`
	// The subsidy budget (SPEC §11): only in programs with interest_subsidy.
	SubsidyBalance *string `json:"subsidy_balance,omitempty"`
	SubsidyFunded  *string `json:"subsidy_funded,omitempty"`
	SubsidyPaid    *string `json:"subsidy_paid,omitempty"`
	SubsidyOwed    *string `json:"subsidy_owed,omitempty"`
}

// ClaimDoc is a claim with its split in the program's party order.
type ClaimDoc struct {
	ID        string    `json:"id"`
	Program   string    `json:"program"`
	Loan      string    `json:"loan"`
	Bank      string    `json:"bank"`
	Status    string    `json:"status"`
	Loss      string    `json:"loss"`
	Shares    SharesDoc `json:"shares"`
	Payable   string    `json:"payable"`
	Paid      string    `json:"paid"`
	Owed      string    `json:"owed"`
	Recovered string    `json:"recovered"`
	Approvals []string  `json:"approvals"`
	// The dossier review (SPEC §12), only on claims of programs with
	// claim_review: a nil embedded pointer writes none of its members, so
	// the documents of programs without it stay byte-identical.
	*ClaimReviewDoc
}

// ClaimReviewDoc is a claim's dossier and deadlines; null until the step
// that sets them.
type ClaimReviewDoc struct {
	SubmitBy    string         `json:"submit_by"`
	ReviewBy    *string        `json:"review_by"`
	DecideBy    *string        `json:"decide_by"`
	SubmittedOn *string        `json:"submitted_on"`
	ReviewedOn  *string        `json:"reviewed_on"`
	Documents   []DocumentData `json:"documents"`
}

func claimReviewDocOf(rv *ClaimReview) *ClaimReviewDoc {
	if rv == nil {
		return nil
	}
	return &ClaimReviewDoc{SubmitBy: rv.SubmitBy, ReviewBy: nullable(rv.ReviewBy), DecideBy: nullable(rv.DecideBy),
		SubmittedOn: nullable(rv.SubmittedOn), ReviewedOn: nullable(rv.ReviewedOn),
		Documents: append([]DocumentData{}, rv.Documents...)}
}

// nullable is nil for "": an absent value is null (SPEC §15).
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// SharesDoc is an ordered JSON object of party → amount.
type SharesDoc []risk.Share

// MarshalJSON writes the parties in order, amounts with two decimals.
func (s SharesDoc) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, sh := range s {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(sh.Party)
		b.Write(k)
		b.WriteString(`:"`)
		b.WriteString(risk.FormatAmount(sh.Amount))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// LoanDoc is a loan as the state lists it.
type LoanDoc struct {
	ID              string `json:"id"`
	Program         string `json:"program"`
	Bank            string `json:"bank"`
	Borrower        string `json:"borrower"`
	Status          string `json:"status"`
	Outstanding     string `json:"outstanding"`
	Covered         bool   `json:"covered"`
	UncoveredReason string `json:"uncovered_reason"`
	// Filing and Filed are listed when filing is in use (State.Enterprises).
	Filing *string `json:"filing,omitempty"`
	Filed  *string `json:"filed,omitempty"`
}

// EnterpriseDoc is a registered enterprise; absent members are null.
type EnterpriseDoc struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	Sector        string  `json:"sector"`
	Size          string  `json:"size"`
	Park          *string `json:"park"`
	TechSMENumber *string `json:"tech_sme_number"`
	TechSMEYear   *int    `json:"tech_sme_year"`
}

// EnterpriseDocOf describes a registered enterprise.
func EnterpriseDocOf(x *Enterprise) EnterpriseDoc {
	d := EnterpriseDoc{ID: x.ID, Name: x.Name, Sector: x.Sector, Size: x.Size}
	if x.Park != "" {
		d.Park = ptr(x.Park)
	}
	if x.TechSMENumber != "" {
		d.TechSMENumber, d.TechSMEYear = ptr(x.TechSMENumber), ptr(x.TechSMEYear)
	}
	return d
}

// FilingInUse reports whether a program has filing or an enterprise is
// registered: the state document then lists the registry and each loan's
// filing and filed amount.
func (e *Engine) FilingInUse() bool {
	if len(e.enterprises) > 0 {
		return true
	}
	for _, p := range e.programs {
		if p.Def.Filing != nil {
			return true
		}
	}
	return false
}

// GuarantorDoc is a guarantor's leverage; net_assets and leverage are null
// while its net assets are unknown.
type GuarantorDoc struct {
	ID        string  `json:"id"`
	NetAssets *string `json:"net_assets"`
	Liability string  `json:"liability"`
	Leverage  *string `json:"leverage"`
	Limit     string  `json:"limit"`
	// Partition names the journal partition whose engine wrote the
	// document, for read models: in the Kafka mode a guarantor's loans
	// lie on several partitions, each engine publishes its part, and the
	// read model serves the parts merged (MergeGuarantorDocs).
	Partition string `json:"-"`
}

// ProjectDoc is a roadshow project.
type ProjectDoc struct {
	ID            string `json:"id"`
	Enterprise    string `json:"enterprise"`
	Title         string `json:"title"`
	Sector        string `json:"sector"`
	Stage         string `json:"stage"`
	FundingSought string `json:"funding_sought"`
	RoadshowOn    string `json:"roadshow_on"`
	Status        string `json:"status"`
	// The roadshow's aggregates (SPEC §13), listed when it is in use
	// (Engine.RoadshowInUse), so that earlier documents stay as they were.
	InterestedBanks     *int             `json:"interested_banks,omitempty"`
	InterestedInvestors *int             `json:"interested_investors,omitempty"`
	Committed           *string          `json:"committed,omitempty"`
	CommittedShare      *json.RawMessage `json:"committed_share,omitempty"`
}

// LedgerDoc summarises the book.
type LedgerDoc struct {
	Balanced     bool  `json:"balanced"`
	Transactions int64 `json:"transactions"`
}

// State builds the state document. It reads everything, so it is for
// replays, tests and snapshots, not for every input.
func (e *Engine) State() *State {
	s := &State{Inputs: e.inputs, Applied: e.applied, Duplicates: e.duplicates,
		Rejected: []RejectedDoc{}, Programs: []ProgramDoc{}, Claims: []ClaimDoc{}, Loans: []LoanDoc{},
		Guarantors: []GuarantorDoc{}, Projects: []ProjectDoc{},
		Ledger: LedgerDoc{Balanced: e.book.Balanced(), Transactions: e.book.Transactions()}}
	rejected := append([]Rejection(nil), e.rejected...)
	sort.SliceStable(rejected, func(i, j int) bool {
		if rejected[i].ID != rejected[j].ID {
			return rejected[i].ID < rejected[j].ID
		}
		return rejected[i].Source < rejected[j].Source
	})
	for _, r := range rejected {
		s.Rejected = append(s.Rejected, RejectedDoc{ID: r.ID, Source: r.Source, Type: r.Type, Code: r.Code.String()})
	}
	for _, id := range e.programIDs {
		s.Programs = append(s.Programs, e.ProgramDoc(e.programs[id]))
	}
	for _, id := range sortedKeys(e.claims) {
		s.Claims = append(s.Claims, ClaimDocOf(e.claims[id]))
	}
	filing := e.FilingInUse()
	for _, id := range sortedKeys(e.loans) {
		d := LoanDocOf(e.loans[id])
		if filing {
			d.withFiling(e.loans[id])
		}
		s.Loans = append(s.Loans, d)
	}
	for _, id := range sortedKeys(e.guarantors) {
		s.Guarantors = append(s.Guarantors, e.GuarantorDoc(e.guarantors[id]))
	}
	if filing {
		docs := make([]EnterpriseDoc, 0, len(e.enterprises))
		for _, id := range sortedKeys(e.enterprises) {
			docs = append(docs, EnterpriseDocOf(e.enterprises[id]))
		}
		s.Enterprises = &docs
	}
	s.Subsidies = e.subsidyDocs()
	s.Funds = e.fundDocs()
	roadshow := e.RoadshowInUse()
	for _, id := range sortedKeys(e.projects) {
		p := e.projects[id]
		d := projectDocOf(p)
		if roadshow {
			e.withRoadshow(&d, p)
		}
		s.Projects = append(s.Projects, d)
	}
	return s
}

// projectDocOf describes a project as the state document lists it,
// without the roadshow's aggregates (withRoadshow adds them).
func projectDocOf(p *Project) ProjectDoc {
	return ProjectDoc{ID: p.ID, Enterprise: p.Enterprise, Title: p.Title, Sector: p.Sector, Stage: p.Stage,
		FundingSought: risk.FormatAmount(p.FundingSought), RoadshowOn: p.RoadshowOn, Status: p.Status}
}

// ProgramDoc describes one program's pool and leverage.
func (e *Engine) ProgramDoc(p *Program) ProgramDoc {
	balance, covered := e.PoolBalance(p), e.CoveredOutstanding(p)
	d := ProgramDoc{ID: p.Def.ID, Kind: string(p.Def.Kind), PoolBalance: risk.FormatAmount(balance),
		Funded: risk.FormatAmount(e.Funded(p)), Paid: risk.FormatAmount(p.Paid),
		Recovered: risk.FormatAmount(p.Recovered), Owed: risk.FormatAmount(e.Owed(p)),
		CoveredOutstanding: risk.FormatAmount(covered), Loans: p.Loans, CoveredLoans: p.CoveredLoans}
	if lev, ok := risk.Quotient(covered, balance); ok {
		d.Leverage = ptr(risk.FormatRatio(lev))
	}
	if m := p.Def.MaxLeverage; m != nil {
		d.MaxLeverage = ptr(risk.FormatRatio(*m))
		d.Headroom = ptr(risk.FormatAmount(risk.PoolHeadroom(*m, balance, covered)))
	}
	e.addSubsidyFigures(&d, p)
	return d
}

// ClaimDocOf describes a claim.
func ClaimDocOf(c *Claim) ClaimDoc {
	return ClaimDoc{ID: c.ID, Program: c.Program.Def.ID, Loan: c.Loan.ID, Bank: c.Loan.Bank,
		Status: c.Status.String(), Loss: risk.FormatAmount(c.Assessment.Loss), Shares: c.Assessment.Shares,
		Payable: risk.FormatAmount(c.Assessment.Payable), Paid: risk.FormatAmount(c.Paid),
		Owed: risk.FormatAmount(c.Owed), Recovered: risk.FormatAmount(c.Recovered),
		Approvals: append([]string{}, c.Approvals...), ClaimReviewDoc: claimReviewDocOf(c.Review)}
}

// LoanDocOf describes a loan.
func LoanDocOf(l *Loan) LoanDoc {
	return LoanDoc{ID: l.ID, Program: l.Program.Def.ID, Bank: l.Bank, Borrower: l.Borrower.ID,
		Status: l.Status.String(), Outstanding: risk.FormatAmount(l.Outstanding), Covered: l.Covered,
		UncoveredReason: l.UncoveredReason}
}

// withFiling adds the loan's filing status and filed amount.
func (d *LoanDoc) withFiling(l *Loan) {
	d.Filing, d.Filed = ptr(l.filingState().String()), ptr(risk.FormatAmount(l.Filed))
}

// GuarantorDoc describes a guarantor's leverage.
func (e *Engine) GuarantorDoc(g *Guarantor) GuarantorDoc {
	d := GuarantorDoc{ID: g.ID, Liability: risk.FormatAmount(e.GuarantorLiability(g)),
		Limit: risk.FormatRatio(e.GuarantorLimit(g))}
	if g.NetAssetsKnown {
		d.NetAssets = ptr(risk.FormatAmount(g.NetAssets))
	}
	if lev, ok := e.GuarantorLeverage(g); ok {
		d.Leverage = ptr(risk.FormatRatio(lev))
	}
	return d
}

// MarshalState writes the state document as indented JSON ending in a newline.
func MarshalState(s *State) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func ptr[T any](v T) *T { return &v }
