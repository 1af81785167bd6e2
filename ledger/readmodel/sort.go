package readmodel

import (
	"strconv"
	"strings"

	"github.com/techcredit/techcredit/ledger"
)

// SortBy names the key a list is ordered by. Every list is a keyset page
// walk of an index kept in that order: ByID is the order of the first
// layout (the cursor is the last id), ByAmount and ByDate are orders on
// a sort key with the id breaking ties, and their cursor is the last
// document's position (SortPosition), opaque to the API's clients.
type SortBy uint8

const (
	ByID SortBy = iota
	ByAmount
	ByDate
	sortBys // the number of orders each list keeps an index in
)

// Sort is a list's order: a key, ascending unless Desc. A descending list
// is its ascending list reversed, ties included (ids descending).
type Sort struct {
	By   SortBy
	Desc bool
}

// The sort keys of each list (SPEC §9, issue 19): claims by payable and
// by the local date of opened_at (the default date, which opens the
// claim); loans by outstanding (what is still owed moves as the loan is
// repaid, and is what a bank's officer sorts a book by) and disbursed_on;
// projects by funding_sought and roadshow_on.

func claimSortKeys(c *ledger.ClaimView) [sortBys]string {
	return [sortBys]string{c.ID, position(AmountKey(c.Payable), c.ID), position(dateKey(c.OpenedAt), c.ID)}
}

func loanSortKeys(l *ledger.LoanView) [sortBys]string {
	return [sortBys]string{l.ID, position(AmountKey(l.Outstanding), l.ID), position(dateKey(l.DisbursedOn), l.ID)}
}

func projectSortKeys(p *ledger.ProjectView) [sortBys]string {
	return [sortBys]string{p.ID, position(AmountKey(p.FundingSought), p.ID), position(dateKey(p.RoadshowOn), p.ID)}
}

// Filings by filed (the amount the filing puts on the programme's
// portfolio volume, what the bureau reviews it for; principal is the
// loan's, shown beside it) and filed_on, a filing's id being its loan's;
// subsidies by amount (the subsidy granted) and year (the view has no
// date applied: the year it subsidises is its date); enterprises by
// revenue (absent: first, as an absent amount sorts) and the local date
// of updated_at (the view has no registration date; updated_at is the
// registry's last word on it).

func filingSortKeys(f *ledger.FilingView) [sortBys]string {
	return [sortBys]string{f.Loan, position(AmountKey(f.Filed), f.Loan), position(dateKey(f.FiledOn), f.Loan)}
}

func subsidySortKeys(s *ledger.SubsidyDoc) [sortBys]string {
	return [sortBys]string{s.ID, position(AmountKey(s.Amount), s.ID), position(yearKey(s.Year), s.ID)}
}

func enterpriseSortKeys(x *ledger.EnterpriseView) [sortBys]string {
	revenue := ""
	if x.Revenue != nil {
		revenue = *x.Revenue
	}
	return [sortBys]string{x.ID, position(AmountKey(revenue), x.ID), position(dateKey(x.UpdatedAt), x.ID)}
}

// ClaimPosition, LoanPosition, ProjectPosition, FilingPosition,
// SubsidyPosition and EnterprisePosition are a document's place in the
// order by: what a page's last document gives as the next cursor.
func ClaimPosition(c *ledger.ClaimView, by SortBy) string { return claimSortKeys(c)[by] }

func LoanPosition(l *ledger.LoanView, by SortBy) string { return loanSortKeys(l)[by] }

func ProjectPosition(p *ledger.ProjectView, by SortBy) string { return projectSortKeys(p)[by] }

func FilingPosition(f *ledger.FilingView, by SortBy) string { return filingSortKeys(f)[by] }

func SubsidyPosition(s *ledger.SubsidyDoc, by SortBy) string { return subsidySortKeys(s)[by] }

func EnterprisePosition(x *ledger.EnterpriseView, by SortBy) string { return enterpriseSortKeys(x)[by] }

// position is a sort key and the id, in one string that sorts as the pair:
// the keys hold no space and a space sorts below every character of a key,
// so a key that is a prefix of another (an absent date, "") comes first.
func position(key, id string) string { return key + " " + id }

// PositionID is the id in a position of an order other than ByID.
func PositionID(pos string) string {
	_, id, _ := strings.Cut(pos, " ")
	return id
}

// dateKey is the date of a YYYY-MM-DD or RFC 3339 text, its first ten
// bytes: a timestamp's local date, as SPEC §15 reads dates.
func dateKey(s string) string {
	if len(s) > 10 {
		return s[:10]
	}
	return s
}

// yearKey is a year as a key in its numeric order: four digits, zeros
// before (the engine's years are 1 to 9999).
func yearKey(y int) string {
	s := strconv.Itoa(y)
	return "0000"[min(len(s), 4):] + s
}

// AmountKey is an amount of the engine's form (digits, a point, at most
// two decimals, never negative) as a key whose byte order is the amounts'
// numeric order, exactly and without a bound: the number of cents without
// leading zeros, after its count of digits in two digits ("0512345" is
// 123.45). A float score would be exact only below 2^53 cents. An absent
// amount ("") sorts first, as an absent date does; any other text not of
// that form is a programmer error (the engine formats every amount).
func AmountKey(amount string) string {
	if amount == "" {
		return ""
	}
	whole, frac, _ := strings.Cut(amount, ".")
	if len(frac) > 2 || !digits(whole) || !digits(frac) || whole == "" {
		panic("readmodel: not an amount of the engine's form: " + strconv.Quote(amount))
	}
	cents := strings.TrimLeft(whole+frac+"00"[len(frac):], "0")
	if cents == "" {
		cents = "0"
	}
	if len(cents) > 99 {
		panic("readmodel: amount of more than 99 digits: " + amount)
	}
	return string([]byte{'0' + byte(len(cents)/10), '0' + byte(len(cents)%10)}) + cents
}

func digits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
