package api

import (
	"os"
	"path/filepath"
	"testing"
)

// TestConsoleBankLoans: a bank lands on its loans ("我的贷款"), sees every
// loan of its own and no other bank's, with the outstanding to the 分, and
// the Chinese view has no English label.
func TestConsoleBankLoans(t *testing.T) {
	e := newEnv(t)
	d := startChromedriver(t)
	d.newSession(1360, 1000)
	d.navigate(e.url + "/")
	d.waitElement(`main[data-view="signin"][data-loaded="true"]`)
	signIn(t, d, "bank:icbc-dz")
	d.navigate(e.url + "/#/loans")
	d.waitElement(`main[data-view="loans"][data-loaded="true"]`)
	var doc struct {
		Loans []struct {
			ID, Bank, Outstanding string
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
		var text string
		d.script(`return document.querySelector('[data-outstanding="'+arguments[0]+'"]').textContent`, &text, l.ID)
		if text != groupThousands(l.Outstanding) {
			t.Errorf("loan %s: outstanding %q, want %q", l.ID, text, groupThousands(l.Outstanding))
		}
	}
	if rows := d.elements(`tr[data-loan-row]`); len(rows) != len(doc.Loans) {
		t.Errorf("%d loan rows, want %d", len(rows), len(doc.Loans))
	}
	checkNoEnglish(t, d, "the bank's loans")
	png := d.screenshot()
	if dir := os.Getenv(screenshotDirEnv); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "bank-loans.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(t.TempDir(), "bank-loans.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
