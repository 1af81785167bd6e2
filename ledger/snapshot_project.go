package ledger

import (
	"errors"
	"fmt"
	"time"
)

// Projects and the project index in the engine snapshot, written and read side by side.

func writeProject(w *snapWriter, p *Project) {
	w.str(p.ID)
	w.str(p.Enterprise)
	w.str(p.Title)
	w.str(p.Sector)
	w.str(p.Stage)
	w.dec(p.FundingSought)
	w.str(p.RoadshowOn)
	w.str(p.Status)
	w.str(p.Summary)
	w.str(p.RegisteredBy)
	w.str(p.UpdatedAt.Format(time.RFC3339Nano))
}

func readProjects(r *snapReader, e *Engine, n int) error {
	var prev string
	for range n {
		p := &Project{}
		p.ID, p.Enterprise, p.Title, p.Sector, p.Stage = r.str(), r.str(), r.str(), r.istr(), r.istr()
		p.FundingSought = r.dec()
		p.RoadshowOn, p.Status, p.Summary, p.RegisteredBy = r.str(), r.istr(), r.str(), r.istr()
		at := r.str()
		if r.err != nil {
			return nil
		}
		t, err := time.Parse(time.RFC3339Nano, at)
		if err != nil {
			return fmt.Errorf("project %s: updated_at: %w", p.ID, err)
		}
		p.UpdatedAt = t
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
