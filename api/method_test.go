package api

import (
	"strconv"
	"testing"
)

// TestMethodsAnswered: a 405 lists the path's methods in Allow (RFC 9110),
// and HEAD on a GET route answers as GET does, without a body.
func TestMethodsAnswered(t *testing.T) {
	e := newEnv(t)
	e.validate = false // the OpenAPI document has no operation for a method the path does not take
	for _, tc := range []struct{ method, path, allow string }{
		{"PUT", "/v1/loans", "GET, HEAD"},
		{"DELETE", "/v1/programs/dz-lukedai/funding", "POST"},
		{"POST", "/v1/pipeline/p-1", "GET, HEAD, PATCH"},
		{"GET", "/v1/events", "POST"},
	} {
		res := e.want(405, req{method: tc.method, path: tc.path, subject: "finance:li"})
		if got := res.header.Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: got Allow %q, want %q", tc.method, tc.path, got, tc.allow)
		}
		if got := res.errorCode(t); got != CodeMethodNotAllowed {
			t.Errorf("%s %s: got code %s", tc.method, tc.path, got)
		}
	}
	get := e.want(200, req{method: "GET", path: "/v1/programs/dz-lukedai", subject: "finance:li"})
	head := e.want(200, req{method: "HEAD", path: "/v1/programs/dz-lukedai", subject: "finance:li"})
	if len(head.body) != 0 {
		t.Errorf("HEAD answered a body of %d bytes", len(head.body))
	}
	if got, want := head.header.Get("Content-Length"), strconv.Itoa(len(get.body)); got != want {
		t.Errorf("HEAD Content-Length: got %s, want %s (the GET's)", got, want)
	}
	if head.header.Get("Content-Type") != get.header.Get("Content-Type") {
		t.Errorf("HEAD Content-Type %q, GET %q", head.header.Get("Content-Type"), get.header.Get("Content-Type"))
	}
}
