package redisstore_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/ledger/redisstore"
)

// The orders of filings, subsidies and enterprises (issue 19), against
// the same random book as claims', loans' and projects'.

var (
	sbFilingSt  = []string{"pending", "approved", "revoked"}
	sbSubsidySt = []string{"pending", "paid"}
	sbYears     = []int{2026, 2025, 987} // 987 sorts first: years are keys of four digits
)

// moreDocs adds to v and records the filing of loan k, a subsidy of it and
// its borrower, each refreshed with new sort keys and status; a
// borrower's banks only grow, as in the engine.
func (b *sortedBook) moreDocs(v *ledger.Views, k int, prog string) {
	loan := fmt.Sprintf("L-%02d", k)
	f := ledger.FilingView{Loan: loan, Program: prog, Bank: sbBanks[k%2], Status: pickOf(b.r, sbFilingSt),
		Filed: pickOf(b.r, sbAmounts), FiledOn: pickOf(b.r, sbDates)}
	year := pickOf(b.r, sbYears)
	sub := ledger.SubsidyDoc{ID: fmt.Sprintf("%s/%s/%d", prog, loan, year), Program: prog, Loan: loan, Bank: f.Bank,
		Year: year, Amount: pickOf(b.r, sbAmounts), Status: pickOf(b.r, sbSubsidySt)}
	x := ledger.EnterpriseView{EnterpriseDoc: ledger.EnterpriseDoc{ID: sbBorrowers[k%3]}, UpdatedAt: pickOf(b.r, sbDates)}
	x.Banks = append(slices.Clone(b.enterprises[x.ID].Banks), f.Bank)
	slices.Sort(x.Banks)
	x.Banks = slices.Compact(x.Banks)
	if r := pickOf(b.r, sbAmounts); r != "10.05" { // no revenue stated: sorts first
		x.Revenue = &r
	}
	b.filings[f.Loan], b.subsidies[sub.ID], b.enterprises[x.ID] = f, sub, x
	v.Filings, v.Subsidies, v.Enterprises = append(v.Filings, f), append(v.Subsidies, sub), append(v.Enterprises, x)
}

// sortedList walks the pages of one filter of a list in the order o
// against scanSorted of the book's documents.
func sortedList[T any](t *testing.T, what string, limit int, o readmodel.Sort, docs map[string]T,
	page func(after string) ([]T, error), keep func(*T) bool, pos func(*T, readmodel.SortBy) string, change func()) {
	t.Helper()
	walkSorted(t, what, limit, page, func(after string) []string {
		return scanSorted(docs, o, after, limit, keep, pos)
	}, func(d *T) string { return pos(d, o.By) }, change)
}

func sortedFilings(t *testing.T, s *redisstore.Store, b *sortedBook, o readmodel.Sort, change func()) {
	t.Helper()
	for _, bank := range opts(sbBanks) {
		for _, prog := range opts(sbPrograms) {
			for _, st := range opts(sbFilingSt) {
				q := readmodel.FilingQuery{Bank: bank, Program: prog, Status: st, Sort: o, Limit: 4}
				sortedList(t, fmt.Sprintf("filings %+v", q), q.Limit, o, b.filings, func(after string) ([]ledger.FilingView, error) {
					q.After = after
					return s.Filings(context.Background(), q)
				}, func(f *ledger.FilingView) bool {
					return (bank == "" || f.Bank == bank) && (prog == "" || f.Program == prog) && (st == "" || f.Status == st)
				}, readmodel.FilingPosition, change)
			}
		}
	}
}

func sortedSubsidies(t *testing.T, s *redisstore.Store, b *sortedBook, o readmodel.Sort, change func()) {
	t.Helper()
	for _, bank := range opts(sbBanks) {
		for _, prog := range opts(sbPrograms) {
			for _, st := range opts(sbSubsidySt) {
				for _, year := range append([]int{0}, sbYears...) {
					q := readmodel.SubsidyQuery{Bank: bank, Program: prog, Status: st, Year: year, Sort: o, Limit: 6}
					sortedList(t, fmt.Sprintf("subsidies %+v", q), q.Limit, o, b.subsidies, func(after string) ([]ledger.SubsidyDoc, error) {
						q.After = after
						return s.Subsidies(context.Background(), q)
					}, func(d *ledger.SubsidyDoc) bool {
						return (bank == "" || d.Bank == bank) && (prog == "" || d.Program == prog) &&
							(st == "" || d.Status == st) && (year == 0 || d.Year == year)
					}, readmodel.SubsidyPosition, change)
				}
			}
		}
	}
}

func sortedEnterprises(t *testing.T, s *redisstore.Store, b *sortedBook, o readmodel.Sort, change func()) {
	t.Helper()
	for _, bank := range opts(sbBanks) {
		q := readmodel.EnterpriseQuery{Bank: bank, Sort: o, Limit: 1}
		sortedList(t, fmt.Sprintf("enterprises %+v", q), q.Limit, o, b.enterprises, func(after string) ([]ledger.EnterpriseView, error) {
			q.After = after
			return s.Enterprises(context.Background(), q)
		}, func(x *ledger.EnterpriseView) bool { return bank == "" || slices.Contains(x.Banks, bank) },
			readmodel.EnterprisePosition, change)
	}
}

// TestSortedFilingsUnqualified: the year-end list in an order other than
// by id walks the approved filings in that order, a page at a time.
func TestSortedFilingsUnqualified(t *testing.T) {
	store := newStore(t, sharedRedisAddr(t))
	ctx := context.Background()
	y := 2025 // L-3 qualified for 2026
	err := store.Put(ctx, ledger.Views{Filings: []ledger.FilingView{
		{Loan: "L-1", Status: "approved", Filed: "30.00", FiledOn: "2026-01-02"},
		{Loan: "L-2", Status: "approved", Filed: "10.00", FiledOn: "2026-01-03"},
		{Loan: "L-3", Status: "approved", Filed: "20.00", FiledOn: "2026-01-01", TechSMEYear: &y},
		{Loan: "L-4", Status: "pending", Filed: "5.00", FiledOn: "2026-01-01"},
		{Loan: "L-5", Status: "approved", Filed: "10.00", FiledOn: "2026-01-01"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		o    readmodel.Sort
		want []string
	}{{readmodel.Sort{}, []string{"L-1", "L-2", "L-5"}}, {readmodel.Sort{By: readmodel.ByAmount}, []string{"L-2", "L-5", "L-1"}},
		{readmodel.Sort{By: readmodel.ByAmount, Desc: true}, []string{"L-1", "L-5", "L-2"}},
		{readmodel.Sort{By: readmodel.ByDate}, []string{"L-5", "L-1", "L-2"}}} {
		var got []string
		for after := ""; ; {
			page, err := store.Filings(ctx, readmodel.FilingQuery{UnqualifiedIn: 2026, Sort: c.o, After: after, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			got = append(got, page[0].Loan)
			after = readmodel.FilingPosition(&page[0], c.o.By)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("unqualified in 2026, order %+v: got %v, want %v", c.o, got, c.want)
		}
	}
}
