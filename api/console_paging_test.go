package api

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestConsolePaging: a queue of 124 open claims (some pending, some
// awaiting a second approval) shows 50 rows a page, paged through the
// API's cursor with Next and Previous, the pages together holding every
// open claim once in the API's order; the filter box narrows the page.
// Polling re-reads with ETags (304s) and waits while a dialog is open.
func TestConsolePaging(t *testing.T) {
	e := newEnv(t)
	const extra = 120
	// Every tenth loan's claim pays 2,100,000.00: two approvals, the
	// first given.
	var want []string
	for _, c := range openQueue(t, e, "pg", "Paging Test Co.", extra, func(i int) string {
		if i%10 == 0 {
			return "3000000.00"
		}
		return "10000.00"
	}) {
		want = append(want, c.ID)
	}
	slices.Sort(want)
	if len(want) != extra+4 {
		t.Fatalf("got %d open claims, want %d", len(want), extra+4)
	}

	d := browserAs(t, e, "finance:li", "")
	rows := func() []string { return cardOrRowIDs(d, "tr[data-claim-row]", "claimRow") }
	pageIs := func(n int) {
		t.Helper()
		d.waitElement(fmt.Sprintf(`main[data-view="claims"][data-loaded="true"] [data-page-info="%d"]`, n))
	}
	pageIs(1)
	var height int
	d.script(`return document.documentElement.scrollHeight`, &height)
	t.Logf("a page of 50 claims is %d px tall", height)
	if height > 8000 {
		t.Errorf("a page of the queue is %d px tall", height)
	}
	if len(d.elements(`.pager-top button[data-page="prev"]:disabled`)) != 1 {
		t.Error("Previous is enabled on the first page")
	}
	var shown []string
	var firsts []string
	for page := 1; page <= 3; page++ {
		got := rows()
		if wantRows := min(50, len(want)-50*(page-1)); len(got) != wantRows {
			t.Fatalf("page %d: got %d rows, want %d", page, len(got), wantRows)
		}
		firsts = append(firsts, got[0])
		shown = append(shown, got...)
		if page < 3 {
			d.click(d.waitElement(`.pager-top button[data-page="next"]`))
			pageIs(page + 1)
		}
	}
	if !slices.Equal(shown, want) {
		t.Errorf("the pages show %d claims, not the API's %d open claims in its order:\n%v\n%v", len(shown), len(want), shown, want)
	}
	if len(d.elements(`.pager-top button[data-page="next"]:disabled`)) != 1 {
		t.Error("Next is enabled on the last page")
	}
	// Previous goes back through the cursors.
	d.click(d.waitElement(`.pager-bottom button[data-page="prev"]`))
	pageIs(2)
	if got := rows(); len(got) == 0 || got[0] != firsts[1] {
		t.Errorf("back on page 2: first row %v, want %s", got[:min(1, len(got))], firsts[1])
	}
	// The filter box narrows the rows of the page, and says when none is left.
	target := rows()[7]
	d.sendKeys(d.waitElement(`#claims-search`), target)
	waitFor(t, 5*time.Second, "the filter", func() (bool, error) { return slices.Equal(rows(), []string{target}), nil })
	d.sendKeys(d.waitElement(`#claims-search`), "-nothing")
	waitFor(t, 5*time.Second, "no row", func() (bool, error) {
		return len(rows()) == 0 && len(d.elements(`.search-none:not([hidden])`)) == 1, nil
	})
	checkPollPauses(t, e, d)
	// The KPIs count every open claim, not the page's.
	var kpis string
	d.script(`return document.querySelector('.kpis').textContent`, &kpis)
	if !strings.Contains(kpis, fmt.Sprintf("%d 笔", len(want))) {
		t.Errorf("the KPIs %q do not count %d open claims", kpis, len(want))
	}
	checkNoLimit(t, e, d)

	// A bank sees its own claims, in Chinese, without a decision to take.
	d.click(d.waitElement(`#signout`))
	signIn(t, d, "bank:boc-jn")
	d.waitElement(`main[data-view="loans"][data-loaded="true"]`) // a bank lands on its loans
	d.click(d.waitElement(`#nav a[data-nav="claims"]`))
	d.waitElement(`main[data-view="claims"][data-loaded="true"] tr[data-claim-row]`)
	if n := len(d.elements(`button[data-action]`)); n != 0 {
		t.Errorf("a bank has %d decision buttons", n)
	}
	var ids []string
	d.script(`return [...document.querySelectorAll('tr[data-claim-row]')].map((r) => r.dataset.claimRow)`, &ids)
	for _, id := range ids {
		if c, _, _ := e.views.Claim(context.Background(), id); c.Bank != "boc-jn" {
			t.Errorf("bank boc-jn is shown %s of %s", id, c.Bank)
		}
	}
	checkNoEnglish(t, d, "a bank's claims")
}

// checkPollPauses: polls are answered 304 while nothing changes; while the
// confirmation dialog is open the page is not redrawn under it, even when
// a claim changes; once it closes, the change shows.
func checkPollPauses(t *testing.T, e *env, d *webDriver) {
	t.Helper()
	d.cmd("POST", "/refresh", nil, nil) // a new page: page 1, no filter
	d.waitElement(`main[data-view="claims"][data-loaded="true"] [data-page-info="1"]`)
	time.Sleep(pollInterval + time.Second)
	var notModified int
	d.script(`return performance.getEntriesByType('resource').filter((r) => r.name.includes('/v1/claims') && r.responseStatus === 304).length`, &notModified)
	if notModified == 0 {
		t.Error("no poll of /v1/claims was answered 304")
	}
	const other = "dz-lukedai/icbc-dz-L1"
	d.script(`document.querySelector('tbody').marked = true; return null`, nil)
	d.click(d.waitElement(`button[data-action="approve"][data-claim="` + other + `"]`))
	d.waitElement(`dialog[open]`)
	e.want(200, req{method: "POST", path: "/v1/claims/" + other + "/approve", subject: "finance:ann"})
	time.Sleep(pollInterval + time.Second)
	var marked bool
	d.script(`return document.querySelector('tbody').marked === true`, &marked)
	if !marked || len(d.elements(`dialog[open]`)) != 1 {
		t.Errorf("the queue was redrawn under the open dialog (same table: %v)", marked)
	}
	d.click(d.waitElement(`dialog[open] button[data-action="cancel"]`))
	waitFor(t, 2*pollInterval, "the change after the dialog closed", func() (bool, error) {
		return len(d.elements(`tr[data-claim-row="`+other+`"] [data-status="awaiting_second_approval"]`)) == 1, nil
	})

	// A hidden tab does not poll; shown again, it catches up at once.
	const third = "dz-lukedai/icbc-dz-L6"
	d.script(`Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});
		document.querySelector('tbody').marked = true; return null`, nil)
	e.want(200, req{method: "POST", path: "/v1/claims/" + third + "/approve", subject: "finance:ann"})
	time.Sleep(pollInterval + time.Second)
	d.script(`return document.querySelector('tbody').marked === true`, &marked)
	if !marked {
		t.Error("a hidden tab redrew its queue")
	}
	d.script(`Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});
		document.dispatchEvent(new Event('visibilitychange')); return null`, nil)
	waitFor(t, pollInterval/2, "the change once the tab shows", func() (bool, error) {
		return len(d.elements(`tr[data-claim-row="`+third+`"] [data-status="awaiting_second_approval"]`)) == 1, nil
	})
}

// pollInterval is the console's POLL_MS.
const pollInterval = 3 * time.Second

// noLimitJS makes the page see every program without a leverage limit
// (the fixture's programs all have one).
const noLimitJS = `
const real = window.fetch;
window.fetch = async function (url, init) {
  if (String(url) !== '/v1/programs') return real(url, init);
  delete init.headers['If-None-Match'];
  const res = await real(url, init);
  const doc = await res.json();
  for (const p of doc.programs) { p.max_leverage = null; p.headroom = null; }
  return new Response(JSON.stringify(doc), {status: res.status, headers: {'Content-Type': 'application/json'}});
};
location.hash = '#/programs';
return null;`

// checkNoLimit: the overview's gauge of a program without a limit says
// 无上限 and draws no fill that would read as zero.
func checkNoLimit(t *testing.T, e *env, d *webDriver) {
	t.Helper()
	d.script(noLimitJS, nil)
	d.waitElement(`main[data-view="programs"][data-loaded="true"] [data-no-limit]`)
	var got struct {
		Gauges, Fills int
		Text          string
	}
	d.script(`const m = document.querySelector('main');
		return {Gauges: m.querySelectorAll('[data-no-limit]').length, Fills: m.querySelectorAll('.gauge-fill').length,
			Text: [...m.querySelectorAll('[data-no-limit]')].map((g) => g.textContent).join('|')}`, &got)
	if got.Gauges != 2 || got.Fills != 0 || got.Text != "无上限|无上限" {
		t.Errorf("programs without a limit: %d no-limit gauges saying %q, %d fills; want 2 saying 无上限, no fill", got.Gauges, got.Text, got.Fills)
	}
}
