package api

import (
	"net/http"
	"slices"
	"sort"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/risk"
)

// The pipeline (SPEC §9) shows investors roadshow projects with their
// enterprise's credit standing in aggregate: ledger.ProjectView carries no
// loan id and no bank name, by construction.

// filterBytesMax bounds a ?sector= filter.
const filterBytesMax = 200

type projectsResponse struct {
	Projects  []ledger.ProjectView `json:"projects"`
	NextAfter *string              `json:"next_after"`
}

// projectQuery reads ?sector=&stage=.
func projectQuery(r *http.Request) (readmodel.ProjectQuery, error) {
	q := readmodel.ProjectQuery{Sector: r.URL.Query().Get("sector"), Stage: r.URL.Query().Get("stage")}
	if len(q.Sector) > filterBytesMax {
		return q, errorf(CodeBadRequest, "sector is longer than %d bytes", filterBytesMax)
	}
	if q.Stage != "" && !slices.Contains(ledger.ProjectStages, q.Stage) {
		return q, errorf(CodeBadRequest, "stage %q must be one of %v", q.Stage, ledger.ProjectStages)
	}
	return q, nil
}

// getPipeline lists projects in the order ?sort= (by id unless told;
// amount is funding_sought, date roadshow_on), optionally of one sector
// and stage.
func (s *server) getPipeline(w http.ResponseWriter, r *http.Request, sub Subject) error {
	q, err := projectQuery(r) // its filters are checked before the page
	if err != nil {
		return err
	}
	return list[readmodel.ProjectQuery, ledger.ProjectView]{
		query: func(l listReq, _ Subject) (readmodel.ProjectQuery, error) {
			q.Sort, q.After, q.Limit = l.sort, l.after, l.limit
			return q, nil
		},
		read: s.cfg.Views.Projects, pos: readmodel.ProjectPosition,
		respond: func(docs []ledger.ProjectView, next *string) any {
			for i := range docs {
				forCaller(&docs[i], sub)
			}
			return projectsResponse{Projects: docs, NextAfter: next}
		}}.serve(w, r, sub)
}

func projectID(p *ledger.ProjectView) string { return p.ID }

// getProject returns one project.
func (s *server) getProject(w http.ResponseWriter, r *http.Request, sub Subject) error {
	id, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	p, err := readDoc(r, s.cfg.Views.Project, "project", id, nil)
	if err != nil {
		return err
	}
	forCaller(&p, sub)
	writeJSON(w, http.StatusOK, p)
	return nil
}

// Bucket is one group of pipeline statistics.
type Bucket struct {
	Key           string `json:"key"`
	Projects      int    `json:"projects"`
	FundingSought string `json:"funding_sought"`
}

// PipelineStats are counts and funding sought of the pipeline's projects,
// in total and by sector, stage, status and the enterprise's worst loan
// status (standing).
type PipelineStats struct {
	Projects      int      `json:"projects"`
	FundingSought string   `json:"funding_sought"`
	BySector      []Bucket `json:"by_sector"`
	ByStage       []Bucket `json:"by_stage"`
	ByStatus      []Bucket `json:"by_status"`
	ByStanding    []Bucket `json:"by_standing"`
	// Committed is Σ the investors' standing commitments (SPEC §13);
	// Coverage is Committed ÷ FundingSought, null when that is zero.
	Committed string  `json:"committed"`
	Coverage  *string `json:"coverage"`
}

// standings are the worst loan statuses of ledger.Standing, best first.
var standings = []string{"none", "performing", "closed", "overdue", "defaulted"}

// getPipelineStats aggregates the projects matching ?sector=&stage=. Stages,
// statuses and standings are listed in their fixed order (zeros included),
// sectors by name.
func (s *server) getPipelineStats(w http.ResponseWriter, r *http.Request, _ Subject) error {
	q, err := projectQuery(r)
	if err != nil {
		return err
	}
	all, err := filterPages(r, page{Limit: -1}, func(after string) ([]ledger.ProjectView, error) {
		q.After, q.Limit = after, readmodel.ListLimitMax
		return s.cfg.Views.Projects(r.Context(), q)
	}, projectID, func(*ledger.ProjectView) bool { return true })
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, pipelineStats(all))
	return nil
}

func pipelineStats(projects []ledger.ProjectView) PipelineStats {
	type acc struct {
		n   int
		sum decimal.Decimal
	}
	total, committed := acc{}, decimal.Zero
	groups := [4]map[string]*acc{{}, {}, {}, {}}
	for _, p := range projects {
		amount, err := risk.ParseAmount(p.FundingSought)
		if err != nil {
			amount = decimal.Zero // the engine formats every amount: unreachable
		}
		total.n, total.sum = total.n+1, total.sum.Add(amount)
		if p.Committed != nil {
			if c, err := risk.ParseAmount(*p.Committed); err == nil {
				committed = committed.Add(c)
			}
		}
		for i, key := range [4]string{p.Sector, p.Stage, p.Status, p.Standing.WorstStatus} {
			a := groups[i][key]
			if a == nil {
				a = &acc{}
				groups[i][key] = a
			}
			a.n, a.sum = a.n+1, a.sum.Add(amount)
		}
	}
	buckets := func(m map[string]*acc, order []string) []Bucket {
		if order == nil {
			for k := range m {
				order = append(order, k)
			}
			sort.Strings(order)
		}
		out := make([]Bucket, 0, len(order))
		for _, k := range order {
			b := Bucket{Key: k, FundingSought: "0.00"}
			if a := m[k]; a != nil {
				b.Projects, b.FundingSought = a.n, risk.FormatAmount(a.sum)
			}
			out = append(out, b)
		}
		return out
	}
	return PipelineStats{Projects: total.n, FundingSought: risk.FormatAmount(total.sum),
		Committed: risk.FormatAmount(committed), Coverage: ledger.CommittedShare(committed, total.sum),
		BySector: buckets(groups[0], nil), ByStage: buckets(groups[1], ledger.ProjectStages),
		ByStatus: buckets(groups[2], ledger.ProjectStatuses), ByStanding: buckets(groups[3], standings)}
}

// forCaller keeps the names of a project's interested callers for finance
// and the admin; a bank or an investor sees the aggregates and only its
// own standing, never another caller's name (SPEC §13).
func forCaller(p *ledger.ProjectView, sub Subject) {
	if sub.Role == RoleFinance || sub.Role == RoleAdmin || p.Interests == nil {
		return
	}
	own := []ledger.InterestDoc{}
	for _, in := range p.Interests {
		if in.Caller == sub.String() {
			own = append(own, in)
		}
	}
	p.Interests = own
}
