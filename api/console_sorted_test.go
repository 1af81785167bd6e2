package api

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

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
		case "amount":
			c = decimal.RequireFromString(a.amount).Cmp(decimal.RequireFromString(b.amount))
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
