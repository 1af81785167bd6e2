package readmodel

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/techcredit/techcredit/ledger"
)

// subsidyWorld is a seeded set of subsidies put in batches, each batch
// moving some of them to another status, as approvals and fundings do.
func subsidyWorld(seed uint64) [][]ledger.SubsidyDoc {
	r := rand.New(rand.NewPCG(seed, 1))
	statuses := []string{"pending", "awaiting_second_approval", "queued", "paid", "rejected"}
	var all []ledger.SubsidyDoc
	var batches [][]ledger.SubsidyDoc
	for range 30 {
		var batch []ledger.SubsidyDoc
		for range 1 + r.IntN(5) {
			bank := fmt.Sprintf("b%d", r.IntN(3))
			d := ledger.SubsidyDoc{Program: fmt.Sprintf("p%d", r.IntN(2)), Loan: fmt.Sprintf("%s-L%d", bank, r.IntN(40)),
				Bank: bank, Year: 2024 + r.IntN(3), Status: "pending", Amount: "1.00", Approvals: []string{}}
			d.ID = fmt.Sprintf("%s/%s/%d", d.Program, d.Loan, d.Year)
			all = append(all, d)
			batch = append(batch, d)
		}
		for range r.IntN(4) {
			d := all[r.IntN(len(all))]
			d.Status = statuses[r.IntN(len(statuses))]
			batch = append(batch, d)
		}
		batches = append(batches, batch)
	}
	return batches
}

// subsidyFilters are the queries worth asking of subsidyWorld, unknown
// values included.
func subsidyFilters() []SubsidyQuery {
	var out []SubsidyQuery
	for _, bank := range []string{"", "b0", "b2", "b9"} {
		for _, program := range []string{"", "p1", "p9"} {
			for _, status := range []string{"", "pending", "paid", "rejected"} {
				for _, year := range []int{0, 2025, 2030} {
					out = append(out, SubsidyQuery{Bank: bank, Program: program, Status: status, Year: year})
				}
			}
		}
	}
	return out
}

// TestSubsidyIndexesEqualScans: every filter's pages, followed through
// the cursor, are what a scan of every subsidy keeps.
func TestSubsidyIndexesEqualScans(t *testing.T) {
	m, ctx := NewMemory(), context.Background()
	for _, b := range subsidyWorld(7) {
		if err := m.Put(ctx, ledger.Views{Subsidies: b}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range subsidyFilters() {
		want := func() []ledger.SubsidyDoc {
			m.mu.RLock()
			defer m.mu.RUnlock()
			return scan(&m.subsidies, "", -1, func(s *ledger.SubsidyDoc) bool {
				return (q.Bank == "" || s.Bank == q.Bank) && (q.Program == "" || s.Program == q.Program) &&
					(q.Status == "" || s.Status == q.Status) && (q.Year == 0 || s.Year == q.Year)
			})
		}()
		got := []ledger.SubsidyDoc{}
		for q.Limit = 3; ; {
			page, _ := m.Subsidies(ctx, q)
			got = append(got, page...)
			if len(page) < q.Limit {
				break
			}
			q.After = page[len(page)-1].ID
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("subsidies %+v: got %d documents, want %d", q, len(got), len(want))
		}
	}
	if all, _ := m.Subsidies(ctx, SubsidyQuery{}); len(all) < 30 {
		t.Errorf("got %d subsidies, want at least one per batch", len(all))
	}
	if d, ok, _ := m.Subsidy(ctx, subsidyWorld(7)[0][0].ID); !ok || d.Bank == "" {
		t.Errorf("subsidy by id: got %+v %v", d, ok)
	}
	if _, ok, _ := m.Subsidy(ctx, "p0/none/2026"); ok {
		t.Error("subsidy p0/none/2026 found, never stored")
	}
}
