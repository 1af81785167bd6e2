package ledger

import (
	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// Roadshow interest inputs (银企对接, SPEC §13), judged from RulesFund on.
const (
	TypeProjectInterest  = "project.interest"
	TypeProjectCommitted = "project.committed"
	TypeProjectWithdrawn = "project.withdrawn"
)

// Kinds of interest in a project.
var InterestKinds = []string{"loan", "equity"}

// Interest is what one caller (a bank or an investor, by source) has told
// a project: its latest interest and its latest commitment. Either may be
// absent; a interest with neither is removed.
type Interest struct {
	Caller         string // the source: bank:<id> or investor:<id>
	Kind           string // of the latest project.interest, "" when none
	InterestAmount *decimal.Decimal
	Committed      *decimal.Decimal // the latest project.committed, or nil
}

// roadshowBook holds the interests by project, then caller. Its map is
// made on first use; inUse is set once any roadshow input was applied, so
// that the state document shows the aggregates only where they are used.
type roadshowBook struct {
	byProject map[string]map[string]*Interest
	inUse     bool
}

func (b *roadshowBook) interestOf(project, caller string) *Interest {
	if b.byProject == nil {
		b.byProject = map[string]map[string]*Interest{}
	}
	m := b.byProject[project]
	if m == nil {
		m = map[string]*Interest{}
		b.byProject[project] = m
	}
	s := m[caller]
	if s == nil {
		s = &Interest{Caller: caller}
		m[caller] = s
	}
	return s
}

// Interests lists a project's interests by caller.
func (e *Engine) Interests(project string) []*Interest {
	m := e.roadshow.byProject[project]
	out := make([]*Interest, 0, len(m))
	for _, c := range sortedKeys(m) {
		out = append(out, m[c])
	}
	return out
}

// Roadshow is a project's aggregates: what banks and investors see.
type Roadshow struct {
	InterestedBanks     int
	InterestedInvestors int
	Committed           decimal.Decimal
}

// RoadshowOf sums a project's interests.
func (e *Engine) RoadshowOf(project string) Roadshow {
	var r Roadshow
	for _, s := range e.roadshow.byProject[project] {
		if roleOf(s.Caller) == RoleBank {
			r.InterestedBanks++
		} else {
			r.InterestedInvestors++
		}
		if s.Committed != nil {
			r.Committed = r.Committed.Add(*s.Committed)
		}
	}
	return r
}

// CommittedShare is committed ÷ funding_sought rounded to 4 decimals, or
// nil when funding_sought is zero.
func CommittedShare(committed, sought decimal.Decimal) *string {
	if sought.Sign() == 0 {
		return nil
	}
	s := risk.FormatRatio(committed.Div(sought))
	return &s
}

// RoadshowInUse reports whether the state document shows the roadshow's
// aggregates: a fund is defined or a roadshow input was applied.
func (e *Engine) RoadshowInUse() bool { return len(e.funds) > 0 || e.roadshow.inUse }

func roleOf(source string) string {
	for i := 0; i < len(source); i++ {
		if source[i] == ':' {
			return source[:i]
		}
	}
	return source
}

// findProject checks the project field and that the project exists.
func (e *Engine) findProject(r *request) (*Project, *Reject) {
	pr := e.projects[r.data.Project]
	if pr == nil {
		return nil, reject(CodeUnknownProject, "project %s is not registered", r.data.Project)
	}
	return pr, nil
}

func (e *Engine) projectInterest(r *request) (*Reject, error) {
	d := r.data
	var f fields
	f.id("project", d.Project)
	f.oneOf("kind", d.Kind, InterestKinds...)
	f.amount("amount", d.Amount, amountOptional)
	if f.rej != nil {
		return f.rej, nil
	}
	pr, rej := e.findProject(r)
	if rej != nil {
		return rej, nil
	}
	s := e.roadshow.interestOf(pr.ID, r.in.Source)
	s.Kind, s.InterestAmount = d.Kind, nil
	if d.Amount.Set {
		v := d.Amount.Value
		s.InterestAmount = &v
	}
	e.roadshow.inUse = true
	return nil, nil
}

func (e *Engine) projectCommitted(r *request) (*Reject, error) {
	d := r.data
	var f fields
	f.id("project", d.Project)
	f.amount("amount", d.Amount, amountPositive)
	if f.rej != nil {
		return f.rej, nil
	}
	pr, rej := e.findProject(r)
	if rej != nil {
		return rej, nil
	}
	v := d.Amount.Value
	e.roadshow.interestOf(pr.ID, r.in.Source).Committed = &v
	e.roadshow.inUse = true
	return nil, nil
}

func (e *Engine) projectWithdrawn(r *request) (*Reject, error) {
	var f fields
	f.id("project", r.data.Project)
	if f.rej != nil {
		return f.rej, nil
	}
	pr, rej := e.findProject(r)
	if rej != nil {
		return rej, nil
	}
	m := e.roadshow.byProject[pr.ID]
	if m[r.in.Source] == nil {
		return reject(CodeUnknownInterest, "%s has no interest or commitment interest in project %s", r.in.Source, pr.ID), nil
	}
	delete(m, r.in.Source)
	e.roadshow.inUse = true
	return nil, nil
}
