package api

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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

// TestConsoleInBrowser drives the web console in headless Chromium: the
// finance office approves a pending claim through the page, the program
// dashboard renders its chart, and an investor's page shows no loan id and
// no bank name.
func TestConsoleInBrowser(t *testing.T) {
	e := newEnv(t)
	secrets := bankSecrets(t, e)
	d := startChromedriver(t)
	d.newSession(1360, 1000)
	shots := t.TempDir()
	save := func(name string) {
		t.Helper()
		png := d.screenshot()
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
		if dir := os.Getenv(screenshotDirEnv); dir != "" {
			if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("screenshot %s", filepath.Join(shots, name))
	}

	d.navigate(e.url + "/")
	signIn(t, d, "finance:li")
	d.waitElement(`main[data-view="claims"][data-loaded="true"]`)
	const claim = "dz-lukedai/icbc-dz-L2"
	d.waitElement(`tr[data-claim-row="` + claim + `"]`)
	checkTwoApprovalsShown(t, e, d)
	save("claims.png")

	// Approve through the page; the engine applies it and the read model
	// shows the claim paid (the pool holds enough).
	d.click(d.waitElement(`button[data-action="approve"][data-claim="` + claim + `"]`))
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

	// Reject another one with a reason.
	d.click(d.waitElement(`button[data-action="reject"][data-claim="lukedan/boc-jn-G1"]`))
	d.sendKeys(d.waitElement(`input[data-reason="lukedan/boc-jn-G1"]`), "guarantee fee unpaid")
	d.click(d.waitElement(`button[data-action="confirm-reject"][data-claim="lukedan/boc-jn-G1"]`))
	waitFor(t, 15*time.Second, "the claim to be rejected", func() (bool, error) {
		c, _, err := e.views.Claim(context.Background(), "lukedan/boc-jn-G1")
		return c.Status == "rejected" && c.RejectReason == "guarantee fee unpaid", err
	})

	// The program dashboard: pool, leverage gauge, claims over time.
	d.navigate(e.url + "/#/programs/dz-lukedai")
	d.waitElement(`main[data-view="program"][data-loaded="true"]`)
	d.waitElement(`#claims-chart rect.bar`)
	d.waitElement(`.gauge-fill`)
	checkRiskPanel(t, e, d)
	var panelHeight int
	d.script(`document.getElementById('toast').hidden = true;
		return Math.ceil(document.getElementById('risk-panel').getBoundingClientRect().height)`, &panelHeight)
	// The window's height includes about 140 pixels of browser chrome.
	d.resize(1360, min(max(panelHeight+260, 900), 2400))
	d.script(`window.scrollTo(0, document.getElementById('risk-panel').getBoundingClientRect().top + window.scrollY - 70); return null`, nil)
	save("risk.png")
	var height int
	d.script(`return Math.ceil(document.documentElement.scrollHeight)`, &height)
	d.resize(1360, min(max(height+140, 900), 4000))
	save("program.png")
	d.resize(1360, 1000)
	var text string
	d.script(`return document.body.innerText`, &text)
	p, _, _ := e.views.Program(context.Background(), "dz-lukedai")
	for _, want := range []string{groupThousands(p.PoolBalance), strings.TrimRight(strings.TrimRight(*p.Leverage, "0"), ".") + "×", "Claims over time"} {
		if !strings.Contains(text, want) {
			t.Errorf("the program dashboard lacks %q", want)
		}
	}

	// The investor: the pipeline, and nothing of the banks.
	d.click(d.waitElement(`#signout`))
	signIn(t, d, "investor:vc1")
	d.waitElement(`main[data-view="pipeline"][data-loaded="true"]`)
	d.waitElement(`article[data-project="p-quantum"]`)
	save("pipeline.png")
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
		t.Errorf("no claim of %v shows two approvals needed; want dz-lukedai/icbc-L1 (payable 2,800,000 ≥ 2,000,000)", rows)
	}
}

// checkRiskPanel checks the program dashboard's pool-adequacy panel
// against the API's report: the histogram of simulated pool draws is SVG
// with the pool balance marked, and P(exhaust) is shown.
func checkRiskPanel(t *testing.T, e *env, d *webDriver) {
	t.Helper()
	d.waitElement(`#risk-panel[data-risk-loaded="true"]`)
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
	if raw, err := strconv.ParseFloat(shown.Raw, 64); shown.Label != "P(exhaust)" || shown.Value != want || err != nil || raw != p {
		t.Errorf("P(exhaust): got label %q, value %q (data-value %q); want P(exhaust), %q (%v)", shown.Label, shown.Value, shown.Raw, want, p)
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
	for _, w := range []string{"Expected loss", groupThousands(doc.ExpectedLoss.Loss), "99.9% pool draw", groupThousands(doc.Simulation.DrawQ999),
		"assumptions 2026-01", "Stress scenarios"} {
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
