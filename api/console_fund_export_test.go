package api

import (
	"bytes"
	"strings"
	"testing"
)

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
