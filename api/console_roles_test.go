package api

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// postEvents sends inputs as subject through POST /v1/events (each line
// an input without its source: the subject's is put first) and wants
// every one applied.
func postEvents(t *testing.T, e *env, subject string, lines ...string) {
	t.Helper()
	batch := make([]string, len(lines))
	for i, l := range lines {
		batch[i] = `{"source":"` + subject + `",` + strings.TrimPrefix(l, "{")
	}
	var res eventsResponse
	e.want(200, req{method: "POST", path: "/v1/events", subject: subject, body: "[" + strings.Join(batch, ",") + "]"}).decode(t, &res)
	if i := slices.IndexFunc(res.Results, func(r Result) bool { return r.Status != "applied" }); i >= 0 || len(res.Results) != len(lines) {
		t.Fatalf("%s: got %+v, want %d inputs applied", subject, res.Results, len(lines))
	}
}

// clickFresh clicks the element matching css, finding it again when a
// live redraw replaced it between the find and the click.
func clickFresh(t *testing.T, d *webDriver, css string) {
	t.Helper()
	waitFor(t, 15*time.Second, "a click on "+css, func() (bool, error) {
		ids := d.elements(css)
		if len(ids) == 0 {
			return false, nil
		}
		err := d.call("POST", "/session/"+d.session+"/element/"+ids[0]+"/click", nil, nil)
		if err != nil && strings.Contains(err.Error(), "stale element") {
			return false, nil
		}
		return err == nil, err
	})
}

// sendKeysFresh types into the element matching css, finding it again
// when a live redraw replaced it (the page keeps what was typed).
func sendKeysFresh(t *testing.T, d *webDriver, css, text string) {
	t.Helper()
	waitFor(t, 15*time.Second, "typing into "+css, func() (bool, error) {
		ids := d.elements(css)
		if len(ids) == 0 {
			return false, nil
		}
		err := d.call("POST", "/session/"+d.session+"/element/"+ids[0]+"/value", map[string]string{"text": text}, nil)
		if err != nil && strings.Contains(err.Error(), "stale element") {
			return false, nil
		}
		return err == nil, err
	})
}

// textOf is the textContent of the first element matching css ("" when
// none does).
func textOf(d *webDriver, css string) string {
	d.t.Helper()
	var s string
	d.script(`const n = document.querySelector(arguments[0]); return n ? n.textContent : ''`, &s, css)
	return s
}

// TestConsoleBankLoans: a bank lands on its loans ("我的贷款"), sees every
// loan of its own and no other bank's, with the outstanding to the 分, and
// the Chinese view has no English label.
func TestConsoleBankLoans(t *testing.T) {
	e := newEnv(t)
	d := browserAs(t, e, "bank:icbc-dz", "")
	d.waitElement(`main[data-view="loans"][data-loaded="true"]`) // its landing view
	if first := textOf(d, `#nav a`); first != "我的贷款" {
		t.Errorf("the bank's first view is %q, want 我的贷款", first)
	}
	var doc struct {
		Loans []struct {
			ID, Bank, Outstanding string
			DisbursedOn           string `json:"disbursed_on"`
		} `json:"loans"`
	}
	e.want(200, req{method: "GET", path: "/v1/loans?limit=50", subject: "bank:icbc-dz"}).decode(t, &doc)
	if len(doc.Loans) == 0 {
		t.Fatal("the fixture's bank has no loans")
	}
	for _, l := range doc.Loans {
		if l.Bank != "icbc-dz" {
			t.Fatalf("the API lists loan %s of bank %s to icbc-dz", l.ID, l.Bank)
		}
		d.waitElement(`tr[data-loan-row="` + l.ID + `"]`)
		if text := textOf(d, `[data-outstanding="`+l.ID+`"]`); text != groupThousands(l.Outstanding) {
			t.Errorf("loan %s: outstanding %q, want %q", l.ID, text, groupThousands(l.Outstanding))
		}
	}
	if rows := d.elements(`tr[data-loan-row]`); len(rows) != len(doc.Loans) {
		t.Errorf("%d loan rows, want %d", len(rows), len(doc.Loans))
	}
	checkLang(t, d, "zh-CN")
	checkNoEnglish(t, d, "the bank's loans")
	saveShot(t, d, "bank-loans.png")
	checkViewport(t, d, 390, 844, `main[data-view="loans"][data-loaded="true"] tr[data-loan-row]`)
	saveShot(t, d, "bank-loans-390.png")
	d.resize(1360, 1000)
	// The loan and outstanding headers sort on the server: by date
	// disbursed and by what is still owed.
	var rows []sortable
	for _, l := range doc.Loans {
		rows = append(rows, sortable{l.ID, l.Outstanding, l.DisbursedOn})
	}
	checkSortedList(t, d, "the bank's loans", "tr[data-loan-row]", "loanRow", "date", rows)
	checkSortedList(t, d, "the bank's loans", "tr[data-loan-row]", "loanRow", "amount", rows)
	// The search box narrows the page's rows.
	checkSearch(t, d, "loans", "tr[data-loan-row]", "loanRow", doc.Loans[1].ID)
	// One enterprise's loans, from the server's borrower index.
	d.sendKeys(d.waitElement(`#loans-borrower`), "e-chip")
	d.click(d.waitElement(`button[data-action="loans-borrower"]`))
	waitFor(t, 15*time.Second, "e-chip's loans", func() (bool, error) {
		var ids []string
		d.script(`return [...document.querySelectorAll('main[data-loaded="true"] tr[data-loan-row]')].map((r) => r.dataset.loanRow)`, &ids)
		return strings.Join(ids, ",") == "icbc-dz-L1,icbc-dz-L3", nil
	})
}

// TestConsoleFiling drives 备案 end to end in a program that requires it:
// the bank files a loan from its row (a missing document is refused in
// words), sees its filing pending; the bureau lands on its filing queue,
// approves it (the dialog names the loan, the bank, the enterprise and
// the amount), finds it on the year-end list of 2027 (its enterprise's
// registration is of 2025), revokes it with a reason, rejects another,
// and opens the enterprise's page with its loans.
func TestConsoleFiling(t *testing.T) {
	e := newEnvFrom(t, "testdata/programs_filing.json")
	postEvents(t, e, "admin:sci",
		filingInput("r-1", "enterprise.registered", "", `{"enterprise":"e-fchip","name":"Filing Chip Co.","sector":"semiconductors","size":"small","park":"dz-park","tech_sme_number":"2025370100A01","tech_sme_year":2025}`))
	disbursed := func(id, principal string) string {
		return filingInput("d-"+id, "loan.disbursed", "dz-filing", `{"loan":"`+id+`","borrower":{"id":"e-fchip","name":"Filing Chip Co.",`+
			`"sector":"semiconductors","size":"small"},"principal":"`+principal+`","annual_rate":"0.04","term_months":24,"disbursed_on":"2026-10-20"}`)
	}
	const loan, other = "icbc-dz-F1", "icbc-dz-F2"
	postEvents(t, e, "bank:icbc-dz", disbursed(loan, "15000000.00"), disbursed(other, "2000000.00"),
		filingInput("f-"+other, "loan.filed", "dz-filing", `{"loan":"`+other+`","filed_on":"2026-11-01","documents":`+docsBoth+`}`))
	ctx := context.Background()

	d := browserAs(t, e, "bank:icbc-dz", "")
	d.waitElement(`main[data-view="loans"][data-loaded="true"] tr[data-loan-row="` + loan + `"]`)
	if got := textOf(d, `[data-filing-of="`+loan+`"]`); got != "未备案" {
		t.Errorf("filing of %s: %q, want 未备案", loan, got)
	}
	if got := textOf(d, `tr[data-loan-row="`+loan+`"] [data-uncovered]`); got != "待备案" {
		t.Errorf("uncovered reason of %s: %q, want 待备案 (not_filed in words)", loan, got)
	}
	checkNoEnglish(t, d, "the bank's loans with filing")
	clickFresh(t, d, `button[data-action="file"][data-loan="`+loan+`"]`)
	d.waitElement(`dialog#file-dialog[open]`)
	if got := textOf(d, `dialog[open] .confirm-facts`); !strings.Contains(got, "15,000,000.00 元") || !strings.Contains(got, "Filing Chip Co.") {
		t.Errorf("the filing dialog: %q, want the principal 15,000,000.00 元 and the borrower", got)
	}
	var filedOn string
	d.script(`return document.getElementById('filed-on').value`, &filedOn)
	if filedOn != "2026-11-02" {
		t.Errorf("filed_on defaults to %q, want the server's date 2026-11-02", filedOn)
	}
	checkNoEnglish(t, d, "the filing dialog")
	saveShot(t, d, "bank-file.png")
	d.sendKeys(d.waitElement(`#doc-consent_letter`), strings.Repeat("ab", 32))
	d.click(d.waitElement(`button[data-action="confirm-file"]`))
	d.waitElement(`#file-error:not(:empty)`)
	if got := textOf(d, `#file-error`); !strings.Contains(got, "缺少项目要求的备案材料") {
		t.Errorf("a filing without its contract: %q, want missing_documents in words", got)
	}
	d.sendKeys(d.waitElement(`#doc-contract`), strings.Repeat("cd", 32))
	d.click(d.waitElement(`button[data-action="confirm-file"]`))
	waitGone(t, d, `dialog[open]`)
	waitFor(t, 15*time.Second, "the filing to be pending", func() (bool, error) {
		l, _, err := e.views.Loan(ctx, loan)
		return l.Filing != nil && *l.Filing == "pending", err
	})
	d.waitElement(`tr[data-my-filing="` + loan + `"] [data-filing="pending"]`)
	d.waitElement(`[data-filing-of="` + loan + `"] [data-filing="pending"]`)
	saveShot(t, d, "bank-filings.png")

	// The bureau: its filing queue first.
	d.click(d.waitElement(`#signout`))
	signIn(t, d, "admin:sci")
	d.waitElement(`main[data-view="filings"][data-loaded="true"] tr[data-filing-row="` + loan + `"]`)
	if got := textOf(d, `.kpis`); !strings.Contains(got, "2 笔") || !strings.Contains(got, "17,000,000.00 元") {
		t.Errorf("the queue's KPIs %q, want 2 pending, 17,000,000.00 元", got)
	}
	checkNoEnglish(t, d, "the filing queue")
	saveShot(t, d, "filings.png")
	checkViewport(t, d, 390, 844, `main[data-view="filings"][data-loaded="true"] tr[data-filing-row]`)
	saveShot(t, d, "filings-390.png")
	d.resize(1360, 1000)
	clickFresh(t, d, `button[data-action="approve-filing"][data-loan="`+loan+`"]`)
	checkDialog(t, d, loan, "icbc-dz", "Filing Chip Co.", "15,000,000.00 元")
	checkNoEnglish(t, d, "the filing approval dialog")
	saveShot(t, d, "filing-approve.png")
	d.click(d.waitElement(`dialog[open] button[data-action="confirm"][data-target="` + loan + `"]`))
	waitGone(t, d, `dialog[open]`)
	waitFor(t, 15*time.Second, "the filing to be approved", func() (bool, error) {
		l, _, err := e.views.Loan(ctx, loan)
		return l.Filing != nil && *l.Filing == "approved", err
	})
	if l, _, _ := e.views.Loan(ctx, loan); *l.Filed != "10000000.00" || !l.Covered {
		t.Fatalf("after approval: filed %s, covered %v; want 10000000.00 (the cap), covered", *l.Filed, l.Covered)
	}
	// Reject the other with a reason.
	clickFresh(t, d, `main[data-loaded="true"] button[data-action="reject-filing"][data-loan="`+other+`"]`)
	d.sendKeys(d.waitElement(`dialog[open] input[data-reason="`+other+`"]`), "合同未盖章"+keyEnter)
	waitFor(t, 15*time.Second, "the other filing to be rejected", func() (bool, error) {
		l, _, err := e.views.Loan(ctx, other)
		return l.Filing != nil && *l.Filing == "rejected", err
	})
	waitGone(t, d, `dialog[open]`)

	// The year-end list of 2027: the approved loan, its filed amount exact.
	sendKeysFresh(t, d, `#unqualified-year`, "2027")
	clickFresh(t, d, `button[data-action="year-end"]`)
	d.waitElement(`#year-end-title`)
	d.waitElement(`main[data-loaded="true"] tr[data-filing-row="` + loan + `"]`)
	if got := textOf(d, `[data-filed="`+loan+`"]`); got != "10,000,000.00" {
		t.Errorf("year-end list: filed %q, want 10,000,000.00", got)
	}
	if n := len(d.elements(`tr[data-filing-row]`)); n != 1 {
		t.Errorf("the year-end list of 2027 has %d rows, want 1", n)
	}
	checkNoEnglish(t, d, "the year-end list")
	saveShot(t, d, "filings-year-end.png")
	clickFresh(t, d, `button[data-action="revoke-filing"][data-loan="`+loan+`"]`)
	checkDialog(t, d, loan, "10,000,000.00 元")
	d.sendKeys(d.waitElement(`dialog[open] input[data-reason="`+loan+`"]`), "年度未入库"+keyEnter)
	waitFor(t, 15*time.Second, "the filing to be revoked", func() (bool, error) {
		l, _, err := e.views.Loan(ctx, loan)
		return l.Filing != nil && *l.Filing == "revoked" && !l.Covered && l.UncoveredReason == "filing_revoked", err
	})
	waitGone(t, d, `dialog[open]`)
	d.waitElement(`main[data-loaded="true"] .panel.empty`) // nothing left to revoke for 2027

	// The enterprise's page: the registry's facts and its loans.
	d.navigate(e.url + "/#/enterprises")
	d.click(d.waitElement(`main[data-view="enterprises"][data-loaded="true"] a[data-enterprise="e-fchip"]`))
	d.waitElement(`main[data-view="enterprises"][data-loaded="true"] #enterprise-loans tr[data-loan-row="` + other + `"]`)
	if got := textOf(d, `#enterprise-facts`); !strings.Contains(got, "2025370100A01") || !strings.Contains(got, "2025 年度入库") {
		t.Errorf("the enterprise's facts %q lack its registration", got)
	}
	if got := textOf(d, `#enterprise-loans tr[data-loan-row="`+loan+`"]`); !strings.Contains(got, "备案已撤销") || !strings.Contains(got, "15,000,000.00") {
		t.Errorf("the enterprise's loan %s: %q, want revoked in words and its principal", loan, got)
	}
	checkNoEnglish(t, d, "the enterprise's page")
	saveShot(t, d, "enterprise.png")
}

// TestConsoleProjects: the bureau registers a roadshow project through the
// form (a malformed amount is refused with the API's code in words), then
// edits its status; the read model holds what was typed.
func TestConsoleProjects(t *testing.T) {
	e := newEnv(t)
	d := browserAs(t, e, "admin:sci", "projects")
	d.waitElement(`main[data-view="projects"][data-loaded="true"] tr[data-project-row="p-chip"]`)
	type field struct{ id, text string }
	for _, f := range []field{{"pf-project", "p-laser2"}, {"pf-enterprise", "e-laser"}, {"pf-title", "激光焊接二期"},
		{"pf-funding_sought", "12.345"}, {"pf-summary", "二期产线"}} {
		d.sendKeys(d.waitElement(`#`+f.id), f.text)
	}
	// A date input types in the browser's locale: set it as the page would.
	d.script(`document.getElementById('pf-stage').value = 'pilot'; document.getElementById('pf-sector').value = 'photonics'; document.getElementById('pf-roadshow_on').value = '2026-12-20'; return null`, nil)
	d.click(d.waitElement(`button[data-action="create-project"]`))
	d.waitElement(`#project-error [data-error-code="bad_amount"]`)
	if got := textOf(d, `#project-error`); !strings.Contains(got, "金额格式不正确") {
		t.Errorf("a bad amount: %q, want bad_amount in words", got)
	}
	checkNoEnglish(t, d, "the project form")
	saveShot(t, d, "projects.png")
	amount := d.waitElement(`#pf-funding_sought`)
	d.cmd("POST", "/element/"+amount+"/clear", nil, nil)
	d.sendKeys(amount, "8000000.50")
	d.click(d.waitElement(`button[data-action="create-project"]`))
	waitFor(t, 15*time.Second, "the form to edit p-laser2", func() (bool, error) {
		if len(d.elements(`main[data-view="projects"][data-loaded="true"] form[data-editing="p-laser2"]`)) == 1 {
			return true, nil
		}
		if msg := textOf(d, `#project-error`); msg != "" && !strings.Contains(msg, "金额格式不正确") {
			return false, fmt.Errorf("the form says %q", msg)
		}
		return false, nil
	})
	p, ok, err := e.views.Project(context.Background(), "p-laser2")
	if err != nil || !ok || p.FundingSought != "8000000.50" || p.Stage != "pilot" || p.Sector != "photonics" || p.Title != "激光焊接二期" || p.RoadshowOn != "2026-12-20" {
		t.Fatalf("registered: got %+v (%v, %v)", p, ok, err)
	}
	if got := textOf(d, `[data-sought="p-laser2"]`); got != "8,000,000.50" {
		t.Errorf("the register shows %q, want 8,000,000.50", got)
	}
	d.script(`document.getElementById('pf-status').value = 'roadshow'; return null`, nil)
	d.click(d.waitElement(`button[data-action="save-project"]`))
	waitFor(t, 15*time.Second, "the project's new status", func() (bool, error) {
		p, _, err := e.views.Project(context.Background(), "p-laser2")
		return p.Status == "roadshow", err
	})
	if p, _, _ := e.views.Project(context.Background(), "p-laser2"); p.FundingSought != "8000000.50" || p.Enterprise != "e-laser" {
		t.Errorf("after the edit: %+v, want the other fields kept", p)
	}
	d.waitElement(`tr[data-project-row="p-laser2"] .st-roadshow`)
	checkSearch(t, d, "projects", "tr[data-project-row]", "projectRow", "p-laser2")
}

// TestConsoleGuarantor: the guarantee company lands on its leverage page:
// liability 4,200,000.00 against net assets 10,000,000.00 is 0.42× of its
// 10× limit, the gauge filled 4.2%; its loans are listed, no other's.
func TestConsoleGuarantor(t *testing.T) {
	e := newEnv(t)
	at := "2026-11-01T09:00:00+08:00"
	postEvents(t, e, "guarantor:sd-kedan", `{"id":"na-2","type":"guarantor.net_assets","at":"`+at+
		`","data":{"guarantor":"sd-kedan","net_assets":"10000000.00","as_of":"2026-10-31"}}`)
	postEvents(t, e, "bank:boc-jn", `{"id":"g3","type":"loan.disbursed","program":"lukedan","at":"`+at+`","data":{"loan":"boc-jn-G3",`+
		`"borrower":{"id":"e-optic","name":"Jinan Optics","sector":"photonics","size":"medium"},"principal":"1200000.00","annual_rate":"0.04",`+
		`"term_months":24,"disbursed_on":"2026-11-01","guarantor":"sd-kedan"}}`)
	var g struct{ Liability, Limit, Leverage string }
	e.want(200, req{method: "GET", path: "/v1/guarantors/sd-kedan", subject: "guarantor:sd-kedan"}).decode(t, &g)
	if g.Liability != "4200000.00" || g.Leverage != "0.4200" || g.Limit != "10.0000" {
		t.Fatalf("the guarantor: %+v, want liability 4200000.00, leverage 0.4200, limit 10.0000", g)
	}
	d := browserAs(t, e, "guarantor:sd-kedan", "")
	d.waitElement(`main[data-view="leverage"][data-loaded="true"] #guarantor-gauge`)
	var shown struct{ Value, Limit, Share, Width, Kpis string }
	d.script(`const g = document.getElementById('guarantor-gauge');
		return {Value: g.querySelector('.gauge-value').textContent, Limit: g.querySelector('.gauge-head .muted').textContent,
			Share: g.getAttribute('data-share'), Width: g.querySelector('.gauge-fill').style.width,
			Kpis: document.querySelector('.kpis').textContent}`, &shown)
	if shown.Value != "0.42×" || shown.Limit != "上限 10×" || shown.Share != "0.0420" || shown.Width != "4.2%" {
		t.Errorf("the gauge shows %+v, want 0.42× of 上限 10×, filled 4.2%%", shown)
	}
	if !strings.Contains(shown.Kpis, "4,200,000.00 元") || !strings.Contains(shown.Kpis, "10,000,000.00 元") {
		t.Errorf("the KPIs %q lack the exact liability and net assets", shown.Kpis)
	}
	for _, id := range []string{"boc-jn-G1", "boc-jn-G2", "boc-jn-G3"} {
		d.waitElement(`#guaranteed-loans tr[data-loan-row="` + id + `"]`)
	}
	if n := len(d.elements(`#guaranteed-loans tr[data-loan-row]`)); n != 3 {
		t.Errorf("%d guaranteed loans shown, want 3", n)
	}
	if got := textOf(d, `[data-outstanding="boc-jn-G3"]`); got != "1,200,000.00" {
		t.Errorf("boc-jn-G3 outstanding %q, want 1,200,000.00", got)
	}
	checkLang(t, d, "zh-CN")
	checkNoEnglish(t, d, "the guarantor's leverage page")
	saveShot(t, d, "guarantor.png")
	checkViewport(t, d, 390, 844, `main[data-view="leverage"][data-loaded="true"] #guarantor-gauge`)
	saveShot(t, d, "guarantor-390.png")
	d.resize(1360, 1000)
	// In English the gauge reads the same multiple against the same limit.
	d.click(d.waitElement(`#lang-switch[data-lang="en"]`))
	d.waitElement(`html[lang="en"] main[data-view="leverage"][data-loaded="true"] #guarantor-gauge`)
	if got := textOf(d, `#guarantor-gauge .gauge-head`); got != "Leverage0.42×limit 10×" {
		t.Errorf("the English gauge reads %q", got)
	}
	saveShot(t, d, "guarantor-en.png")
	// A guarantor that has reported nothing and guarantees nothing sees
	// its page, without a leverage.
	d.click(d.waitElement(`#signout`))
	signIn(t, d, "guarantor:other-g")
	d.waitElement(`main[data-view="leverage"][data-loaded="true"] #guarantor-gauge`)
	if got := textOf(d, `#guarantor-gauge .gauge-value`); got != "net assets not reported" {
		t.Errorf("other-g's gauge reads %q, want net assets not reported", got)
	}
}

// TestConsoleTopUp: finance tops up a pool from the program page: a
// malformed amount is refused before anything is sent; the dialog names
// the program, the funder and the exact amount; the balance on the page
// follows the read model's.
func TestConsoleTopUp(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	before, _, _ := e.views.Program(ctx, "dz-lukedai")
	d := browserAs(t, e, "finance:li", "programs/dz-lukedai")
	d.waitElement(`main[data-view="program"][data-loaded="true"] #topup-form`)
	amount := d.waitElement(`#topup-amount`)
	d.sendKeys(amount, "100.001")
	d.click(d.waitElement(`button[data-action="topup"]`))
	d.waitElement(`#topup-error:not(:empty)`)
	if len(d.elements(`dialog[open]`)) != 0 {
		t.Fatal("a malformed amount opened the confirmation")
	}
	d.cmd("POST", "/element/"+amount+"/clear", nil, nil)
	d.sendKeys(amount, "1234567.89")
	d.click(d.waitElement(`button[data-action="topup"]`))
	checkDialog(t, d, "1,234,567.89 元", "省级", groupThousands(before.PoolBalance)+" 元")
	checkNoEnglish(t, d, "the top-up dialog")
	saveShot(t, d, "topup.png")
	d.script(fetchSpyJS, nil)
	d.click(d.waitElement(`dialog[open] button[data-action="confirm"][data-target="dz-lukedai"]`))
	waitGone(t, d, `dialog[open]`)
	waitFor(t, 15*time.Second, "the top-up", func() (bool, error) {
		p, _, err := e.views.Program(ctx, "dz-lukedai")
		return p.Funded != before.Funded, err
	})
	checkKeys(t, d, "the top-up", 1)
	after, _, _ := e.views.Program(ctx, "dz-lukedai")
	if got, want := cents(t, after.Funded)-cents(t, before.Funded), int64(123456789); got != want {
		t.Errorf("funded rose by %d 分, want %d", got, want)
	}
	// The pool-balance KPI shows the new balance to the 分.
	waitFor(t, 15*time.Second, "the page's balance", func() (bool, error) {
		return strings.Contains(textOf(d, `main[data-loaded="true"] .kpis .kpi`), groupThousands(after.PoolBalance)+" 元"), nil
	})
	checkNoEnglish(t, d, "the program page with the top-up")
}

// cents reads an amount string as a number of 分.
func cents(t *testing.T, s string) int64 {
	t.Helper()
	whole, frac, _ := strings.Cut(s, ".")
	var c int64
	for _, r := range whole + (frac + "00")[:2] {
		c = c*10 + int64(r-'0')
	}
	return c
}
