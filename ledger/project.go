package ledger

import "slices"

// Project stages and statuses of the roadshow pipeline.
var (
	ProjectStages   = []string{"research", "pilot", "industrialization", "scale-up"}
	ProjectStatuses = []string{"listed", "roadshow", "in-talks", "funded", "withdrawn"}
)

func (e *Engine) projectRegistered(r *request) (*Reject, error) {
	d := r.data
	var f fields
	f.id("project", d.Project)
	f.id("enterprise", d.Enterprise)
	f.shortText(r.in, "title", d.Title, true)
	f.shortText(r.in, "sector", d.Sector, true)
	f.oneOf("stage", d.Stage, ProjectStages...)
	f.amount("funding_sought", d.FundingSought, amountRequired)
	f.calendarDate(r.in, "roadshow_on", d.RoadshowOn, false)
	f.oneOf("status", d.Status, ProjectStatuses...)
	f.text(r.in, "summary", d.Summary, false)
	if f.rej != nil {
		return f.rej, nil
	}
	if _, ok := e.projects[d.Project]; ok {
		return reject(CodeDuplicateProject, "project %s is already registered; send project.updated", d.Project), nil
	}
	e.projects[d.Project] = &Project{ID: d.Project, Enterprise: d.Enterprise, Title: d.Title, Sector: d.Sector,
		Stage: d.Stage, FundingSought: d.FundingSought.Value, RoadshowOn: d.RoadshowOn, Status: d.Status,
		Summary: d.Summary, RegisteredBy: r.in.Source, UpdatedAt: r.in.At}
	e.indexProject(d.Project, "", d.Enterprise)
	return nil, nil
}

// projectUpdated changes the fields it carries and leaves the others as
// they are (a partial update, as PATCH /v1/pipeline/{id}).
func (e *Engine) projectUpdated(r *request) (*Reject, error) {
	d := r.data
	var f fields
	f.id("project", d.Project)
	if d.Enterprise != "" {
		f.id("enterprise", d.Enterprise)
	}
	f.shortText(r.in, "title", d.Title, false)
	f.shortText(r.in, "sector", d.Sector, false)
	if d.Stage != "" {
		f.oneOf("stage", d.Stage, ProjectStages...)
	}
	f.amount("funding_sought", d.FundingSought, amountOptional)
	f.calendarDate(r.in, "roadshow_on", d.RoadshowOn, false)
	if d.Status != "" {
		f.oneOf("status", d.Status, ProjectStatuses...)
	}
	f.text(r.in, "summary", d.Summary, false)
	if f.rej != nil {
		return f.rej, nil
	}
	pr := e.projects[d.Project]
	if pr == nil {
		return reject(CodeUnknownProject, "project %s is not registered", d.Project), nil
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	e.indexProject(pr.ID, pr.Enterprise, d.Enterprise)
	set(&pr.Enterprise, d.Enterprise)
	set(&pr.Title, d.Title)
	set(&pr.Sector, d.Sector)
	set(&pr.Stage, d.Stage)
	set(&pr.RoadshowOn, d.RoadshowOn)
	set(&pr.Status, d.Status)
	set(&pr.Summary, d.Summary)
	pr.FundingSought = d.FundingSought.valueOr(pr.FundingSought)
	pr.UpdatedAt = r.in.At
	return nil, nil
}

// indexProject moves a project from one enterprise's list to another's.
func (e *Engine) indexProject(id, from, to string) {
	if to == "" || to == from {
		return
	}
	if from != "" {
		e.projectsByEnterprise[from] = slices.DeleteFunc(e.projectsByEnterprise[from], func(p string) bool { return p == id })
	}
	e.projectsByEnterprise[to] = append(e.projectsByEnterprise[to], id)
	e.noteProjectBorrower(to)
}
