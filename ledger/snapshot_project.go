package ledger

import (
	"errors"
)

// Projects and the project index in the engine snapshot, written and read side by side.

// projectMembers are a project's members in snapshot order.
func projectMembers(m snapMembers, p *Project, at *string) {
	m.str(&p.ID, &p.Enterprise, &p.Title)
	m.istr(&p.Sector, &p.Stage)
	m.dec(&p.FundingSought)
	m.str(&p.RoadshowOn)
	m.istr(&p.Status)
	m.str(&p.Summary)
	m.istr(&p.RegisteredBy)
	m.updatedAt(&p.UpdatedAt, at)
}

func readProjects(r *snapReader, e *Engine, n int) error {
	var at string
	return readEach(r, "project", fresh[Project](n), func(p *Project) { projectMembers(snapMembers{r: r}, p, &at) },
		func(p *Project) error { return checkUpdatedAt("project", p.ID, at, &p.UpdatedAt) },
		func(p *Project) string { return p.ID }, e.projects)
}

func (e *Engine) writeProjectIndex(w *snapWriter) {
	enterprises := sortedKeys(e.projectsByEnterprise)
	w.count(len(enterprises))
	for _, ent := range enterprises {
		w.str(ent)
		w.strs(e.projectsByEnterprise[ent])
	}
}

func readProjectIndex(r *snapReader, e *Engine) error {
	n := r.count()
	for range n {
		ent := r.str()
		ids := r.strs()
		if r.err != nil {
			return nil
		}
		e.projectsByEnterprise[ent] = ids
	}
	if len(e.projectsByEnterprise) != n {
		return errors.New("repeated enterprises in the project index")
	}
	return nil
}
