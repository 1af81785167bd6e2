package readmodel

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/ledger"
)

func TestAmountKeyOrdersAmountsExactly(t *testing.T) {
	// Ascending amounts, each with its rank: equal amounts share one.
	amounts := []struct {
		text string
		rank int
	}{{"", 0}, {"0", 1}, {"0.00", 1}, {"0.01", 2}, {"0.1", 3}, {"0.10", 3}, {"0.99", 4}, {"1", 5}, {"1.00", 5},
		{"9.99", 6}, {"10.00", 7}, {"99.5", 8}, {"100.00", 9}, {"90071992547409.91", 10}, {"90071992547409.92", 11},
		{"90071992547409.93", 12}, {"123456789012345678901234.56", 13}}
	for i := 1; i < len(amounts); i++ {
		x, y := amounts[i-1], amounts[i]
		a, b := AmountKey(x.text), AmountKey(y.text)
		if x.rank == y.rank && a != b || x.rank != y.rank && a >= b {
			t.Errorf("keys of %q and %q: got %q, %q", x.text, y.text, a, b)
		}
	}
	if got, want := AmountKey("123.45"), "0512345"; got != want {
		t.Errorf("AmountKey(123.45): got %q, want %q", got, want)
	}
	for _, bad := range []string{"-1.00", "1.234", "1e3", ".5", "1,00"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("AmountKey(%q): no panic", bad)
				}
			}()
			AmountKey(bad)
		}()
	}
}

// sortedWorld is a random book whose sort keys change: few distinct
// amounts and dates, so that ties are common, and every refresh may move
// a document in every order and between filters.
type sortedWorld struct {
	r                                  *rand.Rand
	banks, borrowers, amounts, dates   []string
	claimStatuses, loanStatuses        []string
	guarantors, programs, sectors, stg []string
}

func newSortedWorld(seed uint64) *sortedWorld {
	return &sortedWorld{r: rand.New(rand.NewPCG(seed, 19)),
		banks: []string{"b1", "b2", "b:3"}, borrowers: []string{"e1", "e2", "e3", "e 4"},
		amounts:       []string{"0.00", "5.00", "10.50", "10.05", "1000000.00", "90071992547409.93", "90071992547409.92"},
		dates:         []string{"2026-01-05", "2026-01-05T09:00:00+08:00", "2025-12-31", "2026-03-01T23:59:00-05:00", ""},
		claimStatuses: []string{"pending", "queued", "paid"}, loanStatuses: []string{"performing", "overdue", "closed"},
		guarantors: []string{"", "g1", "g2"}, programs: []string{"p1", "p2"}, sectors: []string{"ai", "bio"},
		stg: []string{"seed", "growth"}}
}

// batch publishes up to n new or refreshed documents of each kind.
func (w *sortedWorld) batch(n int) ledger.Views {
	var v ledger.Views
	for range w.r.IntN(n) {
		// The bank, guarantor and borrower follow from the loan's number:
		// they never change, as in the engine.
		k := w.r.IntN(120)
		v.Loans = append(v.Loans, ledger.LoanView{LoanDoc: ledger.LoanDoc{ID: fmt.Sprintf("L-%03d", k),
			Bank: w.banks[k%3], Borrower: w.borrowers[k%4], Status: pick(w.r, w.loanStatuses),
			Outstanding: pick(w.r, w.amounts)}, Guarantor: w.guarantors[k%3], DisbursedOn: pick(w.r, w.dates)})
		prog := w.programs[k%2]
		v.Claims = append(v.Claims, ledger.ClaimView{ClaimDoc: ledger.ClaimDoc{ID: fmt.Sprintf("%s/L-%03d", prog, k),
			Program: prog, Loan: fmt.Sprintf("L-%03d", k), Bank: w.banks[k%3], Status: pick(w.r, w.claimStatuses),
			Payable: pick(w.r, w.amounts)}, Borrower: w.borrowers[k%4], OpenedAt: pick(w.r, w.dates)})
		v.Projects = append(v.Projects, ledger.ProjectView{ProjectDoc: ledger.ProjectDoc{ID: fmt.Sprintf("P-%02d", w.r.IntN(50)),
			Sector: pick(w.r, w.sectors), Stage: pick(w.r, w.stg), FundingSought: pick(w.r, w.amounts),
			RoadshowOn: pick(w.r, w.dates)}})
		w.moreDocs(&v, k, prog)
	}
	return v
}

// sortedScan is the reference: every document of the table that keep
// accepts, sorted by its position in the order o, after the cursor.
func sortedScan[T any, K comparable](m *Memory, t *table[T, K], o Sort, after string, limit int,
	keep func(*T) bool, pos func(*T, SortBy) string) []T {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var all []T
	for _, e := range t.docs {
		p := pos(e.doc, o.By)
		if keep(e.doc) && (after == "" || (!o.Desc && p > after) || (o.Desc && p < after)) {
			all = append(all, *e.doc)
		}
	}
	slices.SortFunc(all, func(a, b T) int {
		c := strings.Compare(pos(&a, o.By), pos(&b, o.By))
		if o.Desc {
			return -c
		}
		return c
	})
	return append([]T{}, all[:min(len(all), pageLimit(limit))]...)
}

var allSorts = []Sort{{ByID, false}, {ByID, true}, {ByAmount, false}, {ByAmount, true}, {ByDate, false}, {ByDate, true}}

func opt(from []string) []string { return append([]string{""}, from...) }

// TestSortedPagesEqualScans: for random books (claims, loans, projects,
// filings, subsidies and enterprises), every indexed combination
// of filters in every order, followed page by page with the book changing
// between pages, gives at each page what a full scan of the book as it
// then is, sorted the same way, gives after the cursor.
func TestSortedPagesEqualScans(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			w, m, ctx := newSortedWorld(seed), NewMemory(), context.Background()
			for range 10 {
				if err := m.Put(ctx, w.batch(40)); err != nil {
					t.Fatal(err)
				}
			}
			change := func() {
				if err := m.Put(ctx, w.batch(6)); err != nil {
					t.Fatal(err)
				}
			}
			for _, o := range allSorts {
				checkSortedClaims(t, m, w, o, change)
				checkSortedLoans(t, m, w, o, change)
				checkSortedProjects(t, m, w, o, change)
				checkSortedFilings(t, m, w, o, change)
				checkSortedSubsidies(t, m, w, o, change)
				checkSortedEnterprises(t, m, w, o, change)
			}
		})
	}
}

// walkPages follows a list's cursor, calling check at every page and
// change between pages; it returns the number of pages read.
func walkPages[T any](t *testing.T, what string, limit int, page func(after string) []T, want func(after string) []T,
	pos func(*T) string, change func()) int {
	t.Helper()
	n := 0
	for after := ""; ; n++ {
		got, exp := page(after), want(after)
		if len(got) != len(exp) {
			t.Fatalf("%s after %q: got %d documents, want %d", what, after, len(got), len(exp))
		}
		for i := range got {
			if g, e := pos(&got[i]), pos(&exp[i]); g != e {
				t.Fatalf("%s after %q: document %d at %q, want %q", what, after, i, g, e)
			}
		}
		if len(got) < limit || n > 200 {
			return n
		}
		after = pos(&got[len(got)-1])
		change()
	}
}

func checkSortedClaims(t *testing.T, m *Memory, w *sortedWorld, o Sort, change func()) {
	t.Helper()
	ctx := context.Background()
	for _, bank := range opt(w.banks) {
		for _, prog := range opt(w.programs) {
			for _, st := range opt(w.claimStatuses) {
				for _, bor := range opt(w.borrowers) {
					q := ClaimQuery{Bank: bank, Program: prog, Status: st, Borrower: bor, Sort: o, Limit: 4}
					if !ClaimFilterIndexed(q) {
						continue
					}
					keep := func(c *ledger.ClaimView) bool {
						return (bank == "" || c.Bank == bank) && (prog == "" || c.Program == prog) &&
							(st == "" || c.Status == st) && (bor == "" || c.Borrower == bor)
					}
					checkSortedList(t, m, &m.claims, fmt.Sprintf("claims %+v", q), q.Limit, o, func(after string) ([]ledger.ClaimView, error) {
						q.After = after
						return m.Claims(ctx, q)
					}, keep, ClaimPosition, change)
				}
			}
		}
	}
}

func checkSortedLoans(t *testing.T, m *Memory, w *sortedWorld, o Sort, change func()) {
	t.Helper()
	ctx := context.Background()
	for _, bank := range opt(w.banks) {
		for _, g := range w.guarantors { // "" among them
			for _, bor := range opt(w.borrowers) {
				for _, st := range opt(w.loanStatuses) {
					q := LoanQuery{Bank: bank, Guarantor: g, Borrower: bor, Status: st, Sort: o, Limit: 5}
					if !LoanFilterIndexed(q) {
						continue
					}
					keep := func(l *ledger.LoanView) bool {
						return (bank == "" || l.Bank == bank) && (g == "" || l.Guarantor == g) &&
							(bor == "" || l.Borrower == bor) && (st == "" || l.Status == st)
					}
					checkSortedList(t, m, &m.loans, fmt.Sprintf("loans %+v", q), q.Limit, o, func(after string) ([]ledger.LoanView, error) {
						q.After = after
						return m.Loans(ctx, q)
					}, keep, LoanPosition, change)
				}
			}
		}
	}
}

func checkSortedProjects(t *testing.T, m *Memory, w *sortedWorld, o Sort, change func()) {
	t.Helper()
	ctx := context.Background()
	for _, sector := range opt(w.sectors) {
		for _, stage := range opt(w.stg) {
			q := ProjectQuery{Sector: sector, Stage: stage, Sort: o, Limit: 3}
			keep := func(p *ledger.ProjectView) bool {
				return (sector == "" || p.Sector == sector) && (stage == "" || p.Stage == stage)
			}
			checkSortedList(t, m, &m.projects, fmt.Sprintf("projects %+v", q), q.Limit, o, func(after string) ([]ledger.ProjectView, error) {
				q.After = after
				return m.Projects(ctx, q)
			}, keep, ProjectPosition, change)
		}
	}
}

// TestSortedWalkWithoutChangesListsAll: with the book still, the pages of
// every order are every document once, the descending order the
// ascending reversed, ties included.
func TestSortedWalkWithoutChangesListsAll(t *testing.T) {
	w, m, ctx := newSortedWorld(7), NewMemory(), context.Background()
	for range 10 {
		if err := m.Put(ctx, w.batch(40)); err != nil {
			t.Fatal(err)
		}
	}
	for _, by := range []SortBy{ByID, ByAmount, ByDate} {
		var up, down []string
		for _, o := range []Sort{{by, false}, {by, true}} {
			var ids []string
			for after := ""; ; {
				page, _ := m.Claims(ctx, ClaimQuery{Sort: o, After: after, Limit: 7})
				for i := range page {
					ids = append(ids, page[i].ID)
				}
				if len(page) < 7 {
					break
				}
				after = ClaimPosition(&page[len(page)-1], by)
			}
			if o.Desc {
				down = ids
			} else {
				up = ids
			}
		}
		slices.Reverse(down)
		if len(up) != len(m.claims.docs) || !slices.Equal(up, down) {
			t.Fatalf("order %d: got %d ascending, %d claims; descending reversed equal: %v",
				by, len(up), len(m.claims.docs), slices.Equal(up, down))
		}
	}
}
