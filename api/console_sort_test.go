package api

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestConsoleSortsClaimsByAmount: the finance queue's payable header sorts
// the open claims (pending and awaiting a second approval, two lists the
// console merges) by payable on the server, ties by id, across pages: the
// two pages hold exactly the API's open claims in that order, and a
// second click gives the descending order; aria-sort says which.
func TestConsoleSortsClaimsByAmount(t *testing.T) {
	e := newEnv(t)
	const extra = 70
	// Few principals, so that payables tie; the large ones need two
	// approvals and wait for the second after one.
	principals := []string{"10000.00", "25000.00", "10000.00", "3000000.00", "47000.50", "3100000.00"}
	var big []string
	submitApplied(t, e, defaultedLoans("so", "Sorting Test Co.", extra, func(i int) string {
		principal := principals[i%len(principals)]
		if strings.HasPrefix(principal, "3") {
			big = append(big, fmt.Sprintf("dz-lukedai/icbc-dz-soL%03d", i))
		}
		return principal
	}))
	// The open claims by payable, then id: the order the pages must show.
	type open struct{ id, payable string }
	var all []open
	for _, c := range openClaims(t, e, big) {
		all = append(all, open{c.ID, c.Payable})
	}
	slices.SortFunc(all, func(a, b open) int {
		if c := decimal.RequireFromString(a.payable).Cmp(decimal.RequireFromString(b.payable)); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	var want []string
	for _, c := range all {
		want = append(want, c.id)
	}
	if len(want) <= 50 || len(want) > 100 {
		t.Fatalf("got %d open claims, want two pages (51 to 100)", len(want))
	}

	d := browserAs(t, e, "finance:li", "")
	rows := func() []string { return cardOrRowIDs(d, "tr[data-claim-row]", "claimRow") }
	ariaSort := func() string {
		var v string
		d.script(`const b = document.querySelector('main[data-loaded="true"] th button[data-sort="amount"]'); return b ? b.parentElement.getAttribute('aria-sort') : ''`, &v)
		return v
	}
	pages := func(order string, want []string) {
		t.Helper()
		waitFor(t, 10*time.Second, "sorted "+order, func() (bool, error) { return ariaSort() == order, nil })
		checkTwoPages(t, d, "claims", order, rows, want)
	}
	d.waitElement(`main[data-view="claims"][data-loaded="true"] th[aria-sort="none"] button[data-sort="amount"]`)
	d.click(d.waitElement(`th button[data-sort="amount"]`))
	pages("ascending", want)
	desc := slices.Clone(want)
	slices.Reverse(desc)
	d.click(d.waitElement(`main[data-loaded="true"] th button[data-sort="amount"]`))
	pages("descending", desc)
	// A third click is the queue's own order again.
	d.click(d.waitElement(`main[data-loaded="true"] th button[data-sort="amount"]`))
	waitFor(t, 10*time.Second, "unsorted", func() (bool, error) { return ariaSort() == "none", nil })
	// The claims are of one borrower: the server's borrower filter keeps them all.
	if c, ok, _ := e.views.Claim(context.Background(), want[0]); !ok || c.Borrower == "" {
		t.Fatalf("claim %s: no borrower", want[0])
	}
}

// sortable is one row of a list as the API gives it: its id and the
// amount and date its ?sort= orders by.
type sortable struct{ id, amount, date string }

// sortedIDs orders rows as the server's ?sort=by does (amounts as
// decimals, dates as text, ties by id), ascending.
func sortedIDs(rows []sortable, by string) []string {
	s := slices.Clone(rows)
	slices.SortFunc(s, func(a, b sortable) int {
		c := 0
		switch by {
		case "amount":
			c = decimal.RequireFromString(a.amount).Cmp(decimal.RequireFromString(b.amount))
		case "date":
			c = strings.Compare(a.date, b.date)
		}
		if c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	ids := make([]string, len(s))
	for i, r := range s {
		ids[i] = r.id
	}
	return ids
}

// checkSortedList clicks the header button data-sort=by of the list whose
// rows match rowCSS (ids in dataset[attr]) three times: the rows are then
// exactly want (ascending), want reversed (descending) and the list's own
// order by id, aria-sort saying which each time. The list fits one page.
func checkSortedList(t *testing.T, d *webDriver, what, rowCSS, attr, by string, rows []sortable) {
	t.Helper()
	header := `main[data-loaded="true"] th button[data-sort="` + by + `"]`
	asc := sortedIDs(rows, by)
	desc := slices.Clone(asc)
	slices.Reverse(desc)
	for _, step := range []struct {
		aria string
		want []string
	}{{"ascending", asc}, {"descending", desc}, {"none", sortedIDs(rows, "")}} {
		d.click(d.waitElement(header))
		// The header and the rows are drawn together: once the header
		// says the order, the rows are the server's answer to it.
		waitFor(t, 10*time.Second, what+" sorted by "+by+" "+step.aria, func() (bool, error) {
			return textOfAttr(d, `main[data-loaded="true"] th:has(button[data-sort="`+by+`"])`, "aria-sort") == step.aria, nil
		})
		if got := cardOrRowIDs(d, rowCSS, attr); !slices.Equal(got, step.want) {
			t.Errorf("%s sorted by %s, %s:\n got %v\nwant %v", what, by, step.aria, got, step.want)
		}
	}
	if len(rows) < 3 {
		t.Errorf("%s: %d rows, too few to tell an order", what, len(rows))
	}
}

// checkTwoPages: the view's first page of 50 rows is want[:50] and, after
// Next, its second the rest, with Next then disabled.
func checkTwoPages(t *testing.T, d *webDriver, view, what string, rows func() []string, want []string) {
	t.Helper()
	for page, part := range [][]string{want[:50], want[50:]} {
		if page > 0 {
			d.click(d.waitElement(`.pager-top button[data-page="next"]`))
		}
		d.waitElement(fmt.Sprintf(`main[data-view="%s"][data-loaded="true"] [data-page-info="%d"]`, view, page+1))
		if got := rows(); !slices.Equal(got, part) {
			t.Fatalf("%s, page %d:\n got %v\nwant %v", what, page+1, got, part)
		}
	}
	if len(d.elements(`.pager-top button[data-page="next"]:disabled`)) != 1 {
		t.Errorf("%s: Next is enabled on the last page", what)
	}
}
