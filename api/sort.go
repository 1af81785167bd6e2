package api

import (
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/techcredit/techcredit/ledger/readmodel"
)

// Sorted lists (issue 19): ?sort= names the order of GET /v1/claims,
// /v1/loans, /v1/pipeline, /v1/filings, /v1/subsidies and
// /v1/enterprises, a "-" before it for descending. By id (the
// default) the cursor stays the last id, as before; in another order it
// is the last document's position (its sort key and id, readmodel's
// sort.go), encoded so that clients treat it as opaque and a cursor of one
// order is refused in another.

// sortNames are the ?sort= values (without "-") and their orders.
var sortNames = map[string]readmodel.SortBy{"id": readmodel.ByID, "amount": readmodel.ByAmount, "date": readmodel.ByDate}

// cursorTags mark a position's order in its cursor.
var cursorTags = [...]string{readmodel.ByAmount: "a", readmodel.ByDate: "d"}

// sortOf reads ?sort= and decodes ?after= for that order.
func sortOf(r *http.Request, p page) (readmodel.Sort, string, error) {
	v := r.URL.Query().Get("sort")
	var o readmodel.Sort
	name, desc := strings.CutPrefix(v, "-")
	by, ok := sortNames[name]
	if v != "" && !ok {
		return o, "", errorf(CodeBadRequest, "sort %q must be id, amount or date, with - before it for descending", v)
	}
	o = readmodel.Sort{By: by, Desc: desc}
	if o.By == readmodel.ByID || p.After == "" {
		return o, p.After, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(p.After)
	pos, tagged := strings.CutPrefix(string(raw), cursorTags[o.By]+":")
	if err != nil || !tagged || readmodel.PositionID(pos) == "" {
		return o, "", errorf(CodeBadRequest, "after is not a cursor of a list sorted by %s", name)
	}
	return o, pos, nil
}

// sortedNext is nextAfter in the order o: the last document's position.
func sortedNext[T any](docs []T, limit int, o readmodel.Sort, pos func(*T, readmodel.SortBy) string) *string {
	return nextAfter(docs, limit, func(d *T) string {
		p := pos(d, o.By)
		if o.By == readmodel.ByID {
			return p
		}
		return base64.RawURLEncoding.EncodeToString([]byte(cursorTags[o.By] + ":" + p))
	})
}
