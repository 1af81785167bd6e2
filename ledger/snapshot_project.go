package ledger

import (
	"errors"
)

// Projects and the project index in the engine snapshot, written and read side by side.

// projectMembers are a project's members in snapshot order.
func projectMembers(m snapMembers, p *Project, at *string) {
	m.str(&p.ID)
	m.str(&p.Enterprise)
	m.str(&p.Title)
	m.istr(&p.Sector)
	m.istr(&p.Stage)
	m.dec(&p.FundingSought)
	m.str(&p.RoadshowOn)
	m.istr(&p.Status)
	m.str(&p.Summary)
	m.istr(&p.RegisteredBy)
	m.updatedAt(&p.UpdatedAt, at)
}

func writeProject(w *snapWriter, p *Project) {
	var at string
	projectMembers(snapMembers{w: w}, p, &at)
}

func readProjects(r *snapReader, e *Engine, n int) error {
	var prev string
	for range n {
		p := &Project{}
		var at string
		projectMembers(snapMembers{r: r}, p, &at)
		if r.err != nil {
			return nil
		}
		if err := checkUpdatedAt("project", p.ID, at, &p.UpdatedAt); err != nil {
			return err
		}
		if err := checkOrder("project", &prev, p.ID); err != nil {
			return err
		}
		e.projects[p.ID] = p
	}
	return nil
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
