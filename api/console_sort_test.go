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

	d := startChromedriver(t)
	d.newSession(1360, 1000)
	d.navigate(e.url + "/")
	signIn(t, d, "finance:li")
	rows := func() []string { return cardOrRowIDs(d, "tr[data-claim-row]", "claimRow") }
	ariaSort := func() string {
		var v string
		d.script(`const b = document.querySelector('main[data-loaded="true"] th button[data-sort="amount"]'); return b ? b.parentElement.getAttribute('aria-sort') : ''`, &v)
		return v
	}
	pages := func(order string, want []string) {
		t.Helper()
		waitFor(t, 10*time.Second, "sorted "+order, func() (bool, error) { return ariaSort() == order, nil })
		d.waitElement(`main[data-view="claims"][data-loaded="true"] [data-page-info="1"]`)
		if got := rows(); !slices.Equal(got, want[:50]) {
			t.Fatalf("%s, page 1:\n got %v\nwant %v", order, got, want[:50])
		}
		d.click(d.waitElement(`.pager-top button[data-page="next"]`))
		d.waitElement(`main[data-view="claims"][data-loaded="true"] [data-page-info="2"]`)
		if got := rows(); !slices.Equal(got, want[50:]) {
			t.Fatalf("%s, page 2:\n got %v\nwant %v", order, got, want[50:])
		}
		if len(d.elements(`.pager-top button[data-page="next"]:disabled`)) != 1 {
			t.Errorf("%s: Next is enabled on the last page", order)
		}
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
