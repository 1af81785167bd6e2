package api

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/stream/journal"
)

// TestConsoleSortsClaimsByAmount: the finance queue's payable header sorts
// the open claims (pending and awaiting a second approval, two lists the
// console merges) by payable on the server, ties by id, across pages: the
// two pages hold exactly the API's open claims in that order, and a
// second click gives the descending order; aria-sort says which.
func TestConsoleSortsClaimsByAmount(t *testing.T) {
	e := newEnv(t)
	const extra = 70
	// Few principals, so that payables tie; the large ones need two
	// approvals and wait for the second after one.
	principals := []string{"10000.00", "25000.00", "10000.00", "3000000.00", "47000.50", "3100000.00"}
	// The open claims by payable, then id: the order the pages must show.
	type open struct{ id, payable string }
	var all []open
	for _, c := range openQueue(t, e, "so", "Sorting Test Co.", extra, func(i int) string { return principals[i%len(principals)] }) {
		all = append(all, open{c.ID, c.Payable})
	}
	slices.SortFunc(all, func(a, b open) int {
		if c := decimal.RequireFromString(a.payable).Cmp(decimal.RequireFromString(b.payable)); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	var want []string
	for _, c := range all {
		want = append(want, c.id)
	}
	if len(want) <= 50 || len(want) > 100 {
		t.Fatalf("got %d open claims, want two pages (51 to 100)", len(want))
	}

	d := browserAs(t, e, "finance:li", "")
	rows := func() []string { return cardOrRowIDs(d, "tr[data-claim-row]", "claimRow") }
	ariaSort := func() string {
		var v string
		d.script(`const b = document.querySelector('main[data-loaded="true"] th button[data-sort="amount"]'); return b ? b.parentElement.getAttribute('aria-sort') : ''`, &v)
		return v
	}
	pages := func(order string, want []string) {
		t.Helper()
		waitFor(t, 10*time.Second, "sorted "+order, func() (bool, error) { return ariaSort() == order, nil })
		checkTwoPages(t, d, "claims", order, rows, want)
	}
	d.waitElement(`main[data-view="claims"][data-loaded="true"] th[aria-sort="none"] button[data-sort="amount"]`)
	d.click(d.waitElement(`th button[data-sort="amount"]`))
	pages("ascending", want)
	desc := slices.Clone(want)
	slices.Reverse(desc)
	d.click(d.waitElement(`main[data-loaded="true"] th button[data-sort="amount"]`))
	pages("descending", desc)
	// A third click is the queue's own order again.
	d.click(d.waitElement(`main[data-loaded="true"] th button[data-sort="amount"]`))
	waitFor(t, 10*time.Second, "unsorted", func() (bool, error) { return ariaSort() == "none", nil })
	// The claims are of one borrower: the server's borrower filter keeps them all.
	if c, ok, _ := e.views.Claim(context.Background(), want[0]); !ok || c.Borrower == "" {
		t.Fatalf("claim %s: no borrower", want[0])
	}
}

// sortable is one row of a list as the API gives it: its id and the
// amount and date its ?sort= orders by.
type sortable struct{ id, amount, date string }

// sortedIDs orders rows as the server's ?sort=by does (amounts as
// decimals, dates as text, ties by id), ascending.
func sortedIDs(rows []sortable, by string) []string {
	s := slices.Clone(rows)
	slices.SortFunc(s, func(a, b sortable) int {
		c := 0
		switch by {
		case "amount": // an absent amount first, as on the server
			if c = cmpBool(a.amount != "", b.amount != ""); c == 0 && a.amount != "" {
				c = decimal.RequireFromString(a.amount).Cmp(decimal.RequireFromString(b.amount))
			}
		case "date":
			c = strings.Compare(a.date, b.date)
		}
		if c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	ids := make([]string, len(s))
	for i, r := range s {
		ids[i] = r.id
	}
	return ids
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// checkSortedList clicks the header button data-sort=by of the list whose
// rows match rowCSS (ids in dataset[attr]) three times: the rows are then
// exactly want (ascending), want reversed (descending) and the list's own
// order by id, aria-sort saying which each time. The list fits one page.
func checkSortedList(t *testing.T, d *webDriver, what, rowCSS, attr, by string, rows []sortable) {
	t.Helper()
	header := `main[data-loaded="true"] th button[data-sort="` + by + `"]`
	asc := sortedIDs(rows, by)
	desc := slices.Clone(asc)
	slices.Reverse(desc)
	for _, step := range []struct {
		aria string
		want []string
	}{{"ascending", asc}, {"descending", desc}, {"none", sortedIDs(rows, "")}} {
		d.click(d.waitElement(header))
		// The header and the rows are drawn together: once the header
		// says the order, the rows are the server's answer to it.
		waitFor(t, 10*time.Second, what+" sorted by "+by+" "+step.aria, func() (bool, error) {
			return textOfAttr(d, `main[data-loaded="true"] th:has(button[data-sort="`+by+`"])`, "aria-sort") == step.aria, nil
		})
		if got := cardOrRowIDs(d, rowCSS, attr); !slices.Equal(got, step.want) {
			t.Errorf("%s sorted by %s, %s:\n got %v\nwant %v", what, by, step.aria, got, step.want)
		}
	}
	if len(rows) < 3 {
		t.Errorf("%s: %d rows, too few to tell an order", what, len(rows))
	}
}

// checkSearch types target into the list's search box (#<list>-search):
// the rows matching rowCSS (ids in dataset[attr]) narrow to target's
// alone; emptied, the box shows all rows again.
func checkSearch(t *testing.T, d *webDriver, list, rowCSS, attr, target string) {
	t.Helper()
	all := len(cardOrRowIDs(d, rowCSS, attr))
	d.sendKeys(d.waitElement(`#`+list+`-search`), target)
	waitFor(t, 5*time.Second, "the search of "+list+" for "+target, func() (bool, error) {
		return slices.Equal(cardOrRowIDs(d, rowCSS, attr), []string{target}), nil
	})
	d.script(`const b = document.getElementById(arguments[0] + '-search'); b.value = ''; b.dispatchEvent(new Event('input')); return null`, nil, list)
	waitFor(t, 5*time.Second, "every row of "+list+" again", func() (bool, error) { return len(cardOrRowIDs(d, rowCSS, attr)) == all, nil })
	if all < 2 {
		t.Errorf("%s: %d rows, too few to tell a search", list, all)
	}
}

// checkTellsApart: the rows sorted by by are not in the id order, so that
// a list left in its own order fails checkSortedList.
func checkTellsApart(t *testing.T, what, by string, rows []sortable) {
	t.Helper()
	if slices.Equal(sortedIDs(rows, by), sortedIDs(rows, "")) {
		t.Fatalf("%s by %s: the fixture's rows are in the id order already", what, by)
	}
}

// TestConsoleSortsFilingsSubsidiesEnterprises: the filing queue (by the
// amount filed and the date filed), the registry (by revenue, none
// first, and by the date last updated) and the list of all subsidies (by
// amount and by year) sort on the server from their headers: the rows are
// exactly the API's documents in that order, ascending, descending and
// back to the order by id.
func TestConsoleSortsFilingsSubsidiesEnterprises(t *testing.T) {
	e := newEnvFrom(t, "testdata/programs_filing.json")
	registered := func(id, at, revenue string) string {
		rev := ""
		if revenue != "" {
			rev = `,"revenue":"` + revenue + `"`
		}
		return `{"id":"r-` + id + `","type":"enterprise.registered","at":"` + at + `","data":{"enterprise":"` + id + `","name":"` + id +
			` Co.","sector":"ic","size":"small","tech_sme_number":"2025370100A9` + id[len(id)-1:] + `","tech_sme_year":2025` + rev + `}}`
	}
	postEvents(t, e, "admin:sci", registered("e-sa", "2026-10-05T09:00:00+08:00", "12000000.00"),
		registered("e-sb", "2026-09-01T09:00:00+08:00", ""), registered("e-sc", "2026-10-20T09:00:00+08:00", "800000.50"),
		registered("e-sd", "2026-09-01T10:00:00+08:00", "12000000.00"))
	var lines []string
	for i, l := range []struct{ id, borrower, principal, filedOn string }{
		{"icbc-dz-T1", "e-sa", "15000000.00", "2026-10-28"}, {"icbc-dz-T2", "e-sb", "3000000.00", "2026-10-25"},
		{"icbc-dz-T3", "e-sc", "8000000.00", "2026-10-28"}, {"icbc-dz-T4", "e-sd", "500000.25", "2026-10-21"},
	} {
		lines = append(lines, filingInput(fmt.Sprintf("d-t%d", i), "loan.disbursed", "dz-filing", `{"loan":"`+l.id+`","borrower":{"id":"`+l.borrower+
			`","name":"n","sector":"ic","size":"small"},"principal":"`+l.principal+`","annual_rate":"0.04","term_months":24,"disbursed_on":"2026-10-20"}`),
			filingInput(fmt.Sprintf("f-t%d", i), "loan.filed", "dz-filing", `{"loan":"`+l.id+`","filed_on":"`+l.filedOn+`","documents":`+docsBoth+`}`))
	}
	postEvents(t, e, "bank:icbc-dz", lines...)
	var approvals []string
	for i, id := range []string{"icbc-dz-T1", "icbc-dz-T2", "icbc-dz-T3", "icbc-dz-T4"} {
		approvals = append(approvals, filingInput(fmt.Sprintf("a-t%d", i), "filing.approved", "dz-filing", `{"loan":"`+id+`"}`))
	}
	postEvents(t, e, "admin:sci", approvals...)

	var filings struct {
		Filings []struct {
			Loan, Filed string
			FiledOn     string `json:"filed_on"`
		} `json:"filings"`
	}
	e.want(200, req{method: "GET", path: "/v1/filings?status=approved&limit=500", subject: "admin:sci"}).decode(t, &filings)
	var rows []sortable
	for _, f := range filings.Filings {
		rows = append(rows, sortable{f.Loan, f.Filed, f.FiledOn})
	}
	checkTellsApart(t, "filings", "amount", rows)
	checkTellsApart(t, "filings", "date", rows)
	d := browserAs(t, e, "admin:sci", "filings")
	d.click(d.waitElement(`main[data-view="filings"][data-loaded="true"] button[data-filing-filter="approved"]`))
	d.waitElement(`main[data-view="filings"][data-loaded="true"] button.on[data-filing-filter="approved"]`)
	checkSortedList(t, d, "the approved filings", "tr[data-filing-row]", "filingRow", "amount", rows)
	checkSortedList(t, d, "the approved filings", "tr[data-filing-row]", "filingRow", "date", rows)
	checkSearch(t, d, "filings", "tr[data-filing-row]", "filingRow", "icbc-dz-T2")
	checkNoEnglish(t, d, "the sorted filings")

	var ents struct {
		Enterprises []struct {
			ID        string  `json:"id"`
			Revenue   *string `json:"revenue"`
			UpdatedAt string  `json:"updated_at"`
		} `json:"enterprises"`
	}
	e.want(200, req{method: "GET", path: "/v1/enterprises?limit=500", subject: "admin:sci"}).decode(t, &ents)
	rows = nil
	for _, x := range ents.Enterprises {
		r := sortable{id: x.ID, date: x.UpdatedAt[:10]}
		if x.Revenue != nil {
			r.amount = *x.Revenue
		}
		rows = append(rows, r)
	}
	checkTellsApart(t, "enterprises", "amount", rows)
	checkTellsApart(t, "enterprises", "date", rows)
	d.navigate(e.url + "/#/enterprises")
	d.waitElement(`main[data-view="enterprises"][data-loaded="true"] tr[data-enterprise-row]`)
	if got := textOf(d, `[data-revenue="e-sc"]`); got != "800,000.50" {
		t.Errorf("e-sc's revenue reads %q, want 800,000.50", got)
	}
	checkSortedList(t, d, "the registry", "tr[data-enterprise-row]", "enterpriseRow", "amount", rows)
	checkSortedList(t, d, "the registry", "tr[data-enterprise-row]", "enterpriseRow", "date", rows)
	checkSearch(t, d, "enterprises", "tr[data-enterprise-row]", "enterpriseRow", "e-sc")
	checkNoEnglish(t, d, "the sorted registry")

	s := subsidyWorld(t)
	s.post("bank:icbc-dz", "applied", applied("sa-1", "icbc-dz-S.A", 2026), applied("sa-2", "icbc-dz-S.B", 2026), applied("sa-3", "icbc-dz-S.E", 2026))
	s.post("bank:boc-jn", "applied", applied("sa-4", "boc-jn-S.F", 2026))
	var subs struct {
		Subsidies []struct {
			ID, Amount string
			Year       int
		} `json:"subsidies"`
	}
	s.want(200, req{method: "GET", path: "/v1/subsidies?limit=500", subject: "finance:li"}).decode(t, &subs)
	rows = nil
	for _, x := range subs.Subsidies {
		rows = append(rows, sortable{x.ID, x.Amount, strconv.Itoa(x.Year)})
	}
	checkTellsApart(t, "subsidies", "amount", rows)
	f := anotherSignedIn(t, d, s, "finance:li", "subsidies")
	f.waitElement(`main[data-view="subsidies"][data-loaded="true"] #subsidies-table tr[data-subsidy-row]`)
	// Every subsidy is of 2026: by year is by id, and reversed.
	checkSortedList(t, f, "all subsidies", "#subsidies-table tr[data-subsidy-row]", "subsidyRow", "amount", rows)
	checkSortedList(t, f, "all subsidies", "#subsidies-table tr[data-subsidy-row]", "subsidyRow", "date", rows)
	checkSearch(t, f, "subsidies", "#subsidies-table tr[data-subsidy-row]", "subsidyRow", "dz-subsidy/icbc-dz-S.E/2026")
	checkNoEnglish(t, f, "the sorted subsidies")
}

// checkTwoPages: the view's first page of 50 rows is want[:50] and, after
// Next, its second the rest, with Next then disabled.
func checkTwoPages(t *testing.T, d *webDriver, view, what string, rows func() []string, want []string) {
	t.Helper()
	for page, part := range [][]string{want[:50], want[50:]} {
		if page > 0 {
			d.click(d.waitElement(`.pager-top button[data-page="next"]`))
		}
		d.waitElement(fmt.Sprintf(`main[data-view="%s"][data-loaded="true"] [data-page-info="%d"]`, view, page+1))
		if got := rows(); !slices.Equal(got, part) {
			t.Fatalf("%s, page %d:\n got %v\nwant %v", what, page+1, got, part)
		}
	}
	if len(d.elements(`.pager-top button[data-page="next"]:disabled`)) != 1 {
		t.Errorf("%s: Next is enabled on the last page", what)
	}
}

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
	checkSearch(t, d, "pipeline", "article[data-project]", "project", reversed(byDate)[7])
}

// textOfAttr is an attribute of the first element matching css ("" when
// none does).
func textOfAttr(d *webDriver, css, attr string) string {
	d.t.Helper()
	var s string
	d.script(`const n = document.querySelector(arguments[0]); return n ? (n.getAttribute(arguments[1]) || '') : ''`, &s, css, attr)
	return s
}
