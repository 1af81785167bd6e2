package api

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/stream/journal"
)

// TestConsolePipelinePagesAndSorts: the investor's 路演项目库 of 64
// projects (the fixture's four and 60 more, amounts and roadshow dates
// that tie) shows 50 cards a page, by id; the 融资需求 and 路演日期
// headers sort it on the server, ascending then descending, ties by id,
// the two pages holding exactly every project in that order; each card
// reads its funding sought in 万元; the search box narrows the page.
func TestConsolePipelinePagesAndSorts(t *testing.T) {
	e := newEnv(t)
	amounts := []string{"5000000.00", "12000000.50", "5000000.00", "30000000.00", "800000.00"}
	dates := []string{"2026-12-01", "2026-11-20", "2026-12-01", "2027-01-15"}
	var items []journal.Item
	for i := 1; i <= 60; i++ {
		id := fmt.Sprintf("p-pg%02d", i)
		items = append(items, journal.Item{Raw: []byte(`{"id":"pp-` + id + `","type":"project.registered","source":"admin:sci",` +
			`"at":"2026-10-01T09:00:00+08:00","data":{"project":"` + id + `","enterprise":"e-chip","title":"路演项目 ` + id + `",` +
			`"sector":"semiconductors","stage":"pilot","funding_sought":"` + amounts[i%len(amounts)] + `",` +
			`"roadshow_on":"` + dates[i%len(dates)] + `","status":"roadshow","summary":"分页与排序"}}`)})
	}
	submitApplied(t, e, items)
	var doc struct {
		Projects []struct {
			ID            string `json:"id"`
			FundingSought string `json:"funding_sought"`
			RoadshowOn    string `json:"roadshow_on"`
		} `json:"projects"`
	}
	e.want(200, req{method: "GET", path: "/v1/pipeline?limit=500", subject: "investor:vc1"}).decode(t, &doc)
	projects := doc.Projects
	if len(projects) != 64 {
		t.Fatalf("the pipeline has %d projects, want 64", len(projects))
	}
	sought := map[string]string{}
	for _, p := range projects {
		sought[p.ID] = p.FundingSought
	}
	order := func(cmp func(a, b int) int) []string {
		idx := make([]int, len(projects))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int {
			if c := cmp(a, b); c != 0 {
				return c
			}
			return strings.Compare(projects[a].ID, projects[b].ID)
		})
		ids := make([]string, len(idx))
		for i, j := range idx {
			ids[i] = projects[j].ID
		}
		return ids
	}
	byID := order(func(a, b int) int { return 0 })
	byAmount := order(func(a, b int) int {
		return decimal.RequireFromString(projects[a].FundingSought).Cmp(decimal.RequireFromString(projects[b].FundingSought))
	})
	byDate := order(func(a, b int) int { return strings.Compare(projects[a].RoadshowOn, projects[b].RoadshowOn) })
	reversed := func(ids []string) []string { r := slices.Clone(ids); slices.Reverse(r); return r }

	d := browserAs(t, e, "investor:vc1", "")
	cards := func() []string { return cardOrRowIDs(d, "article[data-project]", "project") }
	ariaSort := func(by string) string {
		return textOfAttr(d, `main[data-loaded="true"] #pipeline-sort th:has(button[data-sort="`+by+`"])`, "aria-sort")
	}
	pages := func(what string, want []string) {
		t.Helper()
		checkTwoPages(t, d, "pipeline", what, cards, want)
		d.click(d.waitElement(`.pager-bottom button[data-page="prev"]`))
		d.waitElement(`main[data-view="pipeline"][data-loaded="true"] [data-page-info="1"]`)
		if got := cards(); len(got) != 50 || got[0] != want[0] {
			t.Errorf("%s: back on page 1 the first card is %v, want %s", what, got[:min(1, len(got))], want[0])
		}
		for _, id := range want[:3] {
			if got, w := textOf(d, `article[data-project="`+id+`"] .big`), wan(sought[id]); !strings.HasPrefix(got, w) {
				t.Errorf("%s: the card of %s reads %q, want %s", what, id, got, w)
			}
		}
	}
	sortBy := func(by, aria string) {
		t.Helper()
		d.click(d.waitElement(`main[data-loaded="true"] #pipeline-sort button[data-sort="` + by + `"]`))
		waitFor(t, 10*time.Second, "the pipeline sorted "+by+" "+aria, func() (bool, error) { return ariaSort(by) == aria, nil })
	}

	d.waitElement(`main[data-view="pipeline"][data-loaded="true"] #pipeline-sort th[aria-sort="none"] button[data-sort="amount"]`)
	pages("by id", byID)
	sortBy("amount", "ascending")
	pages("by amount", byAmount)
	sortBy("amount", "descending")
	pages("by amount, descending", reversed(byAmount))
	sortBy("date", "ascending")
	if got := ariaSort("amount"); got != "none" {
		t.Errorf("sorted by date, the amount header says aria-sort %q", got)
	}
	pages("by date", byDate)
	sortBy("date", "descending")
	pages("by date, descending", reversed(byDate))
	checkNoEnglish(t, d, "the sorted pipeline")
	saveShot(t, d, "pipeline-sorted.png")

	// The search box narrows the cards of the page to the one it names.
	target := reversed(byDate)[7]
	d.sendKeys(d.waitElement(`#pipeline-search`), target)
	waitFor(t, 5*time.Second, "the search", func() (bool, error) { return slices.Equal(cards(), []string{target}), nil })
}

// textOfAttr is an attribute of the first element matching css ("" when
// none does).
func textOfAttr(d *webDriver, css, attr string) string {
	d.t.Helper()
	var s string
	d.script(`const n = document.querySelector(arguments[0]); return n ? (n.getAttribute(arguments[1]) || '') : ''`, &s, css, attr)
	return s
}
