package api

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/stream/journal"
)

// defaultedLoans are the inputs of a long claim queue: dz-lukedai's pool
// funded with 50,000,000.00, then n loans of bank icbc-dz to one borrower
// (e-<tag>, named borrower), icbc-dz-<tag>L001 on, each disbursed with
// principal(i) and defaulted the next day (a pending claim each).
func defaultedLoans(tag, borrower string, n int, principal func(i int) string) []journal.Item {
	items := []journal.Item{{Raw: []byte(`{"id":"` + tag + `-fund","type":"pool.funded","source":"finance:li","program":"dz-lukedai",` +
		`"at":"2026-10-20T09:00:00+08:00","data":{"funder":"province","amount":"50000000.00"}}`)}}
	for i := 1; i <= n; i++ {
		loan := fmt.Sprintf("icbc-dz-%sL%03d", tag, i)
		items = append(items,
			journal.Item{Raw: []byte(`{"id":"` + tag + `-d` + loan + `","type":"loan.disbursed","source":"bank:icbc-dz","program":"dz-lukedai",` +
				`"at":"2026-10-20T09:00:00+08:00","data":{"loan":"` + loan + `","borrower":{"id":"e-` + tag + `","name":"` + borrower + `",` +
				`"sector":"semiconductors","size":"small"},"principal":"` + principal(i) + `","annual_rate":"0.0385","term_months":36,` +
				`"disbursed_on":"2026-10-20","currency":"CNY"}}`)},
			journal.Item{Raw: []byte(`{"id":"` + tag + `-x` + loan + `","type":"loan.defaulted","source":"bank:icbc-dz","program":"dz-lukedai",` +
				`"at":"2026-10-21T09:00:00+08:00","data":{"loan":"` + loan + `","as_of":"2026-10-21"}}`)})
	}
	return items
}

// submitApplied submits inputs to the engine and wants every one applied.
func submitApplied(t *testing.T, e *env, items []journal.Item) {
	t.Helper()
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
}

// openQueue submits defaultedLoans(tag, borrower, n, principal), gives
// the first approval (as finance:ann) of each of their claims that needs
// two, and returns the claims the finance queue lists as open (pending,
// then awaiting a second approval), each list in the API's order.
func openQueue(t *testing.T, e *env, tag, borrower string, n int, principal func(i int) string) []testClaim {
	t.Helper()
	submitApplied(t, e, defaultedLoans(tag, borrower, n, principal))
	var all testClaims
	e.want(200, req{method: "GET", path: "/v1/claims?limit=500&status=pending", subject: "finance:li"}).decode(t, &all)
	firsts := 0
	for _, c := range all.Claims {
		if c.NeedsTwoApprovals && strings.HasPrefix(c.ID, "dz-lukedai/icbc-dz-"+tag+"L") {
			e.want(200, req{method: "POST", path: "/v1/claims/" + c.ID + "/approve", subject: "finance:ann"})
			firsts++
		}
	}
	if firsts == 0 {
		t.Fatalf("no claim of icbc-dz-%sL… needs two approvals", tag)
	}
	var open []testClaim
	for _, st := range []string{"pending", "awaiting_second_approval"} {
		var doc testClaims
		e.want(200, req{method: "GET", path: "/v1/claims?limit=500&status=" + st, subject: "finance:li"}).decode(t, &doc)
		open = append(open, doc.Claims...)
	}
	return open
}

// cardOrRowIDs is the ids of the loaded view's rows or cards matching css,
// in the page's order, from their data attribute attr (camelCase).
func cardOrRowIDs(d *webDriver, css, attr string) []string {
	d.t.Helper()
	var ids []string
	d.script(`return [...document.querySelectorAll('main[data-loaded="true"] '+arguments[0])].filter((r) => !r.hidden).map((r) => r.dataset[arguments[1]])`, &ids, css, attr)
	return ids
}

// browserAs starts chromedriver and a browser (1360 × 1000), signs in as
// subject and opens #/route (its landing view when route is "").
func browserAs(t *testing.T, e *env, subject, route string) *webDriver {
	t.Helper()
	d := startChromedriver(t)
	d.newSession(1360, 1000)
	signInAt(t, d, e, subject, route)
	return d
}

// anotherSignedIn opens a second browser session on d's chromedriver (a
// user at another desk), signed in as subject at #/route.
func anotherSignedIn(t *testing.T, d *webDriver, e *env, subject, route string) *webDriver {
	t.Helper()
	o := d.another(1360, 1000)
	signInAt(t, o, e, subject, route)
	return o
}

// signInAt opens the sign-in page, signs in as subject and opens #/route
// (its landing view when route is "").
func signInAt(t *testing.T, d *webDriver, e *env, subject, route string) {
	t.Helper()
	d.navigate(e.url + "/")
	d.waitElement(`main[data-view="signin"][data-loaded="true"]`)
	signIn(t, d, subject)
	if route != "" {
		d.navigate(e.url + "/#/" + route)
	}
}
