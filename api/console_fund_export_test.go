package api

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestConsoleFundExports: an investor opens the fund page and saves the
// investments report as CSV: the file is the API's byte for byte and names
// no co-investor; the fund's manager sees both reports' buttons.
func TestConsoleFundExports(t *testing.T) {
	e := fundRounds(t)
	d := startChromedriver(t)
	d.newSession(1360, 1000)
	downloads := t.TempDir()
	d.cdp("Browser.setDownloadBehavior", map[string]any{"behavior": "allow", "downloadPath": downloads})
	d.navigate(e.url + "/")
	d.waitElement(`main[data-view="signin"][data-loaded="true"]`)
	signIn(t, d, "investor:vc1")
	d.navigate(e.url + "/#/fund")
	d.waitElement(`main[data-view="fund"][data-loaded="true"] [data-fund-leverage="dz-transfer"][data-value="4.2857"]`)
	want := e.want(200, req{method: "GET", path: "/v1/reports/fund_investments?format=csv", subject: "investor:vc1"})
	name := strings.TrimSuffix(strings.TrimPrefix(want.header.Get("Content-Disposition"), `attachment; filename="`), `"`)
	d.click(d.waitElement(`[data-export="fund_investments"] button[data-format="csv"]`))
	d.waitElement(`[data-export="fund_investments"][data-exported="` + name + " " + strconv.Itoa(len(want.body)) + `"]`)
	got := waitDownload(t, filepath.Join(downloads, name))
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
	wantProjects := e.want(200, req{method: "GET", path: "/v1/reports/projects?format=csv", subject: "investor:vc1"})
	pname := strings.TrimSuffix(strings.TrimPrefix(wantProjects.header.Get("Content-Disposition"), `attachment; filename="`), `"`)
	d.click(d.waitElement(`[data-export="projects"] button[data-format="csv"]`))
	d.waitElement(`[data-export="projects"][data-exported="` + pname + " " + strconv.Itoa(len(wantProjects.body)) + `"]`)
	if got := waitDownload(t, filepath.Join(downloads, pname)); !bytes.Equal(got, wantProjects.body) {
		t.Errorf("the saved projects CSV differs from the API's:\n%s\nwant\n%s", got, wantProjects.body)
	}
	if rows := csvRows(t, wantProjects.body); len(rows) < 2 || !strings.HasSuffix(rows[0][0], "project") {
		t.Errorf("the projects report: %q", rows)
	}
	for _, name := range []string{"vc-a", "vc-b", "vc-c", "investor:"} {
		if bytes.Contains(wantProjects.body, []byte(name)) {
			t.Errorf("the projects report names %s", name)
		}
	}

	f := d.another(1360, 1000)
	f.navigate(e.url + "/")
	f.waitElement(`main[data-view="signin"][data-loaded="true"]`)
	signIn(t, f, "fund:dz-transfer")
	f.waitElement(`main[data-view="fund"][data-loaded="true"] [data-export="funds"] button[data-format="csv"]`)
	f.waitElement(`[data-export="fund_investments"] button[data-format="xlsx"]`)
}
