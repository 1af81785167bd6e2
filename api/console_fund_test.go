package api

import "testing"

// TestConsoleFundAndRoadshow: an investor registers interest in a project
// and commits 3,000,000.00 through the confirm dialog, and the project card
// shows it; the fund's manager lands on the fund page, which shows
// leverage 4.2857 for the two rounds. Both views have no English
// label in Chinese.
func TestConsoleFundAndRoadshow(t *testing.T) {
	e := newEnvFrom(t, "testdata/programs_fund.json")
	e.want(200, req{method: "POST", path: "/v1/funds/dz-transfer/commitments", subject: "finance:li",
		body: `{"funder":"city","amount":"100000000.00","id":"fc-1"}`})
	for _, body := range []string{
		`{"investment":"inv-1","project":"p-chip","round_size":"20000000.00","amount":"4000000.00","co_investors":[{"investor":"vc-a","amount":"10000000.00"},{"investor":"vc-b","amount":"6000000.00"}],"invested_on":"2026-10-01"}`,
		`{"investment":"inv-2","project":"p-robot","round_size":"10000000.00","amount":"3000000.00","co_investors":[{"investor":"vc-a","amount":"3500000.00"},{"investor":"vc-c","amount":"3500000.00"}],"invested_on":"2026-10-02"}`,
	} {
		e.want(200, req{method: "POST", path: "/v1/funds/dz-transfer/investments", subject: "fund:dz-transfer", body: body})
	}
	d := browserAs(t, e, "investor:vc1", "pipeline")
	d.waitElement(`main[data-view="pipeline"][data-loaded="true"]`)
	d.click(d.waitElement(`button[data-action="interest"][data-project="p-chip"]`))
	d.waitElement(`[data-roadshow="p-chip"][data-investors="1"]`) // the card drawn again
	d.sendKeys(d.waitElement(`input[data-commit-amount="p-chip"]`), "3000000.00")
	d.click(d.waitElement(`button[data-action="commit"][data-project="p-chip"]`))
	d.waitElement(`dialog[open] [data-amount="3000000.00"]`)
	d.click(d.waitElement(`dialog[open] button[data-action="confirm"][data-target="p-chip"]`))
	d.waitElement(`[data-committed="p-chip"][data-amount="3000000.00"]`)
	checkNoEnglish(t, d, "the investor's pipeline")
	var p struct {
		InterestedInvestors int `json:"interested_investors"`
	}
	e.want(200, req{method: "GET", path: "/v1/pipeline/p-chip", subject: "finance:li"}).decode(t, &p)
	if p.InterestedInvestors != 1 {
		t.Fatalf("interested investors: got %d, want 1", p.InterestedInvestors)
	}

	f := anotherSignedIn(t, d, e, "fund:dz-transfer", "")
	f.waitElement(`main[data-view="fund"][data-loaded="true"]`)
	f.waitElement(`[data-fund-leverage="dz-transfer"][data-value="4.2857"]`)
	f.waitElement(`svg.fund-gauge`)
	f.waitElement(`svg.fund-shares g[data-share="fund.hard_tech"]`)
	checkNoEnglish(t, f, "the fund page")

	// Finance commits capital from the same page, through the confirm dialog.
	g := anotherSignedIn(t, d, e, "finance:li", "fund")
	g.waitElement(`main[data-view="fund"][data-loaded="true"]`)
	g.sendKeys(g.waitElement(`input[data-fund-amount="dz-transfer"]`), "1000000.00")
	g.click(g.waitElement(`button[data-action="fund-commit"][data-fund="dz-transfer"]`))
	g.waitElement(`dialog[open] [data-amount="1000000.00"]`)
	g.click(g.waitElement(`dialog[open] button[data-action="confirm"][data-target="dz-transfer"]`))
	g.waitElement(`[data-fund="dz-transfer"][data-fund-committed="101000000.00"]`)
	checkNoEnglish(t, g, "finance's fund page")
}
