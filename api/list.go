package api

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/techcredit/techcredit/ledger/readmodel"
)

// Every paged list of the read model is read and answered one way: the
// page (?limit=, ?after=) and the order (?sort=) checked in that order,
// the list's own filters and the caller's scope made into the read
// model's query, one page of it, and the list's document with the cursor
// of the next page (writeJSON tags it for If-None-Match, as the console
// polls). A list is then what differs: its filters, its read and its
// document.

// listReq is a list request's page in its order; filters is the request's
// query, for the list's own filters.
type listReq struct {
	filters url.Values
	sort    readmodel.Sort
	after   string // the cursor, decoded for sort (sortOf)
	limit   int
}

// list is one paged list, Q the read model's query and T its document.
type list[Q, T any] struct {
	// query is the read model's query of the request, scoped to what the
	// caller may see; its error is the request's (400).
	query func(l listReq, sub Subject) (Q, error)
	read  func(ctx context.Context, q Q) ([]T, error)
	// pos is a document's position in an order: the cursor after it.
	pos func(*T, readmodel.SortBy) string
	// respond is the list's document: the page, as the caller may see it,
	// and the cursor of the next (nil at the end).
	respond func(docs []T, next *string) any
}

func (l list[Q, T]) serve(w http.ResponseWriter, r *http.Request, sub Subject) error {
	p, err := pageOf(r)
	if err != nil {
		return err
	}
	o, after, err := sortOf(r, p)
	if err != nil {
		return err
	}
	q, err := l.query(listReq{filters: r.URL.Query(), sort: o, after: after, limit: p.Limit}, sub)
	if err != nil {
		return err
	}
	docs, err := l.read(r.Context(), q)
	if err != nil {
		return unavailable(r.Context(), "the read model", err)
	}
	writeJSON(w, http.StatusOK, l.respond(docs, sortedNext(docs, p.Limit, o, l.pos)))
	return nil
}

// scope sets a query's field to the caller's name when it speaks in role:
// a bank sees only its own, whatever its filter says. The read model
// indexes every list by it, so that a page of one caller's documents costs
// its length, not a scan of everyone's.
func scope(sub Subject, role string, field *string) {
	if sub.Role == role {
		*field = sub.Name
	}
}

// checkOneOf refuses a filter whose value is not among allowed ("" is
// any).
func checkOneOf(name, v string, allowed []string) error {
	if v != "" && !slices.Contains(allowed, v) {
		return errorf(CodeBadRequest, "%s %q must be one of %v", name, v, allowed)
	}
	return nil
}

// readDoc reads the document id with get. A missing one, or one the
// caller may not see (visible false), is 404 "no <what> <id>", as if it
// did not exist, so that ids do not leak between banks.
func readDoc[T any](r *http.Request, get func(context.Context, string) (T, bool, error), what, id string,
	visible func(*T) bool) (T, error) {
	d, ok, err := get(r.Context(), id)
	if err != nil {
		return d, unavailable(r.Context(), "the read model", err)
	}
	if !ok || (visible != nil && !visible(&d)) {
		return d, errorf(CodeNotFound, "no %s %s", what, id)
	}
	return d, nil
}
