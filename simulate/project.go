package simulate

import (
	"github.com/techcredit/techcredit/ledger"
)

// projectSim is a roadshow project an admin registers for a borrower and
// then moves through the pipeline: listed, roadshow, in-talks, and funded
// or withdrawn.
type projectSim struct {
	id         string
	enterprise borrower
	registered bool
	status     int // index in ledger.ProjectStatuses
	stage      int // index in ledger.ProjectStages
	updates    int // still to come
}

func (s *Stream) startProject(b borrower) {
	s.projs++
	pr := &projectSim{id: "rp-" + string(appendPadded(nil, s.projs, 6)), enterprise: b,
		stage: s.rng.IntN(len(ledger.ProjectStages)), updates: s.rng.IntN(4)}
	s.schedule(event{at: s.later(0, 60), kind: evProject, proj: pr})
}

func (s *Stream) advanceProject(pr *projectSim) {
	if !pr.registered {
		s.registerProject(pr)
	} else {
		s.updateProject(pr)
	}
	if pr.updates > 0 {
		pr.updates--
		s.schedule(event{at: s.later(20, 90), kind: evProject, proj: pr})
	}
}

func (s *Stream) registerProject(pr *projectSim) {
	sec := sectors[pr.enterprise.sector]
	ln := s.begin(s.w.admin, ledger.TypeProjectRegistered, "")
	ln.str("project", pr.id)
	ln.str("enterprise", pr.enterprise.id)
	ln.str("title", sec.project+"项目 ("+pr.enterprise.name+")")
	ln.str("sector", sec.id)
	ln.str("stage", ledger.ProjectStages[pr.stage])
	ln.money("funding_sought", s.between(5, 200)*millionYuan, true)
	if s.rng.IntN(2) == 0 {
		ln.date("roadshow_on", s.now+s.between(10, 60)*day)
	}
	ln.str("status", ledger.ProjectStatuses[0])
	ln.str("summary", pr.enterprise.name+"拟融资用于"+sec.project+"的研发与产业化。")
	s.finish(ledger.TypeProjectRegistered)
	pr.registered = true
	s.stats.Projects++
}

// updateProject sends only what changed (a partial update): the next
// status, sometimes a later stage or a revised amount.
func (s *Stream) updateProject(pr *projectSim) {
	if pr.status < 3 {
		pr.status++
	}
	status := ledger.ProjectStatuses[pr.status]
	if pr.status == 3 && s.rng.IntN(5) == 0 {
		status = ledger.ProjectStatuses[4] // withdrawn
		pr.updates = 0
	}
	ln := s.begin(s.w.admin, ledger.TypeProjectUpdated, "")
	ln.str("project", pr.id)
	ln.str("status", status)
	if status == "roadshow" {
		ln.date("roadshow_on", s.now+s.between(7, 30)*day)
	}
	if pr.stage < len(ledger.ProjectStages)-1 && s.rng.IntN(5) == 0 {
		pr.stage++
		ln.str("stage", ledger.ProjectStages[pr.stage])
	}
	if s.rng.IntN(10) < 3 {
		ln.money("funding_sought", s.between(5, 200)*millionYuan, false)
	}
	s.finish(ledger.TypeProjectUpdated)
}
