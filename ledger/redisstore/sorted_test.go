package redisstore_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/ledger/redisstore"
)

// sortedBook is a random book whose sort keys, statuses and sectors
// change, with the latest document of each id: the full scan the Redis
// pages must equal. Few distinct amounts and dates make ties common.
type sortedBook struct {
	r           *rand.Rand
	claims      map[string]ledger.ClaimView
	loans       map[string]ledger.LoanView
	projects    map[string]ledger.ProjectView
	filings     map[string]ledger.FilingView
	subsidies   map[string]ledger.SubsidyDoc
	enterprises map[string]ledger.EnterpriseView
}

func newSortedBook(seed uint64) *sortedBook {
	return &sortedBook{r: rand.New(rand.NewPCG(seed, 1)), claims: map[string]ledger.ClaimView{},
		loans: map[string]ledger.LoanView{}, projects: map[string]ledger.ProjectView{}, filings: map[string]ledger.FilingView{},
		subsidies: map[string]ledger.SubsidyDoc{}, enterprises: map[string]ledger.EnterpriseView{}}
}

var (
	sbBanks     = []string{"b1", "b:2"}
	sbBorrowers = []string{"e1", "e2", "e 3"}
	sbAmounts   = []string{"0.00", "10.50", "10.05", "1000000.00", "90071992547409.93", "90071992547409.92"}
	sbDates     = []string{"2026-01-05", "2026-01-05T09:00:00+08:00", "2025-12-31", ""}
	sbClaimSt   = []string{"pending", "queued", "paid"}
	sbLoanSt    = []string{"performing", "overdue", "closed"}
	sbGuar      = []string{"", "g1"}
	sbPrograms  = []string{"p1", "p2"}
	sbSectors   = []string{"ai", "bio tech"}
	sbStages    = []string{"seed", "growth"}
	sbSorts     = []readmodel.Sort{{}, {By: readmodel.ByID, Desc: true}, {By: readmodel.ByAmount},
		{By: readmodel.ByAmount, Desc: true}, {By: readmodel.ByDate}, {By: readmodel.ByDate, Desc: true}}
)

func pickOf[T any](r *rand.Rand, from []T) T { return from[r.IntN(len(from))] }

// batch makes and records up to n refreshed or new documents of each kind.
func (b *sortedBook) batch(n int) ledger.Views {
	var v ledger.Views
	for range b.r.IntN(n) + 1 {
		k := b.r.IntN(60) // a loan's bank, guarantor and borrower follow from its number
		l := ledger.LoanView{LoanDoc: ledger.LoanDoc{ID: fmt.Sprintf("L-%02d", k), Bank: sbBanks[k%2],
			Borrower: sbBorrowers[k%3], Status: pickOf(b.r, sbLoanSt), Outstanding: pickOf(b.r, sbAmounts)},
			Guarantor: sbGuar[k%2], DisbursedOn: pickOf(b.r, sbDates)}
		prog := sbPrograms[k%2]
		c := ledger.ClaimView{ClaimDoc: ledger.ClaimDoc{ID: prog + "/" + l.ID, Program: prog, Loan: l.ID, Bank: l.Bank,
			Status: pickOf(b.r, sbClaimSt), Payable: pickOf(b.r, sbAmounts)}, Borrower: l.Borrower,
			OpenedAt: pickOf(b.r, sbDates)}
		p := ledger.ProjectView{ProjectDoc: ledger.ProjectDoc{ID: fmt.Sprintf("P-%02d", b.r.IntN(30)),
			Sector: pickOf(b.r, sbSectors), Stage: pickOf(b.r, sbStages), FundingSought: pickOf(b.r, sbAmounts),
			RoadshowOn: pickOf(b.r, sbDates)}}
		b.loans[l.ID], b.claims[c.ID], b.projects[p.ID] = l, c, p
		v.Loans, v.Claims, v.Projects = append(v.Loans, l), append(v.Claims, c), append(v.Projects, p)
		b.moreDocs(&v, k, prog)
	}
	return v
}

// scanSorted is the reference page: the documents keep accepts, sorted by
// their position in o, after the cursor.
func scanSorted[T any](docs map[string]T, o readmodel.Sort, after string, limit int, keep func(*T) bool,
	pos func(*T, readmodel.SortBy) string) []string {
	var all []string
	for _, id := range slices.Sorted(maps.Keys(docs)) {
		d := docs[id]
		p := pos(&d, o.By)
		if keep(&d) && (after == "" || (!o.Desc && p > after) || (o.Desc && p < after)) {
			all = append(all, p)
		}
	}
	slices.Sort(all)
	if o.Desc {
		slices.Reverse(all)
	}
	return all[:min(len(all), limit)]
}

func opts(from []string) []string { return append([]string{""}, from...) }

// TestSortedPagesEqualScans: against a real redis-server, every indexed
// combination of filters of claims, loans, projects, filings, subsidies
// and enterprises in every order, followed page by page with the
// book changing between pages (payables, outstandings, statuses, dates
// and sectors moving documents), gives at each page what a full scan of
// the book as it then is gives after the cursor.
func TestSortedPagesEqualScans(t *testing.T) {
	store := newStore(t, sharedRedisAddr(t))
	ctx := context.Background()
	b := newSortedBook(19)
	for range 8 {
		if err := store.Put(ctx, b.batch(30)); err != nil {
			t.Fatal(err)
		}
	}
	pages := 0
	change := func() {
		if pages++; pages%3 == 0 {
			if err := store.Put(ctx, b.batch(4)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, o := range sbSorts {
		sortedClaims(t, store, b, o, change)
		sortedLoans(t, store, b, o, change)
		sortedProjects(t, store, b, o, change)
		sortedFilings(t, store, b, o, change)
		sortedSubsidies(t, store, b, o, change)
		sortedEnterprises(t, store, b, o, change)
	}
	// Rebuilt from the book (the pages above moved documents many times),
	// a fresh store lists the same.
	fresh := newStore(t, sharedRedisAddr(t))
	all := ledger.Views{Claims: slices.Collect(maps.Values(b.claims)), Loans: slices.Collect(maps.Values(b.loans)),
		Projects: slices.Collect(maps.Values(b.projects)), Filings: slices.Collect(maps.Values(b.filings)),
		Subsidies: slices.Collect(maps.Values(b.subsidies)), Enterprises: slices.Collect(maps.Values(b.enterprises))}
	if err := fresh.Put(ctx, all); err != nil {
		t.Fatal(err)
	}
	for _, o := range sbSorts {
		sortedClaims(t, fresh, b, o, func() {})
		sortedFilings(t, fresh, b, o, func() {})
		sortedSubsidies(t, fresh, b, o, func() {})
		sortedEnterprises(t, fresh, b, o, func() {})
	}
}

// walkSorted follows a list's cursor and compares every page.
func walkSorted[T any](t *testing.T, what string, limit int, page func(after string) ([]T, error),
	want func(after string) []string, pos func(*T) string, change func()) {
	t.Helper()
	for after, n := "", 0; n < 100; n++ {
		got, err := page(after)
		if err != nil {
			t.Fatal(err)
		}
		exp := want(after)
		gotPos := make([]string, len(got))
		for i := range got {
			gotPos[i] = pos(&got[i])
		}
		if !slices.Equal(gotPos, exp) {
			t.Fatalf("%s after %q:\n got %q\nwant %q", what, after, gotPos, exp)
		}
		if len(got) < limit {
			return
		}
		after = gotPos[len(gotPos)-1]
		change()
	}
	t.Fatalf("%s: more than 100 pages", what)
}

func sortedClaims(t *testing.T, s *redisstore.Store, b *sortedBook, o readmodel.Sort, change func()) {
	t.Helper()
	for _, bank := range opts(sbBanks) {
		for _, prog := range opts(sbPrograms) {
			for _, st := range opts(sbClaimSt) {
				for _, bor := range opts(sbBorrowers) {
					q := readmodel.ClaimQuery{Bank: bank, Program: prog, Status: st, Borrower: bor, Sort: o, Limit: 5}
					if !readmodel.ClaimFilterIndexed(q) {
						continue
					}
					keep := func(c *ledger.ClaimView) bool {
						return (bank == "" || c.Bank == bank) && (prog == "" || c.Program == prog) &&
							(st == "" || c.Status == st) && (bor == "" || c.Borrower == bor)
					}
					sortedList(t, fmt.Sprintf("claims %+v", q), q.Limit, o, b.claims, func(after string) ([]ledger.ClaimView, error) {
						q.After = after
						return s.Claims(context.Background(), q)
					}, keep, readmodel.ClaimPosition, change)
				}
			}
		}
	}
}

func sortedLoans(t *testing.T, s *redisstore.Store, b *sortedBook, o readmodel.Sort, change func()) {
	t.Helper()
	for _, bank := range opts(sbBanks) {
		for _, g := range sbGuar {
			for _, bor := range opts(sbBorrowers) {
				for _, st := range opts(sbLoanSt) {
					q := readmodel.LoanQuery{Bank: bank, Guarantor: g, Borrower: bor, Status: st, Sort: o, Limit: 4}
					if !readmodel.LoanFilterIndexed(q) {
						continue
					}
					keep := func(l *ledger.LoanView) bool {
						return (bank == "" || l.Bank == bank) && (g == "" || l.Guarantor == g) &&
							(bor == "" || l.Borrower == bor) && (st == "" || l.Status == st)
					}
					sortedList(t, fmt.Sprintf("loans %+v", q), q.Limit, o, b.loans, func(after string) ([]ledger.LoanView, error) {
						q.After = after
						return s.Loans(context.Background(), q)
					}, keep, readmodel.LoanPosition, change)
				}
			}
		}
	}
}

func sortedProjects(t *testing.T, s *redisstore.Store, b *sortedBook, o readmodel.Sort, change func()) {
	t.Helper()
	for _, sector := range opts(sbSectors) {
		for _, stage := range opts(sbStages) {
			q := readmodel.ProjectQuery{Sector: sector, Stage: stage, Sort: o, Limit: 3}
			keep := func(p *ledger.ProjectView) bool {
				return (sector == "" || p.Sector == sector) && (stage == "" || p.Stage == stage)
			}
			sortedList(t, fmt.Sprintf("projects %+v", q), q.Limit, o, b.projects, func(after string) ([]ledger.ProjectView, error) {
				q.After = after
				return s.Projects(context.Background(), q)
			}, keep, readmodel.ProjectPosition, change)
		}
	}
}

// TestPositionsInMembers: a position's id is what follows its first space
// (the list script cuts there), ids with spaces included.
func TestPositionsInMembers(t *testing.T) {
	c := ledger.ClaimView{ClaimDoc: ledger.ClaimDoc{ID: "p 1/L-1", Payable: "1.00"}, OpenedAt: ""}
	for _, by := range []readmodel.SortBy{readmodel.ByAmount, readmodel.ByDate} {
		pos := readmodel.ClaimPosition(&c, by)
		if got := readmodel.PositionID(pos); got != c.ID || strings.Count(pos, " ") != 2 {
			t.Errorf("order %d: position %q gives id %q, want %q", by, pos, got, c.ID)
		}
	}
}
