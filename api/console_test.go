package api

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/risk/programrisk"
)

// screenshotDirEnv, when set, names a directory the console test copies its
// screenshots to (to refresh docs/console.png); they always go to the
// test's temp dir.
const screenshotDirEnv = "TECHCREDIT_CONSOLE_SCREENSHOTS"

// TestConsoleInBrowser drives the web console in headless Chromium, in
// Simplified Chinese (the default) and in English: the finance office
// approves a pending claim through the confirmation dialog, rejects one
// with a reason (Esc cancels, Enter submits), the program dashboard renders
// its chart, two officers approve a large claim from two browsers (the
// second sees the first's approval without a reload), a lost answer is
// re-read, the page holds at 390 and 1440 px and in print, and an
// investor's page shows no loan id and no bank name.
func TestConsoleInBrowser(t *testing.T) {
	e := newEnv(t)
	secrets := bankSecrets(t, e)
	d := startChromedriver(t)
	d.newSession(1360, 1000)
	save := func(d *webDriver, name string) { t.Helper(); saveShot(t, d, name) }

	d.navigate(e.url + "/")
	d.waitElement(`main[data-view="signin"][data-loaded="true"]`)
	checkLang(t, d, "zh-CN")
	checkNoEnglish(t, d, "the sign-in page")
	checkDictionaries(t, d)
	signIn(t, d, "finance:li")
	d.waitElement(`main[data-view="claims"][data-loaded="true"]`)
	const claim = "dz-lukedai/icbc-dz-L2"
	d.waitElement(`tr[data-claim-row="` + claim + `"]`)
	checkTwoApprovalsShown(t, e, d)
	checkNoEnglish(t, d, "the claim queue")
	checkButtonsNamed(t, e, d)
	save(d, "claims.png")
	// At 1440 px (and 1360) every button of the queue is in view.
	checkActionsVisible(t, d)
	checkViewport(t, d, 1440, 900, `main[data-view="claims"][data-loaded="true"] tr[data-claim-row]`)
	checkActionsVisible(t, d)
	save(d, "claims-1440.png")
	d.resize(1360, 1000)

	// Approve through the page, through the confirmation dialog: it names the
	// claim, the bank and the amount to the 分; Cancel changes nothing.
	c, _, _ := e.views.Claim(context.Background(), claim)
	d.click(d.waitElement(`button[data-action="approve"][data-claim="` + claim + `"]`))
	checkDialog(t, d, claim, "icbc-dz", groupThousands(c.Payable)+" 元", groupThousands(c.Loss)+" 元")
	checkNoEnglish(t, d, "the confirmation dialog")
	save(d, "confirm.png")
	d.click(d.waitElement(`dialog[open] button[data-action="cancel"]`))
	waitGone(t, d, `dialog[open]`)
	if c, _, _ := e.views.Claim(context.Background(), claim); c.Status != "pending" || len(c.Approvals) != 0 {
		t.Fatalf("after Cancel: got %s approved by %v, want pending, no approval", c.Status, c.Approvals)
	}
	d.click(d.waitElement(`button[data-action="approve"][data-claim="` + claim + `"]`))
	d.click(d.waitElement(`dialog[open] button[data-action="confirm-approve"][data-claim="` + claim + `"]`))
	// The engine applies it and the read model shows the claim paid (the
	// pool holds enough).
	waitFor(t, 15*time.Second, "the claim to be approved", func() (bool, error) {
		c, ok, err := e.views.Claim(context.Background(), claim)
		return ok && c.Status != "pending", err
	})
	if c, _, _ := e.views.Claim(context.Background(), claim); c.Status != "paid" || len(c.Approvals) != 1 || c.Approvals[0] != "finance:li" {
		t.Fatalf("after approving in the console: got %s approved by %v, want paid, approved by finance:li", c.Status, c.Approvals)
	}
	// The open queue no longer lists it.
	waitFor(t, 15*time.Second, "the queue to drop the approved claim", func() (bool, error) {
		return len(d.elements(`main[data-loaded="true"] tr[data-claim-row="`+claim+`"]`)) == 0 &&
			len(d.elements(`main[data-view="claims"][data-loaded="true"]`)) == 1, nil
	})

	// Reject another one with a reason: Esc cancels, Enter submits; the
	// dialog names the claim and its payable to the 分, and the one request
	// sent carries an Idempotency-Key.
	const rejected = "lukedan/boc-jn-G1"
	d.script(fetchSpyJS, nil)
	d.click(d.waitElement(`button[data-action="reject"][data-claim="` + rejected + `"]`))
	r, _, _ := e.views.Claim(context.Background(), rejected)
	checkDialog(t, d, rejected, "boc-jn", groupThousands(r.Payable)+" 元")
	d.sendKeys(d.waitElement(`dialog[open] input[data-reason="`+rejected+`"]`), "not this one"+keyEscape)
	waitGone(t, d, `dialog[open]`)
	if c, _, _ := e.views.Claim(context.Background(), rejected); c.Status != "pending" {
		t.Fatalf("after Esc in the reject box: got %s, want pending", c.Status)
	}
	d.click(d.waitElement(`button[data-action="reject"][data-claim="` + rejected + `"]`))
	reason := d.waitElement(`dialog[open] input[data-reason="` + rejected + `"]`)
	d.sendKeys(reason, keyEnter) // no reason: refused in the dialog
	d.waitElement(`dialog[open] #confirm-error:not(:empty)`)
	d.sendKeys(reason, "guarantee fee unpaid"+keyEnter)
	waitFor(t, 15*time.Second, "the claim to be rejected", func() (bool, error) {
		c, _, err := e.views.Claim(context.Background(), rejected)
		return c.Status == "rejected" && c.RejectReason == "guarantee fee unpaid", err
	})
	waitGone(t, d, `dialog[open]`)
	checkKeys(t, d, "the rejection", 1)

	// The program dashboard: pool, leverage gauge, claims over time.
	d.navigate(e.url + "/#/programs/dz-lukedai")
	d.waitElement(`main[data-view="program"][data-loaded="true"]`)
	d.waitElement(`#claims-chart rect.bar`)
	d.waitElement(`.gauge-fill`)
	checkRiskPanel(t, e, d, "zh")
	checkNoEnglish(t, d, "the program dashboard")
	var panelHeight int
	d.script(`document.getElementById('toast').hidden = true;
		return Math.ceil(document.getElementById('risk-panel').getBoundingClientRect().height)`, &panelHeight)
	// The window's height includes about 140 pixels of browser chrome.
	d.resize(1360, min(max(panelHeight+260, 900), 2400))
	d.script(`window.scrollTo(0, document.getElementById('risk-panel').getBoundingClientRect().top + window.scrollY - 70); return null`, nil)
	save(d, "risk.png")
	var height int
	d.script(`return Math.ceil(document.documentElement.scrollHeight)`, &height)
	d.resize(1360, min(max(height+140, 900), 4000))
	save(d, "program.png")
	d.resize(1360, 1000)
	checkProgramText(t, e, d, "补偿申请走势")
	d.navigate(e.url + "/#/programs")
	d.waitElement(`main[data-view="programs"][data-loaded="true"] .program-card`)
	checkNoEnglish(t, d, "the programs")
	save(d, "programs.png")

	checkTwoOfficers(t, e, d, save)
	checkLostAnswers(t, e, d)

	// Print: no navigation, no buttons.
	// Every claim is decided by now: the list of all of them.
	d.click(d.waitElement(`button[data-filter="all"]`))
	d.waitElement(`main[data-view="claims"][data-loaded="true"] button.chip.on[data-filter="all"]`)
	d.waitElement(`main[data-view="claims"][data-loaded="true"] tr[data-claim-row]`)
	checkPrint(t, d)
	save(d, "print.png")
	d.cdp("Emulation.setEmulatedMedia", map[string]any{"media": ""})

	// Small and wide screens.
	checkViewport(t, d, 390, 844, `main[data-view="claims"][data-loaded="true"]`)
	save(d, "claims-390.png")
	d.navigate(e.url + "/#/programs")
	checkViewport(t, d, 390, 844, `main[data-view="programs"][data-loaded="true"] .program-card`)
	save(d, "programs-390.png")
	d.resize(1360, 1000)

	// The English switch: remembered in localStorage, the page's lang
	// follows; the English view keeps the console's wording.
	d.navigate(e.url + "/#/claims")
	d.waitElement(`main[data-view="claims"][data-loaded="true"]`)
	d.click(d.waitElement(`#lang-switch[data-lang="en"]`))
	d.waitElement(`html[lang="en"] main[data-view="claims"][data-loaded="true"]`)
	var text string
	d.script(`return document.body.textContent`, &text)
	for _, want := range []string{"Claim queue", "Open claims", "Paid / owed", "rejected", "approved by"} {
		if !strings.Contains(text, want) {
			t.Errorf("the English claim queue lacks %q:\n%s", want, text)
		}
	}
	var banner string
	d.script(`return document.getElementById('decision-banner').textContent`, &banner)
	if !strings.Contains(banner, "the server recorded your last action") {
		t.Errorf("the banner about the lost answer did not switch to English: %q", banner)
	}
	save(d, "claims-en.png")
	d.navigate(e.url + "/#/programs/dz-lukedai")
	d.waitElement(`main[data-view="program"][data-loaded="true"]`)
	checkLang(t, d, "en")
	checkRiskPanel(t, e, d, "en")
	checkProgramText(t, e, d, "Claims over time")

	// The investor: the pipeline, and nothing of the banks.
	d.click(d.waitElement(`#signout`))
	signIn(t, d, "investor:vc1")
	d.waitElement(`main[data-view="pipeline"][data-loaded="true"]`)
	d.waitElement(`article[data-project="p-quantum"]`)
	checkLang(t, d, "en")
	save(d, "pipeline-en.png")
	var html string
	d.script(`return document.body.innerText`, &text)
	d.script(`return document.documentElement.outerHTML`, &html)
	if !strings.Contains(text, "Quantum key distribution modules") || !strings.Contains(strings.ToLower(text), "credit standing") {
		t.Errorf("the investor's page lacks the pipeline:\n%s", text)
	}
	assertNoSecrets(t, text, secrets)
	assertNoSecrets(t, html, secrets)
	// Filters narrow the list.
	d.script(`const s = document.getElementById('stage'); s.value = 'research'; s.dispatchEvent(new Event('change')); return null`, nil)
	waitFor(t, 15*time.Second, "the stage filter", func() (bool, error) {
		return len(d.elements(`main[data-loaded="true"] article[data-project]`)) == 1 &&
			len(d.elements(`article[data-project="p-quantum"]`)) == 1, nil
	})
	// Back to Chinese: the pipeline has no English label either.
	d.click(d.waitElement(`#lang-switch[data-lang="zh"]`))
	d.waitElement(`html[lang="zh-CN"] main[data-view="pipeline"][data-loaded="true"] article[data-project]`)
	d.script(`const s = document.getElementById('stage'); s.value = ''; s.dispatchEvent(new Event('change')); return null`, nil)
	waitFor(t, 15*time.Second, "every project", func() (bool, error) {
		return len(d.elements(`main[data-loaded="true"] article[data-project]`)) > 1, nil
	})
	checkNoEnglish(t, d, "the pipeline")
	save(d, "pipeline.png")
	d.script(`return document.body.innerText`, &text)
	assertNoSecrets(t, text, secrets)
}

// checkTwoApprovalsShown: the queue says "two approvals needed" exactly
// where the API's claim document does (needs_two_approvals), which
// foretells it for a pending claim: the console applies no threshold.
func checkTwoApprovalsShown(t *testing.T, e *env, d *webDriver) {
	t.Helper()
	var rows []string
	d.script(`return [...document.querySelectorAll('tr[data-claim-row]')].map((r) => r.dataset.claimRow)`, &rows)
	shown := 0
	for _, id := range rows {
		c, ok, err := e.views.Claim(context.Background(), id)
		if err != nil || !ok {
			t.Fatalf("claim %s: got %v, %v from the read model", id, ok, err)
		}
		says := len(d.elements(`[data-needs-two="`+id+`"]`)) == 1
		if says != c.NeedsTwoApprovals {
			t.Errorf("claim %s (%s, payable %s): the console shows two approvals needed %v, the API says %v",
				id, c.Status, c.Payable, says, c.NeedsTwoApprovals)
		}
		if says {
			shown++
		}
	}
	if shown == 0 {
		t.Errorf("no claim of %v shows two approvals needed; want dz-lukedai/icbc-dz-L1 (payable 2,800,000 ≥ 2,000,000)", rows)
	}
}

// checkRiskPanel checks the program dashboard's pool-adequacy panel
// against the API's report, in the page's language: the histogram of
// simulated pool draws is SVG with the pool balance marked, and P(exhaust)
// is shown.
func checkRiskPanel(t *testing.T, e *env, d *webDriver, lang string) {
	t.Helper()
	d.waitElement(`html[lang="` + map[string]string{"zh": "zh-CN", "en": "en"}[lang] + `"] #risk-panel[data-risk-loaded="true"]`)
	d.waitElement(`svg#risk-chart rect.bar`)
	var doc programrisk.Report
	e.want(200, req{method: "GET", path: "/v1/programs/dz-lukedai/risk", subject: "finance:li"}).decode(t, &doc)
	var shown struct {
		Label, Value, Raw, Pool string
		Bars                    int
	}
	d.script(`const k = document.querySelector('[data-kpi="p-exhaust"]');
		const svg = document.getElementById('risk-chart');
		return {Label: k.querySelector('.kpi-label').textContent, Value: k.querySelector('.kpi-value').textContent,
			Raw: k.getAttribute('data-value'), Pool: svg.querySelector('line.pool-line').getAttribute('data-pool'),
			Bars: svg.querySelectorAll('rect.bar').length}`, &shown)
	p := doc.Simulation.PExhaust
	want := "0%"
	switch {
	case p > 0 && p < 0.0001:
		want = "<0.01%"
	case p > 0:
		want = fmt.Sprintf("%.2f%%", p*100)
	}
	label := map[string]string{"zh": "资金池耗尽概率", "en": "P(exhaust)"}[lang]
	if raw, err := strconv.ParseFloat(shown.Raw, 64); shown.Label != label || shown.Value != want || err != nil || raw != p {
		t.Errorf("P(exhaust): got label %q, value %q (data-value %q); want %s, %q (%v)", shown.Label, shown.Value, shown.Raw, label, want, p)
	}
	if pool, err := strconv.ParseFloat(shown.Pool, 64); err != nil || risk.FormatAmount(decimal.NewFromFloat(pool)) != doc.Portfolio.PoolBalance {
		t.Errorf("pool line at %q, want the pool balance %s", shown.Pool, doc.Portfolio.PoolBalance)
	}
	nonEmpty := 0
	for _, c := range doc.Simulation.Histogram.Counts {
		if c > 0 {
			nonEmpty++
		}
	}
	if shown.Bars != nonEmpty {
		t.Errorf("risk chart: got %d bars, want one per non-empty bin (%d)", shown.Bars, nonEmpty)
	}
	var text string
	d.script(`return document.getElementById('risk-panel').textContent`, &text)
	wants := []string{"Expected loss", groupThousands(doc.ExpectedLoss.Loss), "99.9% pool draw", groupThousands(doc.Simulation.DrawQ999),
		"assumptions 2026-01", "Stress scenarios"}
	if lang == "zh" {
		wants = []string{"预期损失", wan(doc.ExpectedLoss.Loss), groupThousands(doc.ExpectedLoss.Loss), "99.9% 分位资金池支出",
			groupThousands(doc.Simulation.DrawQ999), "项目参数 2026-01", "压力情景"}
	}
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("the risk panel lacks %q:\n%s", w, text)
		}
	}
	if p == 0 {
		t.Errorf("the fixture's pool should run dry in some scenarios (icbc-dz-L8 alone draws more than it holds): got P(exhaust) 0")
	}
}

// signIn signs in on the console's sign-in form.
func signIn(t *testing.T, d *webDriver, subject string) {
	t.Helper()
	d.sendKeys(d.waitElement(`main[data-view="signin"] #token`), tokenOf(subject))
	d.click(d.waitElement(`#signin-btn`))
	d.waitElement(`#subject`)
}

// groupThousands writes an amount as the console does: "1970000.00" →
// "1,970,000.00".
func groupThousands(amount string) string {
	whole, frac, _ := strings.Cut(amount, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + "." + frac
}
