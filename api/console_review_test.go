package api

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConsoleClaimReview: the bank files the dossier of lukedan/boc-jn-G1
// from its claim page (each file hashed in the browser, never sent), the
// science bureau returns it from its review queue (a reason is required),
// the bank files again and the bureau recommends it from the claim page;
// the claim's timeline shows every step, in Chinese.
func TestConsoleClaimReview(t *testing.T) {
	e := newEnvFrom(t, "testdata/programs_review.json")
	const id, page = "lukedan/boc-jn-G1", "/#/claim/lukedan/boc-jn-G1"
	status := func() string {
		t.Helper()
		var c claimDoc
		e.want(200, req{method: "GET", path: "/v1/claims/" + id, subject: "finance:li"}).decode(t, &c)
		return c.Status
	}
	d := browserAs(t, e, "bank:boc-jn", "")
	d.navigate(e.url + page)
	d.waitElement(`main[data-view="claim"][data-loaded="true"] form[data-dossier="` + id + `"]`)
	dir := t.TempDir()
	for _, kind := range []string{"application", "contract", "vouchers", "court_acceptance"} {
		body := []byte("the " + kind + " of boc-jn-G1")
		file := filepath.Join(dir, kind+".pdf")
		if err := os.WriteFile(file, body, 0o600); err != nil {
			t.Fatal(err)
		}
		d.sendKeys(d.waitElement(`input[type="file"][data-kind="`+kind+`"]`), file)
		sum := sha256.Sum256(body)
		d.waitElement(`[data-sha256="` + kind + `"]`)
		waitText(t, d, `[data-sha256="`+kind+`"]`, hex.EncodeToString(sum[:]))
	}
	// The API's clock is the test's (2026-11-02): the dossier is dated
	// within its window (submit_by 2026-09-30).
	d.script(`document.querySelector('[data-submitted-on]').value = '2026-09-29'`, nil)
	d.click(d.waitElement(`button[data-action="submit-dossier"]`))
	waitStatus(t, status, "submitted")

	d.click(d.waitElement(`#signout`))
	d.waitElement(`main[data-view="signin"][data-loaded="true"]`)
	signIn(t, d, "admin:sci")
	d.navigate(e.url + "/#/review")
	d.waitElement(`main[data-view="review"][data-loaded="true"] tr[data-review-row="` + id + `"]`)
	checkNoEnglish(t, d, "the review queue")
	d.script(`document.querySelector('[data-reviewed-on="'+arguments[0]+'"]').value = '2026-10-09'`, nil, id)
	d.click(d.waitElement(`tr[data-review-row="` + id + `"] button[data-action="return"]`))
	waitText(t, d, `[data-review-error="`+id+`"]`, "退回须写明原因。")
	if s := status(); s != "submitted" {
		t.Fatalf("a return without a reason was sent: %s", s)
	}
	d.sendKeys(d.waitElement(`[data-return-reason="`+id+`"]`), "法院受理通知书未盖章")
	d.click(d.waitElement(`tr[data-review-row="` + id + `"] button[data-action="return"]`))
	waitStatus(t, status, "awaiting_documents")

	// The bank files again (through the API here), the bureau recommends
	// from the claim page.
	e.want(200, req{method: "POST", path: "/v1/claims/" + id + "/submit", subject: "bank:boc-jn",
		body: `{"submitted_on":"2026-09-30","documents":` + dossierAll + `}`})
	d.navigate(e.url + page)
	d.waitElement(`main[data-view="claim"][data-loaded="true"] [data-review="` + id + `"]`)
	d.script(`document.querySelector('[data-reviewed-on="'+arguments[0]+'"]').value = '2026-10-13'`, nil, id)
	d.click(d.waitElement(`[data-review="` + id + `"] button[data-action="recommend"]`))
	waitStatus(t, status, "pending")
	d.navigate(e.url + "/#/review")
	d.waitElement(`main[data-view="review"][data-loaded="true"]`)
	d.navigate(e.url + page)
	d.waitElement(`main[data-view="claim"][data-loaded="true"] li[data-type="claim.reviewed"][data-outcome="applied"]`)
	var types []string
	d.script(`return Array.from(document.querySelectorAll('[data-timeline] > li')).map((n) => n.dataset.type + ' ' + n.dataset.outcome)`, &types)
	if got, want := strings.Join(types, "; "), "loan.overdue applied; claim.submitted applied; claim.reviewed applied; "+
		"claim.submitted applied; claim.reviewed applied"; got != want {
		t.Errorf("timeline:\n got  %s\n want %s", got, want)
	}
	checkNoEnglish(t, d, "the claim page")

	// Finance sees it in its queue with its deadline (decide_by
	// 2026-10-20), marked past: the browser's clock is the real one.
	d.click(d.waitElement(`#signout`))
	d.waitElement(`main[data-view="signin"][data-loaded="true"]`)
	signIn(t, d, "finance:li")
	d.navigate(e.url + "/#/claims")
	d.waitElement(`main[data-view="claims"][data-loaded="true"] [data-due="` + id + `"]`)
	var due []string
	d.script(`const n = document.querySelector('[data-due="'+arguments[0]+'"]'); return [n.dataset.overdue, n.textContent]`, &due, id)
	if len(due) != 2 || !strings.Contains(due[1], "2026-10-20") {
		t.Errorf("the queue's deadline of %s: got %v, want decide_by 2026-10-20", id, due)
	}
	d.click(d.waitElement(`a[data-claim-link="` + id + `"]`))
	d.waitElement(`main[data-view="claim"][data-loaded="true"] li[data-type="loan.overdue"]`)
}

func waitText(t *testing.T, d *webDriver, css, want string) {
	t.Helper()
	waitFor(t, 15e9, css+" to read "+want, func() (bool, error) {
		var got string
		d.script(`const n = document.querySelector(arguments[0]); return n ? n.textContent : ''`, &got, css)
		return got == want, nil
	})
}

func waitStatus(t *testing.T, status func() string, want string) {
	t.Helper()
	waitFor(t, 15e9, "the claim to be "+want, func() (bool, error) { return status() == want, nil })
}
