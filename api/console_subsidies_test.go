package api

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestConsoleSubsidies drives the interest subsidy end to end in the
// browser: the bank applies for a firm's loan and year (confirmed; a loan
// once past due is refused in the dialog), finance approves under dual
// control (the first officer then sees "waiting for a second officer"),
// the budget's figures change to the 分, and a top-up of the budget is
// confirmed and paid. The Chinese views have no English label.
func TestConsoleSubsidies(t *testing.T) {
	// The browser stamps its input with its own clock: the server's is the
	// real one too, so that the input is not from the future.
	e := subsidyWorld(t, func(c *Config) { c.Now = time.Now })
	const a = "dz-subsidy/icbc-dz-S.A/2026"
	e.want(200, req{method: "POST", path: "/v1/programs/dz-subsidy/subsidy-funding", subject: "finance:li",
		body: `{"funder":"city","amount":"600000.00"}`, header: map[string]string{"Idempotency-Key": "console-budget-1"}})
	d := browserAs(t, e, "bank:icbc-dz", "subsidies")
	d.waitElement(`main[data-view="subsidies"][data-loaded="true"] #subsidy-loan`)
	choose := func(loan string) {
		d.script(`const s = document.getElementById('subsidy-loan'); s.value = arguments[0]; s.dispatchEvent(new Event('change')); return null`, nil, loan)
		d.script(`const y = document.getElementById('subsidy-year'); y.value = '2026'; y.dispatchEvent(new Event('input')); return null`, nil)
		d.click(d.waitElement(`button[data-action="apply-subsidy"]`))
	}
	// Once 1 day past due: refused, said in the dialog, nothing recorded.
	choose("icbc-dz-S.C")
	checkDialog(t, d, "icbc-dz-S.C", "2026")
	d.click(d.waitElement(`dialog[open] button[data-action="confirm"]`))
	d.waitElement(`dialog[open] #confirm-error [data-raw]`)
	checkDialog(t, d, "不符合条件", "not_eligible")
	d.click(d.waitElement(`dialog[open] button[data-action="cancel"]`))
	waitGone(t, d, `dialog[open]`)
	choose("icbc-dz-S.A")
	checkDialog(t, d, "icbc-dz-S.A", "e1", "2026", "确认申请贴息")
	d.click(d.waitElement(`dialog[open] button[data-action="confirm"]`))
	d.waitElement(`main[data-loaded="true"] [data-subsidy-amount="` + a + `"]`)
	var amount string
	d.script(`return document.querySelector('[data-subsidy-amount="'+arguments[0]+'"]').textContent`, &amount, a)
	if amount != "500,000.00" {
		t.Errorf("the bank's row of %s: amount %q, want 500,000.00 (40%% of 1,300,000.00, capped)", a, amount)
	}
	if s, ok, _ := e.views.Subsidy(context.Background(), "dz-subsidy/icbc-dz-S.C/2026"); ok {
		t.Errorf("the refused application was recorded: %+v", s)
	}
	checkNoEnglish(t, d, "the bank's subsidies")
	saveShot(t, d, "subsidies-bank.png")

	// Finance: li approves first (at the threshold: two officers needed).
	li := anotherSignedIn(t, d, e, "finance:li", "subsidies")
	li.click(li.waitElement(`main[data-loaded="true"] button[data-action="approve-subsidy"][data-subsidy="` + a + `"]`))
	checkDialog(t, li, a, "icbc-dz", "e1", "1,300,000.00 元", "500,000.00 元", "此笔需两人审批")
	li.script(fetchSpyJS, nil)
	li.click(li.waitElement(`dialog[open] button[data-action="confirm"]`))
	checkWaiting(t, li, a, `button[data-action="approve-subsidy"][data-subsidy="`+a+`"]`)
	figure := func(w *webDriver, field, want string) {
		t.Helper()
		waitFor(t, 10*time.Second, field+" "+want, func() (bool, error) {
			return len(w.elements(`[data-budget="dz-subsidy"] [data-figure="`+field+`"][data-value="`+want+`"]`)) == 1, nil
		})
	}
	figure(li, "subsidy_balance", "600000.00")
	checkKeys(t, li, "the first approval of a subsidy", 1)
	checkNoEnglish(t, li, "the subsidy queue")
	saveShot(t, li, "subsidies-waiting.png")

	// ann gives the second approval: paid 500,000.00, the budget down.
	ann := anotherSignedIn(t, d, e, "finance:ann", "subsidies")
	ann.click(ann.waitElement(`main[data-loaded="true"] button[data-action="approve-subsidy"][data-subsidy="` + a + `"]`))
	checkDialog(t, ann, a, "500,000.00 元", "第二人审批", "finance:li")
	ann.click(ann.waitElement(`dialog[open] button[data-action="confirm"]`))
	figure(ann, "subsidy_paid", "500000.00")
	figure(ann, "subsidy_balance", "100000.00")
	if s, _, _ := e.views.Subsidy(context.Background(), a); s.Status != "paid" || s.Paid != "500000.00" || !slices.Equal(s.Approvals, []string{"finance:li", "finance:ann"}) {
		t.Errorf("%s: got %s paid %s by %v, want paid 500000.00 by li and ann", a, s.Status, s.Paid, s.Approvals)
	}
	// li's queue drops it within the polling interval.
	waitGone(t, li, `#subsidy-queue [data-subsidy-row="`+a+`"]`)

	// ann tops the budget up by 250,000.00, confirmed.
	ann.sendKeys(ann.waitElement(`input[data-fund-amount="dz-subsidy"]`), "250000")
	ann.click(ann.waitElement(`button[data-action="fund-subsidy"][data-program="dz-subsidy"]`))
	text := checkDialog(t, ann, "dz-subsidy", "city", "250,000.00 元", "确认拨入贴息资金")
	if strings.Contains(text, "250000 ") {
		t.Errorf("the dialog shows the amount as typed, not to the 分:\n%s", text)
	}
	ann.click(ann.waitElement(`dialog[open] button[data-action="confirm"]`))
	figure(ann, "subsidy_funded", "850000.00")
	figure(ann, "subsidy_balance", "350000.00")
	figure(ann, "subsidy_owed", "0.00")
	checkNoEnglish(t, ann, "the subsidy budget")
	saveShot(t, ann, "subsidies-budget.png")

	// The English switch names the same figures.
	ann.click(ann.waitElement(`#lang-switch`))
	ann.waitElement(`html[lang="en"] main[data-view="subsidies"][data-loaded="true"]`)
	var en string
	ann.script(`return document.querySelector('main').textContent`, &en)
	for _, want := range []string{"Interest subsidies and budget", "Subsidy budget balance", "350,000.00", "Fund the subsidy budget", "All subsidies"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English view lacks %q:\n%s", want, en)
		}
	}
}
