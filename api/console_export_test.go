package api

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestConsoleExports: a bank's loans list has CSV and Excel buttons;
// clicking each saves the file the API serves for the same report (its
// bytes, read back from the browser's download directory), holding only
// the bank's rows; no CSP violation, no English in the Chinese view. The
// finance office's claim queue and the programs list have theirs too.
func TestConsoleExports(t *testing.T) {
	e := newEnv(t)
	d, downloads := downloadingBrowser(t, "bank:icbc-dz", e)
	d.navigate(e.url + "/#/loans")
	d.waitElement(`main[data-view="loans"][data-loaded="true"]`)
	d.script(`window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI)); return null`, nil)

	for _, format := range []string{"csv", "xlsx"} {
		got, want := exportSaved(t, e, d, downloads, "loans", "bank:icbc-dz", format)
		switch format {
		case "csv":
			if !bytes.Equal(got, want.body) {
				t.Errorf("the saved CSV differs from the API's:\n%s\nwant\n%s", got, want.body)
			}
			rows := csvRows(t, got)
			if len(rows) < 2 {
				t.Fatalf("the saved CSV has %d rows", len(rows))
			}
			for _, r := range rows[1:] {
				if r[2] != "icbc-dz" {
					t.Errorf("the bank's CSV holds %q", r)
				}
			}
		case "xlsx":
			g, w := xlsxRows(t, got, "loans"), xlsxRows(t, want.body, "loans")
			if !slices.EqualFunc(g, w, slices.Equal) || len(g) < 2 {
				t.Errorf("the saved workbook's rows differ from the API's:\n%q\nwant\n%q", g, w)
			}
		}
	}
	var violations []string
	d.script(`return window.cspViolations`, &violations)
	if len(violations) > 0 {
		t.Errorf("CSP violations: %v", violations)
	}
	checkNoEnglish(t, d, "the bank's loans with its export buttons")

	// The finance office: the claim queue and the programs list.
	d.script(`sessionStorage.clear(); return null`, nil)
	d.navigate(e.url + "/")
	d.waitElement(`main[data-view="signin"][data-loaded="true"]`)
	signIn(t, d, "finance:li")
	d.navigate(e.url + "/#/claims")
	d.waitElement(`main[data-view="claims"][data-loaded="true"]`)
	if got, want := exportSaved(t, e, d, downloads, "claims", "finance:li", "csv"); !bytes.Equal(got, want.body) {
		t.Errorf("the saved claims CSV differs from the API's:\n%s\nwant\n%s", got, want.body)
	}
	d.navigate(e.url + "/#/programs")
	d.waitElement(`main[data-view="programs"][data-loaded="true"]`)
	d.waitElement(`[data-export="pool"] button[data-format="xlsx"]`)
	checkNoEnglish(t, d, "the programs with their export buttons")

	// A programme's page offers two reports' buttons: each group says which.
	d.navigate(e.url + "/#/programs/dz-lukedai")
	d.waitElement(`main[data-view="program"][data-loaded="true"] [data-export="claims"]`)
	var groups []string
	d.script(`return Array.from(document.querySelectorAll('[data-export]'), g => g.dataset.export + '|' + g.getAttribute('aria-label') + '|' + g.querySelector('.export-kind').textContent)`, &groups)
	if want := []string{"pool|导出报表：资金池报表|资金池报表", "claims|导出报表：补偿申请报表|补偿申请报表"}; !slices.Equal(groups, want) {
		t.Errorf("a programme's export groups %q, want %q", groups, want)
	}
}

// downloadingBrowser opens a browser that saves its downloads in a temp
// dir (the second result) and signs in as subject.
func downloadingBrowser(t *testing.T, subject string, e *env) (*webDriver, string) {
	t.Helper()
	d := browserAs(t, e, subject, "")
	downloads := t.TempDir()
	d.cdp("Browser.setDownloadBehavior", map[string]any{"behavior": "allow", "downloadPath": downloads})
	return d, downloads
}

// exportSaved clicks the format button of the page's export of kind (the
// report GET /v1/reports/<kind>) and returns the file the browser saved,
// once the page says it exported the API's file name and size, with the
// API's own answer for the report as subject.
func exportSaved(t *testing.T, e *env, d *webDriver, downloads, kind, subject, format string) ([]byte, response) {
	t.Helper()
	want := e.want(200, req{method: "GET", path: "/v1/reports/" + kind + "?format=" + format, subject: subject})
	name := strings.TrimSuffix(strings.TrimPrefix(want.header.Get("Content-Disposition"), `attachment; filename="`), `"`)
	d.click(d.waitElement(`[data-export="` + kind + `"] button[data-format="` + format + `"]`))
	d.waitElement(`[data-export="` + kind + `"][data-exported="` + name + " " + strconv.Itoa(len(want.body)) + `"]`)
	return waitDownload(t, filepath.Join(downloads, name)), want
}

// waitDownload waits for the browser to finish saving a file and reads it.
func waitDownload(t *testing.T, path string) []byte {
	t.Helper()
	var b []byte
	waitFor(t, 15*time.Second, "the download "+filepath.Base(path), func() (bool, error) {
		var err error
		b, err = os.ReadFile(path)
		return err == nil && len(b) > 0, nil
	})
	return b
}

// TestConsoleFundExports: an investor opens the fund page and saves the
// investments report as CSV: the file is the API's byte for byte and names
// no co-investor; the fund's manager sees both reports' buttons.
func TestConsoleFundExports(t *testing.T) {
	e := fundRounds(t)
	d, downloads := downloadingBrowser(t, "investor:vc1", e)
	d.navigate(e.url + "/#/fund")
	d.waitElement(`main[data-view="fund"][data-loaded="true"] [data-fund-leverage="dz-transfer"][data-value="4.2857"]`)
	got, want := exportSaved(t, e, d, downloads, "fund_investments", "investor:vc1", "csv")
	if !bytes.Equal(got, want.body) {
		t.Errorf("the saved CSV differs from the API's:\n%s\nwant\n%s", got, want.body)
	}
	rows := csvRows(t, got)
	if len(rows) != 3 || rows[1][6] != "16000000.00" || rows[2][6] != "7000000.00" {
		t.Errorf("the investor's investments: %q", rows)
	}
	for _, name := range []string{"vc-a", "vc-b", "vc-c"} {
		if bytes.Contains(got, []byte(name)) {
			t.Errorf("the investor's export names %s", name)
		}
	}
	d.waitElement(`[data-export="funds"] button[data-format="xlsx"]`)
	checkNoEnglish(t, d, "the investor's fund page with its export buttons")

	// The pipeline's export: the projects report, the API's bytes, with the
	// roadshow's counts and sums and no caller's name.
	d.navigate(e.url + "/#/pipeline")
	d.waitElement(`main[data-view="pipeline"][data-loaded="true"]`)
	gotProjects, wantProjects := exportSaved(t, e, d, downloads, "projects", "investor:vc1", "csv")
	if !bytes.Equal(gotProjects, wantProjects.body) {
		t.Errorf("the saved projects CSV differs from the API's:\n%s\nwant\n%s", gotProjects, wantProjects.body)
	}
	if rows := csvRows(t, wantProjects.body); len(rows) < 2 || !strings.HasSuffix(rows[0][0], "project") {
		t.Errorf("the projects report: %q", rows)
	}
	for _, name := range []string{"vc-a", "vc-b", "vc-c", "investor:"} {
		if bytes.Contains(wantProjects.body, []byte(name)) {
			t.Errorf("the projects report names %s", name)
		}
	}

	f := anotherSignedIn(t, d, e, "fund:dz-transfer", "")
	f.waitElement(`main[data-view="fund"][data-loaded="true"] [data-export="funds"] button[data-format="csv"]`)
	f.waitElement(`[data-export="fund_investments"] button[data-format="xlsx"]`)
}
