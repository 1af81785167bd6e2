package readmodel

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/techcredit/techcredit/ledger"
)

// The orders of filings, subsidies and enterprises (issue 19), against
// the same random book as claims', loans' and projects'.

var (
	sortFilingStatuses  = []string{"pending", "approved", "rejected"}
	sortSubsidyStatuses = []string{"pending", "paid"}
	// The year 987 sorts before 2025: years are keys of four digits.
	sortYears = []int{2026, 2025, 987}
)

// moreDocs adds to v the filing of loan k, a subsidy of it and its
// borrower, each refreshed with new sort keys and status. A borrower's
// banks only grow, as in the engine.
func (w *sortedWorld) moreDocs(v *ledger.Views, k int, prog string) {
	loan := fmt.Sprintf("L-%03d", k)
	v.Filings = append(v.Filings, ledger.FilingView{Loan: loan, Program: prog, Bank: w.banks[k%3],
		Status: pick(w.r, sortFilingStatuses), Filed: pick(w.r, w.amounts), FiledOn: pick(w.r, w.dates)})
	year := pick(w.r, sortYears)
	v.Subsidies = append(v.Subsidies, ledger.SubsidyDoc{ID: fmt.Sprintf("%s/%s/%d", prog, loan, year), Program: prog,
		Loan: loan, Bank: w.banks[k%3], Year: year, Amount: pick(w.r, w.amounts), Status: pick(w.r, sortSubsidyStatuses)})
	x := ledger.EnterpriseView{EnterpriseDoc: ledger.EnterpriseDoc{ID: w.borrowers[k%4]}, UpdatedAt: pick(w.r, w.dates),
		Banks: w.banks[:1+k%3]}
	if r := pick(w.r, w.amounts); r != "5.00" { // no revenue stated: sorts first
		x.Revenue = &r
	}
	v.Enterprises = append(v.Enterprises, x)
}

// checkSortedList follows the pages of one filter of a list in the order
// o against sortedScan of its table, the book changing between pages.
func checkSortedList[T any, K comparable](t *testing.T, m *Memory, tab *table[T, K], what string, limit int, o Sort,
	page func(after string) ([]T, error), keep func(*T) bool, pos func(*T, SortBy) string, change func()) {
	t.Helper()
	walkPages(t, what, limit, func(after string) []T {
		got, err := page(after)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}, func(after string) []T {
		return sortedScan(m, tab, o, after, limit, keep, pos)
	}, func(d *T) string { return pos(d, o.By) }, change)
}

func checkSortedFilings(t *testing.T, m *Memory, w *sortedWorld, o Sort, change func()) {
	t.Helper()
	for _, bank := range opt(w.banks) {
		for _, prog := range opt(w.programs) {
			for _, st := range opt(sortFilingStatuses) {
				q := FilingQuery{Bank: bank, Program: prog, Status: st, Sort: o, Limit: 6}
				checkSortedList(t, m, &m.filings, fmt.Sprintf("filings %+v", q), q.Limit, o,
					func(after string) ([]ledger.FilingView, error) {
						q.After = after
						return m.Filings(context.Background(), q)
					}, func(f *ledger.FilingView) bool {
						return (bank == "" || f.Bank == bank) && (prog == "" || f.Program == prog) && (st == "" || f.Status == st)
					}, FilingPosition, change)
			}
		}
	}
}

func checkSortedSubsidies(t *testing.T, m *Memory, w *sortedWorld, o Sort, change func()) {
	t.Helper()
	for _, bank := range opt(w.banks) {
		for _, prog := range opt(w.programs) {
			for _, st := range opt(sortSubsidyStatuses) {
				for _, year := range append([]int{0}, sortYears...) {
					q := SubsidyQuery{Bank: bank, Program: prog, Status: st, Year: year, Sort: o, Limit: 9}
					checkSortedList(t, m, &m.subsidies, fmt.Sprintf("subsidies %+v", q), q.Limit, o,
						func(after string) ([]ledger.SubsidyDoc, error) {
							q.After = after
							return m.Subsidies(context.Background(), q)
						}, func(s *ledger.SubsidyDoc) bool {
							return (bank == "" || s.Bank == bank) && (prog == "" || s.Program == prog) &&
								(st == "" || s.Status == st) && (year == 0 || s.Year == year)
						}, SubsidyPosition, change)
				}
			}
		}
	}
}

func checkSortedEnterprises(t *testing.T, m *Memory, w *sortedWorld, o Sort, change func()) {
	t.Helper()
	for _, bank := range opt(w.banks) {
		q := EnterpriseQuery{Bank: bank, Sort: o, Limit: 1}
		checkSortedList(t, m, &m.enterprises, fmt.Sprintf("enterprises %+v", q), q.Limit, o,
			func(after string) ([]ledger.EnterpriseView, error) {
				q.After = after
				return m.Enterprises(context.Background(), q)
			}, func(x *ledger.EnterpriseView) bool { return bank == "" || slices.Contains(x.Banks, bank) }, EnterprisePosition, change)
	}
}

// TestSortKeysOfFilingsSubsidiesEnterprises: the exact orders of a few
// documents, ties broken by id and descending reversing the ties too.
func TestSortKeysOfFilingsSubsidiesEnterprises(t *testing.T) {
	m, ctx := NewMemory(), context.Background()
	rev := func(s string) *string { return &s }
	err := m.Put(ctx, ledger.Views{
		Filings: []ledger.FilingView{
			{Loan: "L-3", Filed: "900.00", FiledOn: "2026-02-01"}, {Loan: "L-1", Filed: "1000.00", FiledOn: "2026-01-01"},
			{Loan: "L-2", Filed: "900.00", FiledOn: "2026-01-01"}},
		Subsidies: []ledger.SubsidyDoc{
			{ID: "p/L-1/2026", Year: 2026, Amount: "49382.71"}, {ID: "p/L-2/987", Year: 987, Amount: "500000.00"},
			{ID: "p/L-3/2026", Year: 2026, Amount: "49382.71"}},
		Enterprises: []ledger.EnterpriseView{
			{EnterpriseDoc: ledger.EnterpriseDoc{ID: "e-b"}, Revenue: rev("12000000.00"), UpdatedAt: "2026-11-02T09:00:00+08:00"},
			{EnterpriseDoc: ledger.EnterpriseDoc{ID: "e-a"}, UpdatedAt: "2026-11-02T08:00:00+08:00"},
			{EnterpriseDoc: ledger.EnterpriseDoc{ID: "e-c"}, Revenue: rev("9.99"), UpdatedAt: "2026-10-31T23:00:00+08:00"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(n int, id func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	for _, c := range []struct {
		o    Sort
		want [3][]string // filings, subsidies, enterprises
	}{
		{Sort{}, [3][]string{{"L-1", "L-2", "L-3"}, {"p/L-1/2026", "p/L-2/987", "p/L-3/2026"}, {"e-a", "e-b", "e-c"}}},
		{Sort{ByAmount, false}, [3][]string{{"L-2", "L-3", "L-1"}, {"p/L-1/2026", "p/L-3/2026", "p/L-2/987"}, {"e-a", "e-c", "e-b"}}},
		{Sort{ByAmount, true}, [3][]string{{"L-1", "L-3", "L-2"}, {"p/L-2/987", "p/L-3/2026", "p/L-1/2026"}, {"e-b", "e-c", "e-a"}}},
		{Sort{ByDate, false}, [3][]string{{"L-1", "L-2", "L-3"}, {"p/L-2/987", "p/L-1/2026", "p/L-3/2026"}, {"e-c", "e-a", "e-b"}}},
		{Sort{ByDate, true}, [3][]string{{"L-3", "L-2", "L-1"}, {"p/L-3/2026", "p/L-1/2026", "p/L-2/987"}, {"e-b", "e-a", "e-c"}}},
	} {
		f, _ := m.Filings(ctx, FilingQuery{Sort: c.o})
		s, _ := m.Subsidies(ctx, SubsidyQuery{Sort: c.o})
		x, _ := m.Enterprises(ctx, EnterpriseQuery{Sort: c.o})
		got := [3][]string{ids(len(f), func(i int) string { return f[i].Loan }), ids(len(s), func(i int) string { return s[i].ID }),
			ids(len(x), func(i int) string { return x[i].ID })}
		for i, what := range []string{"filings", "subsidies", "enterprises"} {
			if !slices.Equal(got[i], c.want[i]) {
				t.Errorf("%s in order %+v: got %v, want %v", what, c.o, got[i], c.want[i])
			}
		}
	}
}
