package api

import (
	"encoding/json"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// walkList follows next_after through GET path (a query without after),
// limit documents a page, and returns the field idField of every document
// of the list key in the order served.
func walkList(t *testing.T, e *env, path, subject, key, idField string, limit int) []string {
	t.Helper()
	var out []string
	for after, n := "", 0; n < 50; n++ {
		p := path + "&limit=" + strconv.Itoa(limit)
		if after != "" {
			p += "&after=" + url.QueryEscape(after)
		}
		var doc map[string]json.RawMessage
		e.want(200, req{method: "GET", path: p, subject: subject}).decode(t, &doc)
		var items []map[string]any
		if err := json.Unmarshal(doc[key], &items); err != nil {
			t.Fatalf("%s: %s: %v", p, doc[key], err)
		}
		if len(items) > limit {
			t.Fatalf("%s: got %d documents, want at most %d", p, len(items), limit)
		}
		for _, it := range items {
			out = append(out, it[idField].(string))
		}
		var next *string
		if err := json.Unmarshal(doc["next_after"], &next); err != nil {
			t.Fatal(err)
		}
		if next == nil {
			return out
		}
		after = *next
	}
	t.Fatalf("%s: more than 50 pages", path)
	return nil
}

// sortCase is one list in one order: its ids ascending, a page at a time
// (of one, so that every cursor is followed), and descending, the
// ascending reversed.
type sortCase struct {
	path, subject, key, idField, sort string
	want                              []string
}

// pageIDs is the field idField of the documents of one page of GET path,
// joined by commas.
func pageIDs(t *testing.T, e *env, path, subject, key, idField string) string {
	t.Helper()
	var doc map[string]json.RawMessage
	e.want(200, req{method: "GET", path: path, subject: subject}).decode(t, &doc)
	var items []map[string]any
	if err := json.Unmarshal(doc[key], &items); err != nil {
		t.Fatalf("%s: %s: %v", path, doc[key], err)
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it[idField].(string)
	}
	return strings.Join(out, ",")
}

func checkSortCases(t *testing.T, e *env, cases []sortCase) {
	t.Helper()
	for _, c := range cases {
		path := c.path + "?sort=" + c.sort
		if got := walkList(t, e, path, c.subject, c.key, c.idField, 1); !slices.Equal(got, c.want) {
			t.Errorf("%s as %s: got %v, want %v", path, c.subject, got, c.want)
		}
		desc := slices.Clone(c.want)
		slices.Reverse(desc)
		path = c.path + "?sort=-" + c.sort
		if got := walkList(t, e, path, c.subject, c.key, c.idField, 2); !slices.Equal(got, desc) {
			t.Errorf("%s as %s: got %v, want %v", path, c.subject, got, desc)
		}
		// By id, the default: ?sort=id is byte for byte the list without it.
		plain := e.want(200, req{method: "GET", path: c.path + "?limit=2", subject: c.subject})
		byID := e.want(200, req{method: "GET", path: c.path + "?limit=2&sort=id", subject: c.subject})
		if string(plain.body) != string(byID.body) {
			t.Errorf("%s as %s: ?sort=id gives %s, without it %s", c.path, c.subject, byID.body, plain.body)
		}
	}
}

// TestFilingsAndEnterprisesSorted: filings by filed (icbc-dz-F1 filed
// 10,000,000.00 of its 15,000,000.00; the rejected boc-jn-F3 0.00) and filed_on (all 2026-11-01: ties
// by loan id), for finance and for a bank; enterprises by revenue (e-bio
// states none: first) and updated_at (e-ai registered on 2026-10-30).
func TestFilingsAndEnterprisesSorted(t *testing.T) {
	e := filingWorld(t)
	e.post("admin:sci", "applied", `{"id":"r-3","type":"enterprise.registered","at":"2026-10-30T09:00:00+08:00",`+
		`"data":{"enterprise":"e-ai","name":"AI Co.","sector":"ai","size":"small","revenue":"500.00"}}`)
	var fl filingsResponse
	e.want(200, req{method: "GET", path: "/v1/filings", subject: "finance:li"}).decode(t, &fl)
	filed := map[string]string{}
	for _, f := range fl.Filings {
		filed[f.Loan] = f.Filed + " on " + f.FiledOn
	}
	if want := map[string]string{"boc-jn-F3": "0.00 on 2026-11-01", "icbc-dz-F1": "10000000.00 on 2026-11-01",
		"icbc-dz-F2": "2000000.00 on 2026-11-01"}; !maps.Equal(filed, want) {
		t.Fatalf("fixture: got %v, want %v", filed, want)
	}
	checkSortCases(t, e, []sortCase{
		{"/v1/filings", "finance:li", "filings", "loan", "amount", []string{"boc-jn-F3", "icbc-dz-F2", "icbc-dz-F1"}},
		{"/v1/filings", "finance:li", "filings", "loan", "date", []string{"boc-jn-F3", "icbc-dz-F1", "icbc-dz-F2"}},
		{"/v1/filings", "bank:icbc-dz", "filings", "loan", "amount", []string{"icbc-dz-F2", "icbc-dz-F1"}},
		{"/v1/enterprises", "finance:li", "enterprises", "id", "amount", []string{"e-bio", "e-ai", "e-chip"}},
		{"/v1/enterprises", "finance:li", "enterprises", "id", "date", []string{"e-ai", "e-bio", "e-chip"}},
		{"/v1/enterprises", "bank:boc-jn", "enterprises", "id", "amount", []string{"e-bio"}},
	})
	// The year-end list of 2027 in an order: F1 only (e-chip's 2025 no
	// longer qualifies), whatever the order.
	if got := walkList(t, e, "/v1/filings?unqualified_in=2027&sort=-amount", "admin:sci", "filings", "loan", 1); !slices.Equal(got, []string{"icbc-dz-F1"}) {
		t.Errorf("unqualified in 2027 by -amount: got %v, want [icbc-dz-F1]", got)
	}
}

// TestSubsidiesSorted: subsidies by amount (icbc-dz-S.A 500,000.00, S.B
// 49,382.71, boc-jn-S.F 400.00) and year (all 2026: ties by id).
func TestSubsidiesSorted(t *testing.T) {
	e := subsidyWorld(t)
	e.post("bank:icbc-dz", "applied", applied("s-1", "icbc-dz-S.A", 2026), applied("s-2", "icbc-dz-S.B", 2026))
	e.post("bank:boc-jn", "applied", applied("s-7", "boc-jn-S.F", 2026))
	checkSortCases(t, e, []sortCase{
		{"/v1/subsidies", "finance:li", "subsidies", "loan", "amount", []string{"boc-jn-S.F", "icbc-dz-S.B", "icbc-dz-S.A"}},
		{"/v1/subsidies", "finance:li", "subsidies", "loan", "date", []string{"boc-jn-S.F", "icbc-dz-S.A", "icbc-dz-S.B"}},
		{"/v1/subsidies", "bank:icbc-dz", "subsidies", "loan", "amount", []string{"icbc-dz-S.B", "icbc-dz-S.A"}},
	})
	var amounts []string
	var page subsidiesResponse
	e.want(200, req{method: "GET", path: "/v1/subsidies?sort=-amount", subject: "finance:li"}).decode(t, &page)
	for _, d := range page.Subsidies {
		amounts = append(amounts, d.Amount)
	}
	if want := []string{"500000.00", "49382.71", "400.00"}; !slices.Equal(amounts, want) {
		t.Errorf("amounts by -amount: got %v, want %v", amounts, want)
	}
}

// TestSortOfFilingsSubsidiesEnterprisesRefused: an unknown order and a
// cursor of another order are bad_request, as for loans.
func TestSortOfFilingsSubsidiesEnterprisesRefused(t *testing.T) {
	e := filingWorld(t)
	var fl filingsResponse
	e.want(200, req{method: "GET", path: "/v1/filings?sort=amount&limit=1", subject: "finance:li"}).decode(t, &fl)
	if fl.NextAfter == nil || strings.Contains(*fl.NextAfter, fl.Filings[0].Loan) {
		t.Fatalf("fixture: got cursor %v, want an opaque one", fl.NextAfter)
	}
	amountCursor := url.QueryEscape(*fl.NextAfter)
	for _, path := range []string{
		"/v1/filings?sort=principal", "/v1/filings?sort=date&after=" + amountCursor, "/v1/filings?sort=amount&after=icbc-dz-F1",
		"/v1/subsidies?sort=year", "/v1/subsidies?sort=-date&after=" + amountCursor,
		"/v1/enterprises?sort=revenue", "/v1/enterprises?sort=amount&after=e-bio",
	} {
		if code := e.want(400, req{method: "GET", path: path, subject: "finance:li"}).errorCode(t); code != "bad_request" {
			t.Errorf("%s: got %s, want bad_request", path, code)
		}
	}
	e.want(200, req{method: "GET", path: "/v1/filings?sort=amount&after=" + amountCursor, subject: "finance:li"})
}
