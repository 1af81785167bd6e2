package ledger

import (
	"maps"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// The dashboards count claims by status and rank loans by status without
// maps; they must give what counting and ranking through maps gives.
func TestViewsCountAsMapsWould(t *testing.T) {
	dirs, err := filepath.Glob(examples + "*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			e := replayDir(t, dir)
			for _, id := range e.programIDs {
				p := e.programs[id]
				want := map[string]int{}
				for _, c := range p.Claims {
					want[c.Status.String()]++
				}
				if got := e.ProgramView(p).ClaimsByStatus; !maps.Equal(got, want) {
					t.Errorf("program %s: claims by status %v, want %v", id, got, want)
				}
			}
			for id := range e.borrowers {
				if got, want := e.StandingOf(id), standingThroughMap(e, id); got != want {
					t.Errorf("enterprise %s: standing %+v, want %+v", id, got, want)
				}
			}
		})
	}
}

// standingThroughMap is StandingOf as first written, ranking through a map.
func standingThroughMap(e *Engine, enterprise string) Standing {
	s := Standing{CoveredOutstanding: "0.00", WorstStatus: "none"}
	b := e.borrowers[enterprise]
	if b == nil {
		return s
	}
	covered := decimal.Zero
	worst := -1
	rank := map[LoanStatus]int{LoanClosed: 0, LoanPerforming: 1, LoanOverdue: 2, LoanDefaulted: 3}
	for _, l := range b.Loans {
		s.Loans++
		if l.Covered && l.Status.inForce() {
			covered = covered.Add(l.coveredPart(l.Outstanding))
		}
		if l.Guarantor != nil && l.Covered {
			s.Guaranteed = true
		}
		if rank[l.Status] > worst {
			worst, s.WorstStatus = rank[l.Status], l.Status.String()
		}
	}
	s.CoveredOutstanding = risk.FormatAmount(covered)
	return s
}
