package api

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/stream/journal"
)

// TestConsoleSortsClaimsByAmount: the finance queue's payable header sorts
// the open claims (pending and awaiting a second approval, two lists the
// console merges) by payable on the server, ties by id, across pages: the
// two pages hold exactly the API's open claims in that order, and a
// second click gives the descending order; aria-sort says which.
func TestConsoleSortsClaimsByAmount(t *testing.T) {
	e := newEnv(t)
	const extra = 70
	items := []journal.Item{{Raw: []byte(`{"id":"so-fund","type":"pool.funded","source":"finance:li","program":"dz-lukedai",` +
		`"at":"2026-10-20T09:00:00+08:00","data":{"funder":"province","amount":"50000000.00"}}`)}}
	// Few principals, so that payables tie; the large ones need two
	// approvals and wait for the second after one.
	principals := []string{"10000.00", "25000.00", "10000.00", "3000000.00", "47000.50", "3100000.00"}
	var big []string
	for i := 1; i <= extra; i++ {
		loan := fmt.Sprintf("icbc-dz-soL%03d", i)
		principal := principals[i%len(principals)]
		if strings.HasPrefix(principal, "3") {
			big = append(big, "dz-lukedai/"+loan)
		}
		items = append(items,
			journal.Item{Raw: []byte(`{"id":"so-d` + loan + `","type":"loan.disbursed","source":"bank:icbc-dz","program":"dz-lukedai",` +
				`"at":"2026-10-20T09:00:00+08:00","data":{"loan":"` + loan + `","borrower":{"id":"e-so","name":"Sorting Test Co.",` +
				`"sector":"semiconductors","size":"small"},"principal":"` + principal + `","annual_rate":"0.0385","term_months":36,` +
				`"disbursed_on":"2026-10-20","currency":"CNY"}}`)},
			journal.Item{Raw: []byte(`{"id":"so-x` + loan + `","type":"loan.defaulted","source":"bank:icbc-dz","program":"dz-lukedai",` +
				`"at":"2026-10-21T09:00:00+08:00","data":{"loan":"` + loan + `","as_of":"2026-10-21"}}`)})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	outs, err := e.runner.Submit(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		if o.Status.String() != "applied" {
			t.Fatalf("input %s: %s %s %s", o.ID, o.Status, o.Code, o.Message)
		}
	}
	for _, id := range big {
		e.want(200, req{method: "POST", path: "/v1/claims/" + id + "/approve", subject: "finance:ann"})
	}
	// The open claims by payable, then id: the order the pages must show.
	type open struct{ id, payable string }
	var all []open
	for _, st := range []string{"pending", "awaiting_second_approval"} {
		var doc testClaims
		e.want(200, req{method: "GET", path: "/v1/claims?limit=500&status=" + st, subject: "finance:li"}).decode(t, &doc)
		for _, c := range doc.Claims {
			all = append(all, open{c.ID, c.Payable})
		}
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
	rows := func() []string {
		var ids []string
		d.script(`return [...document.querySelectorAll('main[data-loaded="true"] tr[data-claim-row]')].map((r) => r.dataset.claimRow)`, &ids)
		return ids
	}
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
