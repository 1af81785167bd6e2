package api

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/ledger"
)

// walkLoans follows next_after through GET path (a query without after)
// and returns every loan in the order served.
func walkLoans(t *testing.T, e *env, path, subject string) []ledger.LoanView {
	t.Helper()
	var out []ledger.LoanView
	for after, n := "", 0; ; n++ {
		p := path
		if after != "" {
			p += "&after=" + url.QueryEscape(after)
		}
		var doc loansResponse
		e.want(200, req{method: "GET", path: p, subject: subject}).decode(t, &doc)
		out = append(out, doc.Loans...)
		if doc.NextAfter == nil || n > 50 {
			return out
		}
		if strings.Contains(path, "sort=amount") || strings.Contains(path, "sort=-amount") {
			if _, err := decimal.NewFromString(*doc.NextAfter); err == nil || strings.Contains(*doc.NextAfter, doc.Loans[len(doc.Loans)-1].ID) {
				t.Fatalf("%s: cursor %q is not opaque", path, *doc.NextAfter)
			}
		}
		after = *doc.NextAfter
	}
}

func loanIDs(loans []ledger.LoanView) []string {
	out := make([]string, len(loans))
	for i := range loans {
		out[i] = loans[i].ID
	}
	return out
}

// TestLoansSorted: ?sort=amount (outstanding), -amount and date (and
// -date) page by page list every loan once, in the order a sort of the
// whole list by that key then id gives, the descending the ascending
// reversed; ?status= keeps one status, with a bank's and alone.
func TestLoansSorted(t *testing.T) {
	e := newEnv(t)
	all := walkLoans(t, e, "/v1/loans?limit=500", "finance:li")
	if len(all) < 4 {
		t.Fatalf("fixture: got %d loans, want at least 4", len(all))
	}
	byAmount := slices.Clone(all)
	slices.SortStableFunc(byAmount, func(a, b ledger.LoanView) int {
		if c := decimal.RequireFromString(a.Outstanding).Cmp(decimal.RequireFromString(b.Outstanding)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	byDate := slices.Clone(all)
	slices.SortStableFunc(byDate, func(a, b ledger.LoanView) int {
		if c := strings.Compare(a.DisbursedOn, b.DisbursedOn); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, c := range []struct {
		sort string
		want []ledger.LoanView
	}{{"amount", byAmount}, {"date", byDate}, {"id", all}} {
		want := loanIDs(c.want)
		if got := loanIDs(walkLoans(t, e, "/v1/loans?limit=2&sort="+c.sort, "finance:li")); !slices.Equal(got, want) {
			t.Errorf("sort=%s: got %v, want %v", c.sort, got, want)
		}
		slices.Reverse(want)
		if got := loanIDs(walkLoans(t, e, "/v1/loans?limit=3&sort=-"+c.sort, "finance:li")); !slices.Equal(got, want) {
			t.Errorf("sort=-%s: got %v, want %v", c.sort, got, want)
		}
	}
	for _, st := range loanStatuses {
		var want []string
		for _, l := range byAmount {
			if l.Status == st && l.Bank == "boc-jn" {
				want = append(want, l.ID)
			}
		}
		got := loanIDs(walkLoans(t, e, "/v1/loans?limit=1&sort=amount&status="+st, "bank:boc-jn"))
		if !slices.Equal(got, want) {
			t.Errorf("boc-jn's %s loans by amount: got %v, want %v", st, got, want)
		}
	}
}

// TestClaimsSortedAndByBorrower: claims by payable across pages of one,
// and ?borrower= with and without bank and status.
func TestClaimsSortedAndByBorrower(t *testing.T) {
	e := newEnv(t)
	var all testClaims
	e.want(200, req{method: "GET", path: "/v1/claims", subject: "finance:li"}).decode(t, &all)
	if len(all.Claims) < 2 {
		t.Fatalf("fixture: got %d claims, want at least 2", len(all.Claims))
	}
	var docs claimsResponse
	e.want(200, req{method: "GET", path: "/v1/claims", subject: "finance:li"}).decode(t, &docs)
	want := slices.Clone(docs.Claims)
	slices.SortStableFunc(want, func(a, b ledger.ClaimView) int {
		if c := decimal.RequireFromString(b.Payable).Cmp(decimal.RequireFromString(a.Payable)); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	var got []string
	for after := ""; ; {
		var page claimsResponse
		e.want(200, req{method: "GET", path: "/v1/claims?sort=-amount&limit=1&after=" + url.QueryEscape(after),
			subject: "finance:li"}).decode(t, &page)
		for _, c := range page.Claims {
			got = append(got, c.ID)
		}
		if page.NextAfter == nil {
			break
		}
		after = *page.NextAfter
	}
	var wantIDs []string
	for _, c := range want {
		wantIDs = append(wantIDs, c.ID)
	}
	if !slices.Equal(got, wantIDs) {
		t.Errorf("claims by payable descending: got %v, want %v", got, wantIDs)
	}
	c := docs.Claims[0]
	for _, path := range []string{"/v1/claims?borrower=" + url.QueryEscape(c.Borrower),
		"/v1/claims?sort=date&borrower=" + url.QueryEscape(c.Borrower) + "&bank=" + c.Bank + "&status=" + c.Status} {
		var page claimsResponse
		e.want(200, req{method: "GET", path: path, subject: "finance:li"}).decode(t, &page)
		if !slices.ContainsFunc(page.Claims, func(x ledger.ClaimView) bool { return x.ID == c.ID }) {
			t.Errorf("%s: %s not listed", path, c.ID)
		}
		for _, x := range page.Claims {
			if x.Borrower != c.Borrower {
				t.Errorf("%s: got %s of borrower %s", path, x.ID, x.Borrower)
			}
		}
	}
}

// TestSortRequestsRefused: an unknown order, a cursor of another order or
// none, and the combinations without an index are 400.
func TestSortRequestsRefused(t *testing.T) {
	e := newEnv(t)
	var page loansResponse
	e.want(200, req{method: "GET", path: "/v1/loans?sort=amount&limit=1", subject: "finance:li"}).decode(t, &page)
	if page.NextAfter == nil {
		t.Fatal("fixture: one page of one loan, want more")
	}
	amountCursor := url.QueryEscape(*page.NextAfter)
	for _, path := range []string{
		"/v1/loans?sort=principal",
		"/v1/loans?sort=--amount",
		"/v1/loans?sort=date&after=" + amountCursor,
		"/v1/loans?sort=amount&after=icbc-dz-L1",
		"/v1/loans?status=bad",
		"/v1/loans?status=performing&borrower=e-chip",
		"/v1/claims?borrower=e-chip&program=lukedan",
		"/v1/claims?borrower=e-chip&overdue_on=2026-01-01",
		"/v1/claims?sort=amount&overdue_on=2026-01-01",
		"/v1/pipeline?sort=stage",
	} {
		if code := e.want(400, req{method: "GET", path: path, subject: "finance:li"}).errorCode(t); code != "bad_request" {
			t.Errorf("%s: got %s, want bad_request", path, code)
		}
	}
	e.want(200, req{method: "GET", path: "/v1/loans?sort=-amount&after=" + amountCursor, subject: "finance:li"})
	e.want(200, req{method: "GET", path: "/v1/pipeline?sort=-date", subject: "investor:vc1"})
}
