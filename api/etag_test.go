package api

import (
	"strings"
	"testing"
)

// TestETag: a GET under /v1 carries a strong ETag, a hash of its body; the
// same request with If-None-Match naming it is 304 without a body until
// the document changes; a POST carries none.
func TestETag(t *testing.T) {
	e := newEnv(t)
	const path = "/v1/claims?status=pending"
	first := e.want(200, req{method: "GET", path: path, subject: "finance:li"})
	tag := first.header.Get("ETag")
	if !strings.HasPrefix(tag, `"`) || len(tag) != 34 {
		t.Fatalf("ETag %q, want a strong tag of 32 hex digits", tag)
	}
	if again := e.want(200, req{method: "GET", path: path, subject: "finance:li"}); again.header.Get("ETag") != tag {
		t.Errorf("the same document got ETag %q, then %q", tag, again.header.Get("ETag"))
	}
	for _, inm := range []string{tag, "W/" + tag, `"x", ` + tag, "*"} {
		res := e.want(304, req{method: "GET", path: path, subject: "finance:li", header: map[string]string{"If-None-Match": inm}})
		if len(res.body) != 0 || res.header.Get("ETag") != tag {
			t.Errorf("If-None-Match %s: got a body of %d bytes and ETag %q, want none and %q", inm, len(res.body), res.header.Get("ETag"), tag)
		}
	}
	e.validate = false // openapi.json documents GET, not HEAD
	e.want(304, req{method: "HEAD", path: path, subject: "finance:li", header: map[string]string{"If-None-Match": tag}})
	e.validate = true
	e.want(200, req{method: "GET", path: path, subject: "finance:li", header: map[string]string{"If-None-Match": `"other"`}})
	// Another caller sees other claims (a bank only its own): its tag differs.
	if bank := e.want(200, req{method: "GET", path: path, subject: "bank:boc-jn"}); bank.header.Get("ETag") == tag {
		t.Errorf("a bank's list has the finance office's ETag %s", tag)
	}

	// A decision changes the list: the old tag no longer matches.
	res := e.want(200, req{method: "POST", path: "/v1/claims/dz-lukedai/icbc-dz-L2/approve", subject: "finance:li",
		header: map[string]string{"Idempotency-Key": "etag-test-1"}})
	if res.header.Get("ETag") != "" {
		t.Errorf("a POST answered ETag %q", res.header.Get("ETag"))
	}
	after := e.want(200, req{method: "GET", path: path, subject: "finance:li", header: map[string]string{"If-None-Match": tag}})
	if after.header.Get("ETag") == tag || len(after.body) == 0 {
		t.Errorf("after an approval the list kept ETag %s", tag)
	}
	// An error is never tagged.
	if nf := e.want(404, req{method: "GET", path: "/v1/claims/dz-lukedai/nope", subject: "finance:li"}); nf.header.Get("ETag") != "" {
		t.Errorf("a 404 carries ETag %q", nf.header.Get("ETag"))
	}
}
