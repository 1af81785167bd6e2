package api

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// latinAllowed are the only runs of Latin letters the Chinese console may
// show outside the API's own data (ids, names, titles: data-raw): the
// product's name, the language switch, the name of a credit model and a
// key's name.
var latinAllowed = map[string]bool{"techcredit": true, "English": true, "Vasicek": true, "Esc": true}

// visibleTextJS collects the visible text of the page (text nodes, the
// tooltips of SVG charts, aria-label, placeholder and title attributes and
// the document's title), leaving out text inside data-raw elements and,
// from attributes, the words that are data-raw texts of the page.
const visibleTextJS = `
const raws = new Set([...document.querySelectorAll('[data-raw]')].map((e) => e.textContent.trim()).filter(Boolean));
const visible = (e) => (e.checkVisibility ? e.checkVisibility() : true);
const out = [document.title];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const p = n.parentElement;
  if (!p || p.closest('[data-raw], script, style, noscript') || !n.textContent.trim()) continue;
  if (!p.closest('svg title') && !visible(p)) continue;
  out.push(n.textContent);
}
for (const e of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
  if (!e.closest('svg') && !visible(e)) continue;
  for (const a of ['aria-label', 'placeholder', 'title']) {
    const v = e.getAttribute(a);
    if (v) out.push(v.split(/[\s，。；（）、,;()]+/).filter((w) => !raws.has(w)).join(' '));
  }
}
return out;`

var latinRun = regexp.MustCompile(`[A-Za-z]+`)

// checkNoEnglish fails on any run of Latin letters in the visible text of
// the page that is not the API's data nor in latinAllowed.
func checkNoEnglish(t *testing.T, d *webDriver, where string) {
	t.Helper()
	var texts []string
	d.script(visibleTextJS, &texts)
	if len(texts) < 5 {
		t.Fatalf("%s: only %d texts collected", where, len(texts))
	}
	var bad []string
	for _, s := range texts {
		for _, w := range latinRun.FindAllString(s, -1) {
			if !latinAllowed[w] {
				bad = append(bad, fmt.Sprintf("%q in %q", w, strings.TrimSpace(s)))
			}
		}
	}
	if len(bad) > 0 {
		t.Errorf("%s: English left in the Chinese view:\n%s", where, strings.Join(bad, "\n"))
	}
}

func checkLang(t *testing.T, d *webDriver, want string) {
	t.Helper()
	var lang string
	d.script(`return document.documentElement.lang`, &lang)
	if lang != want {
		t.Errorf("<html lang=%q>, want %q", lang, want)
	}
}

// checkDictionaries: the Chinese and the English dictionary have the same
// keys.
func checkDictionaries(t *testing.T, d *webDriver) {
	t.Helper()
	var keys struct{ Zh, En []string }
	d.script(`return {Zh: Object.keys(window.techcreditI18n.zh), En: Object.keys(window.techcreditI18n.en)}`, &keys)
	sort.Strings(keys.Zh)
	sort.Strings(keys.En)
	if len(keys.Zh) < 100 || !slices.Equal(keys.Zh, keys.En) {
		t.Errorf("the dictionaries differ: %d Chinese keys, %d English", len(keys.Zh), len(keys.En))
		for _, k := range keys.Zh {
			if !slices.Contains(keys.En, k) {
				t.Errorf("%s has no English", k)
			}
		}
		for _, k := range keys.En {
			if !slices.Contains(keys.Zh, k) {
				t.Errorf("%s has no Chinese", k)
			}
		}
	}
}

// checkButtonsNamed: every Approve and Reject button tells a screen reader
// which claim and amount it acts on, and no two say the same.
func checkButtonsNamed(t *testing.T, e *env, d *webDriver) {
	t.Helper()
	var buttons []struct{ Action, Claim, Label string }
	d.script(`return [...document.querySelectorAll('button[data-action="approve"], button[data-action="reject"]')]
		.map((b) => ({Action: b.dataset.action, Claim: b.dataset.claim, Label: b.getAttribute('aria-label') || ''}))`, &buttons)
	if len(buttons) < 4 {
		t.Fatalf("got %d approve and reject buttons, want at least 4", len(buttons))
	}
	seen := map[string]bool{}
	for _, b := range buttons {
		c, _, _ := e.views.Claim(context.Background(), b.Claim)
		if !strings.Contains(b.Label, b.Claim) || !strings.Contains(b.Label, groupThousands(c.Payable)) {
			t.Errorf("%s %s: aria-label %q names neither the claim nor its payable %s", b.Action, b.Claim, b.Label, c.Payable)
		}
		if seen[b.Label] {
			t.Errorf("two buttons are named %q", b.Label)
		}
		seen[b.Label] = true
	}
}

// checkDialog waits for the confirmation dialog and wants each text in it.
func checkDialog(t *testing.T, d *webDriver, wants ...string) string {
	t.Helper()
	d.waitElement(`dialog[open]`)
	var text string
	d.script(`return document.querySelector('dialog[open]').innerText`, &text)
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("the confirmation dialog lacks %q:\n%s", w, text)
		}
	}
	return text
}

func waitGone(t *testing.T, d *webDriver, css string) {
	t.Helper()
	waitFor(t, 15*time.Second, "no "+css, func() (bool, error) { return len(d.elements(css)) == 0, nil })
}

// checkProgramText: the dashboard shows the pool balance to the 分, the
// leverage and the chart's title.
func checkProgramText(t *testing.T, e *env, d *webDriver, chartTitle string) {
	t.Helper()
	var text string
	d.script(`return document.body.innerText`, &text)
	p, _, _ := e.views.Program(context.Background(), "dz-lukedai")
	for _, want := range []string{groupThousands(p.PoolBalance), strings.TrimRight(strings.TrimRight(*p.Leverage, "0"), ".") + "×", chartTitle} {
		if !strings.Contains(text, want) {
			t.Errorf("the program dashboard lacks %q", want)
		}
	}
}

// checkTwoOfficers: a claim above the dual-approval threshold, approved
// by officer 1 in one browser and officer 2 in another. Officer 1 then
// sees "waiting for a second officer" instead of the button; officer 2's
// queue shows the first approval within the polling interval, without a
// reload.
func checkTwoOfficers(t *testing.T, e *env, d *webDriver, save func(*webDriver, string)) {
	t.Helper()
	const big = "dz-lukedai/icbc-dz-L1"
	// Top the pool up so that the claim is paid once approved.
	e.want(200, req{method: "POST", path: "/v1/programs/dz-lukedai/funding", subject: "finance:li",
		body: `{"funder":"province","amount":"3000000.00"}`, header: map[string]string{"Idempotency-Key": "console-test-top-up"}})
	d2 := anotherSignedIn(t, d, e, "finance:ann", "")
	approve2 := `main[data-loaded="true"] button[data-action="approve"][data-claim="` + big + `"]`
	d2.waitElement(approve2)
	d2.script(`window.sameDocument = true; return null`, nil)

	d.navigate(e.url + "/#/claims")
	d.click(d.waitElement(`button[data-action="approve"][data-claim="` + big + `"]`))
	checkDialog(t, d, big, "2,800,000.00 元", "此笔需两人审批")
	d.click(d.waitElement(`dialog[open] button[data-action="confirm-approve"]`))
	checkWaiting(t, d, big, `button[data-action="approve"][data-claim="`+big+`"]`)
	if c, _, _ := e.views.Claim(context.Background(), big); c.Status != "awaiting_second_approval" || !slices.Equal(c.Approvals, []string{"finance:li"}) {
		t.Fatalf("after the first approval: got %s approved by %v", c.Status, c.Approvals)
	}
	save(d, "waiting.png")

	start := time.Now()
	waitFor(t, 10*time.Second, "officer 2's queue to show the first approval", func() (bool, error) {
		return len(d2.elements(`tr[data-claim-row="`+big+`"] [data-status="awaiting_second_approval"]`)) == 1, nil
	})
	t.Logf("officer 2's queue showed the first approval %v after it", time.Since(start).Round(100*time.Millisecond))
	var same bool
	d2.script(`return window.sameDocument === true`, &same)
	if !same {
		t.Error("officer 2's page was reloaded")
	}
	d2.click(d2.waitElement(approve2))
	checkDialog(t, d2, big, "2,800,000.00 元", "第二人审批", "finance:li")
	save(d2, "second-approval.png")
	d2.click(d2.waitElement(`dialog[open] button[data-action="confirm-approve"]`))
	waitFor(t, 15*time.Second, "the second approval", func() (bool, error) {
		c, _, err := e.views.Claim(context.Background(), big)
		return c.Status == "paid" && slices.Equal(c.Approvals, []string{"finance:li", "finance:ann"}), err
	})
	waitFor(t, 10*time.Second, "officer 1's queue to drop the paid claim", func() (bool, error) {
		return len(d.elements(`tr[data-claim-row="`+big+`"]`)) == 0, nil
	})
	checkLostRetry(t, e, d, d2)
}

// checkWaiting: after the first of two approvals of id, the officer sees
// 等待第二位审批人 where the Approve button (approve, a selector) was.
func checkWaiting(t *testing.T, d *webDriver, id, approve string) {
	t.Helper()
	waiting := d.waitElement(`main[data-loaded="true"] [data-waiting="` + id + `"]`)
	var label string
	d.cmd("GET", "/element/"+waiting+"/text", nil, &label)
	if label != "等待第二位审批人" {
		t.Errorf("officer 1 sees %q, want 等待第二位审批人", label)
	}
	if n := len(d.elements(approve)); n != 0 {
		t.Errorf("officer 1 still has %d Approve buttons for %s", n, id)
	}
}

// fetchSpyJS wraps the page's fetch: it records the Idempotency-Key of
// every POST, and on request loses the answer of the next POST (after the
// server got it), fails the next POST before sending it, or fails every
// request (the server unreachable).
const fetchSpyJS = `
window.keys = [];
const real = window.realFetch || window.fetch;
window.realFetch = real;
window.fetch = async function (url, init) {
  const post = init && init.method === 'POST';
  if (window.offline) throw new TypeError('Failed to fetch');
  if (post) window.keys.push(init.headers['Idempotency-Key'] || '');
  if (post && window.failNext) { window.failNext = false; throw new TypeError('Failed to fetch'); }
  const res = await real(url, init);
  if (post && window.loseNext) { window.loseNext = false; throw new TypeError('Failed to fetch'); }
  return res;
};
return null;`

// checkKeys: the page sent n POSTs since fetchSpyJS, each with its own
// Idempotency-Key of the console's form.
func checkKeys(t *testing.T, d *webDriver, what string, n int) {
	t.Helper()
	var keys []string
	d.script(`return window.keys`, &keys)
	if len(keys) != n || len(slices.Compact(slices.Sorted(slices.Values(keys)))) != n {
		t.Errorf("%s sent Idempotency-Keys %q, want %d distinct", what, keys, n)
	}
	for _, k := range keys {
		if !strings.HasPrefix(k, "console-") || len(k) != len("console-")+32 {
			t.Errorf("%s: Idempotency-Key %q, want console- and 128 random bits", what, k)
		}
	}
}

// checkLostAnswers: the answer to an approval is lost after the server
// recorded it: the console re-reads the claim and says it was recorded;
// while the server is unreachable a banner says so and offers a retry.
func checkLostAnswers(t *testing.T, e *env, d *webDriver) {
	t.Helper()
	d.navigate(e.url + "/#/claims")
	d.waitElement(`main[data-view="claims"][data-loaded="true"]`)
	d.script(fetchSpyJS, nil)
	d.script(`window.offline = true; return null`, nil)
	d.waitElement(`#offline-banner:not([hidden]) #retry`)
	d.waitElement(`#live[data-live="offline"]`)
	d.script(`window.offline = false; return null`, nil)
	d.click(d.waitElement(`#retry`))
	d.waitElement(`#offline-banner[hidden]`)
	d.waitElement(`#live[data-live="synced"]`)
}

// checkLostRetry: officer 1's approval of icbc-dz-L6 loses its answer (the
// server recorded it: the console says so); officer 2's fails before it is
// sent (not recorded: the console offers a retry, which sends the same
// Idempotency-Key and is applied once).
func checkLostRetry(t *testing.T, e *env, d, d2 *webDriver) {
	t.Helper()
	const c6 = "dz-lukedai/icbc-dz-L6"
	d.script(fetchSpyJS, nil)
	d.script(`window.loseNext = true; return null`, nil)
	d.click(d.waitElement(`main[data-loaded="true"] button[data-action="approve"][data-claim="` + c6 + `"]`))
	d.click(d.waitElement(`dialog[open] button[data-action="confirm-approve"]`))
	banner := d.waitElement(`#decision-banner[data-state="recorded"]:not([hidden])`)
	var text string
	d.cmd("GET", "/element/"+banner+"/text", nil, &text)
	if !strings.Contains(text, "已记录") || !strings.Contains(text, c6) {
		t.Errorf("after a lost answer the banner says %q, want that the approval of %s was recorded", text, c6)
	}
	if c, _, _ := e.views.Claim(context.Background(), c6); !slices.Equal(c.Approvals, []string{"finance:li"}) {
		t.Fatalf("%s approved by %v, want finance:li", c6, c.Approvals)
	}
	d.waitElement(`main[data-loaded="true"] [data-waiting="` + c6 + `"]`)

	d2.waitElement(`tr[data-claim-row="` + c6 + `"] [data-status="awaiting_second_approval"]`)
	d2.script(fetchSpyJS, nil)
	d2.script(`window.failNext = true; return null`, nil)
	d2.click(d2.waitElement(`main[data-loaded="true"] button[data-action="approve"][data-claim="` + c6 + `"]`))
	d2.click(d2.waitElement(`dialog[open] button[data-action="confirm-approve"]`))
	d2.waitElement(`#decision-banner[data-state="not_recorded"]:not([hidden])`)
	if c, _, _ := e.views.Claim(context.Background(), c6); len(c.Approvals) != 1 {
		t.Fatalf("a request never sent was applied: %s approved by %v", c6, c.Approvals)
	}
	d2.click(d2.waitElement(`#retry-decision`))
	waitFor(t, 15*time.Second, "the retried approval", func() (bool, error) {
		c, _, err := e.views.Claim(context.Background(), c6)
		return slices.Equal(c.Approvals, []string{"finance:li", "finance:ann"}), err
	})
	var keys []string
	d2.script(`return window.keys`, &keys)
	if len(keys) != 2 || keys[0] != keys[1] || !strings.HasPrefix(keys[0], "console-") {
		t.Errorf("Idempotency-Keys of the approval and its retry: %q, want the same key twice", keys)
	}
	d.script(`return window.keys`, &keys)
	if len(keys) != 1 || keys[0] == "" {
		t.Errorf("officer 1's approval sent Idempotency-Keys %q, want one", keys)
	}
}

// checkPrint: printed, the page has no navigation and no button.
func checkPrint(t *testing.T, d *webDriver) {
	t.Helper()
	d.cdp("Emulation.setEmulatedMedia", map[string]any{"media": "print"})
	var shown struct {
		Nav, Who string
		Buttons  []string
	}
	d.script(`return {Nav: getComputedStyle(document.getElementById('nav')).display, Who: getComputedStyle(document.getElementById('who')).display,
		Buttons: [...document.querySelectorAll('button')].filter((b) => b.getClientRects().length > 0).map((b) => b.textContent)}`, &shown)
	if shown.Nav != "none" || shown.Who != "none" || len(shown.Buttons) != 0 {
		t.Errorf("printed: navigation %s, header %s, buttons %q; want none", shown.Nav, shown.Who, shown.Buttons)
	}
}

// checkViewport: at a window size, nothing overflows the page's width.
func checkViewport(t *testing.T, d *webDriver, width, height int, ready string) {
	t.Helper()
	d.resize(width, height)
	d.waitElement(ready)
	var got struct {
		Inner, Scroll int
		Over          []string
	}
	d.script(`const w = document.documentElement.clientWidth;
		return {Inner: w, Scroll: document.documentElement.scrollWidth,
			Over: [...document.querySelectorAll('.top, .top *, main > *')].filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > w + 0.5)
				.map((e) => e.tagName + '#' + e.id + '.' + e.className)}`, &got)
	t.Logf("window %dx%d: page %d px wide, content %d", width, height, got.Inner, got.Scroll)
	if got.Scroll > got.Inner || len(got.Over) > 0 {
		t.Errorf("at %d px the page is %d px wide (viewport %d); past the edge: %v", width, got.Scroll, got.Inner, got.Over)
	}
}

// checkActionsVisible: every Approve and Reject button lies inside the
// table's visible box (no horizontal scroll needed to reach it).
func checkActionsVisible(t *testing.T, d *webDriver) {
	t.Helper()
	var got struct {
		Hidden                 []string
		Scroll, Width, Buttons int
	}
	d.script(`const wrap = document.querySelector('.table-wrap');
		const edge = Math.min(wrap.getBoundingClientRect().right, document.documentElement.clientWidth);
		return {Scroll: wrap.scrollWidth, Width: wrap.clientWidth, Buttons: document.querySelectorAll('td.actions button').length,
			Hidden: [...document.querySelectorAll('td.actions button, td.actions .waiting')].filter((b) => b.getBoundingClientRect().right > edge + 0.5)
				.map((b) => b.getAttribute('aria-label') || b.textContent)}`, &got)
	if got.Buttons < 4 {
		t.Errorf("got %d buttons in the claim table, want at least 4", got.Buttons)
	}
	if len(got.Hidden) > 0 || got.Scroll > got.Width {
		t.Errorf("the claim table is %d px wide in a box of %d; buttons past its edge: %q", got.Scroll, got.Width, got.Hidden)
	}
}

// wan writes an amount as the Chinese console reads it: 万元 to two
// decimals, 亿元 from one 亿 (half away from zero).
func wan(amount string) string {
	a := decimal.RequireFromString(amount)
	unit, div := " 万元", decimal.NewFromInt(10_000)
	if a.Abs().GreaterThanOrEqual(decimal.NewFromInt(100_000_000)) {
		unit, div = " 亿元", decimal.NewFromInt(100_000_000)
	}
	return groupThousands(a.Div(div).Round(2).StringFixed(2)) + unit
}
