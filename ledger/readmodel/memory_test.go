package readmodel

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/techcredit/techcredit/ledger"
)

// The unindexed filters, as Memory answered before it had indexes: read
// every document in id order after the cursor and keep those that match.
// They are the reference the indexes must agree with, and the scan that
// BenchmarkPostingWhileBanksPage measures against.

func scanClaims(m *Memory, q ClaimQuery) []ledger.ClaimView {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return scan(&m.claims, q.After, q.Limit, func(c *ledger.ClaimView) bool {
		return (q.Bank == "" || c.Bank == q.Bank) && (q.Status == "" || c.Status == q.Status) &&
			(q.Program == "" || c.Program == q.Program)
	})
}

func scanLoans(m *Memory, q LoanQuery) []ledger.LoanView {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return scan(&m.loans, q.After, q.Limit, func(l *ledger.LoanView) bool { return q.Bank == "" || l.Bank == q.Bank })
}

func scanProjects(m *Memory, q ProjectQuery) []ledger.ProjectView {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return scan(&m.projects, q.After, q.Limit, func(p *ledger.ProjectView) bool {
		return (q.Sector == "" || p.Sector == q.Sector) && (q.Stage == "" || p.Stage == q.Stage)
	})
}

// scan reads a page of up to limit documents (ListLimitMax when 0 or
// above); every matching document when limit is negative.
func scan[T any, K comparable](t *table[T, K], after string, limit int, keep func(*T) bool) []T {
	if limit >= 0 {
		limit = pageLimit(limit)
	}
	out := []T{}
	var all K
	if s := t.set(setKey[K]{k: all}); s != nil {
		s.page(after, func(e *entry[T]) bool {
			if keep(e.doc) {
				out = append(out, *e.doc)
			}
			return limit < 0 || len(out) < limit
		})
	}
	return out
}

// world is a seeded random read model: loans of a few banks, claims that
// change status, projects that change sector and stage, published in
// batches as the writer does.
type world struct {
	r        *rand.Rand
	banks    []string
	programs []string
	statuses []string
	sectors  []string
	stages   []string
	loans    []ledger.LoanView
	claims   map[string]ledger.ClaimView
	projects map[string]ledger.ProjectView
}

func newWorld(seed uint64) *world {
	return &world{r: rand.New(rand.NewPCG(seed, seed)),
		banks:    []string{"icbc", "boc", "ccb", "abc", "a:b", ""},
		programs: []string{"p1", "p2", "p:3"},
		statuses: []string{"pending", "awaiting_second_approval", "queued", "paid", "rejected"},
		sectors:  []string{"ai", "bio tech", "chips"},
		stages:   ledger.ProjectStages,
		claims:   map[string]ledger.ClaimView{}, projects: map[string]ledger.ProjectView{}}
}

func pick[T any](r *rand.Rand, from []T) T { return from[r.IntN(len(from))] }

// batch makes one batch of new and refreshed documents (some twice).
func (w *world) batch() ledger.Views {
	var v ledger.Views
	for range w.r.IntN(60) {
		l := ledger.LoanView{LoanDoc: ledger.LoanDoc{ID: fmt.Sprintf("L-%d", w.r.IntN(4000)), Bank: pick(w.r, w.banks)}}
		for _, old := range w.loans { // a loan keeps its bank
			if old.ID == l.ID {
				l.Bank = old.Bank
				break
			}
		}
		l.DaysPastDue = int32(w.r.IntN(90))
		w.loans = append(w.loans, l)
		v.Loans = append(v.Loans, l)
	}
	for range w.r.IntN(30) {
		if len(w.loans) == 0 {
			break
		}
		l := pick(w.r, w.loans)
		prog := pick(w.r, w.programs)
		id := prog + "/" + l.ID
		c := ledger.ClaimView{ClaimDoc: ledger.ClaimDoc{ID: id, Program: prog, Loan: l.ID, Bank: l.Bank,
			Status: pick(w.r, w.statuses)}}
		w.claims[id] = c
		v.Claims = append(v.Claims, c)
	}
	for range w.r.IntN(10) {
		p := ledger.ProjectView{ProjectDoc: ledger.ProjectDoc{ID: fmt.Sprintf("P-%d", w.r.IntN(300)),
			Sector: pick(w.r, w.sectors), Stage: pick(w.r, w.stages)}}
		w.projects[p.ID] = p
		v.Projects = append(v.Projects, p)
	}
	return v
}

// cursors are ids present, ids absent between two, and the ends.
func (w *world) cursors() []string {
	out := []string{"", "\xff", "L-", "p2/"}
	for range 3 {
		if len(w.loans) > 0 {
			id := pick(w.r, w.loans).ID
			out = append(out, id, id+"\x00")
		}
	}
	for id := range w.claims {
		out = append(out, id, id+"0")
		if len(out) > 12 {
			break
		}
	}
	for id := range w.projects {
		out = append(out, id)
		break
	}
	return out
}

// TestIndexedPagesEqualScans: for random documents published in batches,
// every filtered page of every list equals what scanning all documents
// gives, from every kind of cursor, and following the cursor lists the
// whole filter.
func TestIndexedPagesEqualScans(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			w, m, ctx := newWorld(seed), NewMemory(), context.Background()
			for b := range 40 {
				if err := m.Put(ctx, w.batch()); err != nil {
					t.Fatal(err)
				}
				if b%20 != 19 {
					continue
				}
				for _, after := range w.cursors() {
					for _, limit := range []int{0, 1, 7} {
						checkPages(t, m, w, after, limit)
					}
				}
				checkWalks(t, m, w)
			}
		})
	}
}

func checkPages(t *testing.T, m *Memory, w *world, after string, limit int) {
	t.Helper()
	ctx := context.Background()
	loanID := func(l *ledger.LoanView) string { return l.ID }
	claimID := func(c *ledger.ClaimView) string { return c.ID }
	projectID := func(p *ledger.ProjectView) string { return p.ID }
	// w.banks holds "", a bank of loans with no bank: the unfiltered list.
	for _, bank := range append(w.banks, "no-such-bank") {
		q := LoanQuery{Bank: bank, After: after, Limit: limit}
		got, _ := m.Loans(ctx, q)
		sameIDs(t, fmt.Sprintf("loans %+v", q), got, scanLoans(m, q), loanID)
		for _, prog := range append(w.programs, "", "no-such-program") {
			for _, st := range append(w.statuses, "", "no-such-status") {
				q := ClaimQuery{Bank: bank, Program: prog, Status: st, After: after, Limit: limit}
				got, _ := m.Claims(ctx, q)
				sameIDs(t, fmt.Sprintf("claims %+v", q), got, scanClaims(m, q), claimID)
			}
		}
	}
	for _, sector := range append(w.sectors, "", "no-such-sector") {
		for _, stage := range append(w.stages, "") {
			q := ProjectQuery{Sector: sector, Stage: stage, After: after, Limit: limit}
			got, _ := m.Projects(ctx, q)
			sameIDs(t, fmt.Sprintf("projects %+v", q), got, scanProjects(m, q), projectID)
		}
	}
}

// sameIDs compares pages by their ids: both read the same stored
// documents, so equal ids are equal documents (checkWalks compares them
// whole).
func sameIDs[T any](t *testing.T, what string, got, want []T, id func(*T) string) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: got nil, want a list ([] in JSON)", what)
	}
	if len(got) != len(want) {
		t.Fatalf("%s: got %d documents, want %d", what, len(got), len(want))
	}
	for i := range got {
		if g, w := id(&got[i]), id(&want[i]); g != w {
			t.Fatalf("%s: document %d is %s, want %s", what, i, g, w)
		}
	}
}

// checkWalks follows the cursor through each bank's claims and loans: the
// pages together are every matching document, once, in order.
func checkWalks(t *testing.T, m *Memory, w *world) {
	t.Helper()
	ctx := context.Background()
	for _, bank := range w.banks {
		var got []ledger.ClaimView
		for after := ""; ; {
			page, _ := m.Claims(ctx, ClaimQuery{Bank: bank, After: after, Limit: 3})
			got = append(got, page...)
			if len(page) < 3 {
				break
			}
			after = page[len(page)-1].ID
		}
		same(t, "claims of "+bank, got, scanClaims(m, ClaimQuery{Bank: bank, Limit: -1}))
		var loans []ledger.LoanView
		for after := ""; ; {
			page, _ := m.Loans(ctx, LoanQuery{Bank: bank, After: after, Limit: 11})
			loans = append(loans, page...)
			if len(page) < 11 {
				break
			}
			after = page[len(page)-1].ID
		}
		same(t, "loans of "+bank, loans, scanLoans(m, LoanQuery{Bank: bank, Limit: -1}))
	}
}

func same[T any](t *testing.T, what string, got, want []T) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		if got == nil {
			t.Fatalf("%s: got nil, want an empty list ([] in JSON)", what)
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: got %d documents, want %d", what, len(got), len(want))
	}
}

// TestMemoryDocuments: get by id, programs whole and in order, guarantor
// parts merged, and the writer's side always answering.
func TestMemoryDocuments(t *testing.T) {
	m, ctx := NewMemory(), context.Background()
	v := ledger.Views{Programs: []ledger.ProgramView{{ProgramDoc: ledger.ProgramDoc{ID: "p2"}}, {ProgramDoc: ledger.ProgramDoc{ID: "p1"}}},
		Claims:   []ledger.ClaimView{{ClaimDoc: ledger.ClaimDoc{ID: "p1/L1", Status: "pending"}}},
		Loans:    []ledger.LoanView{{LoanDoc: ledger.LoanDoc{ID: "L1", Bank: "b"}}},
		Projects: []ledger.ProjectView{{ProjectDoc: ledger.ProjectDoc{ID: "P1"}}}}
	if err := m.ForPartition("0").Rebuild(ctx, v); err != nil {
		t.Fatal(err)
	}
	programs, _ := m.Programs(ctx)
	if len(programs) != 2 || programs[0].ID != "p1" || programs[1].ID != "p2" {
		t.Fatalf("programs: got %+v, want p1 then p2", programs)
	}
	if _, ok, _ := m.Program(ctx, "p2"); !ok {
		t.Error("program p2 not found")
	}
	if _, ok, _ := m.Claim(ctx, "p1/L1"); !ok {
		t.Error("claim p1/L1 not found")
	}
	if l, ok, _ := m.Loan(ctx, "L1"); !ok || l.Bank != "b" {
		t.Errorf("loan L1: got %+v %v", l, ok)
	}
	if _, ok, _ := m.Project(ctx, "P1"); !ok {
		t.Error("project P1 not found")
	}
	if _, ok, _ := m.Loan(ctx, "L2"); ok {
		t.Error("loan L2 found, never stored")
	}
	if err := m.Ping(ctx); err != nil {
		t.Errorf("ping: %v", err)
	}
	if ok, err := m.Intact(ctx); !ok || err != nil {
		t.Errorf("intact: got %v %v, want true", ok, err)
	}
}

// TestReadersBesideTheWriter: pages read while the writer publishes are
// in id order and match their filter (run with -race: readers copy their
// documents after releasing the lock).
func TestReadersBesideTheWriter(t *testing.T) {
	w, m, ctx := newWorld(9), NewMemory(), context.Background()
	batches := make([]ledger.Views, 200)
	for i := range batches {
		batches[i] = w.batch()
	}
	done := make(chan struct{})
	errs := make(chan error, 4)
	for r := range 4 {
		go func() {
			bank := w.banks[r]
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				claims, _ := m.Claims(ctx, ClaimQuery{Bank: bank, Status: "paid", Limit: 50})
				for i, c := range claims {
					if c.Bank != bank || c.Status != "paid" || (i > 0 && claims[i-1].ID >= c.ID) {
						errs <- fmt.Errorf("claims of %s, paid: %s (bank %s, %s) out of order or filter", bank, c.ID, c.Bank, c.Status)
						return
					}
				}
				loans, _ := m.Loans(ctx, LoanQuery{Bank: bank, Limit: 50})
				for i, l := range loans {
					if l.Bank != bank || (i > 0 && loans[i-1].ID >= l.ID) {
						errs <- fmt.Errorf("loans of %s: %s (bank %s) out of order or filter", bank, l.ID, l.Bank)
						return
					}
				}
			}
		}()
	}
	for _, v := range batches {
		if err := m.Put(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
