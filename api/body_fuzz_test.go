package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// fuzzBodyRoutes are the routes that read a body, each with a caller
// allowed on it and a body it accepts, the fuzzer's seeds.
var fuzzBodyRoutes = []struct {
	method, path, subject, seed string
}{
	{"POST", "/v1/events", "bank:icbc-dz", `{"id":"f-1","type":"loan.overdue","program":"dz-lukedai","at":"2026-10-20T09:00:00+08:00","data":{"loan":"icbc-dz-L3","days_past_due":5,"as_of":"2026-10-20"}}`},
	{"POST", "/v1/events", "admin:sci", `[{"id":"f-2","type":"loan.overdue","source":"bank:boc-jn","program":"dz-lukedai","at":"2026-10-20T09:00:00+08:00","data":{"loan":"boc-jn-L7","days_past_due":5,"as_of":"2026-10-20"}}]`},
	{"POST", "/v1/programs/dz-lukedai/funding", "finance:li", `{"funder":"city","amount":"100000.00","id":"f-fund-1"}`},
	{"POST", "/v1/claims/dz-lukedai/icbc-dz-L5/approve", "finance:li", `{}`},
	{"POST", "/v1/claims/dz-lukedai/boc-jn-L7/reject", "finance:li", `{"reason":"collateral was never registered"}`},
	{"POST", "/v1/pipeline", "admin:sci", `{"project":"p-fuzz","enterprise":"e-fuzz","title":"Fuzz","sector":"software","stage":"pilot","funding_sought":"1000000.00","status":"listed"}`},
	{"PATCH", "/v1/pipeline/p-robot", "admin:sci", `{"status":"roadshow"}`},
}

var fuzzContentTypes = []string{"application/json", "application/x-ndjson", "", "text/plain", "application/json; charset=utf-8", "application/json; =;"}

// FuzzHTTPBodies sends arbitrary bytes as the body of every route that
// reads one, as a caller allowed on it, through the whole handler (auth,
// router, decoders, the writer): the answer is never a 500, and it is a
// 200 or 201 result or an error document {"error":{"code","message"}}
// whose code maps to its status in the one table, as openapi.json says.
func FuzzHTTPBodies(f *testing.F) {
	e := newEnv(f)
	for i, r := range fuzzBodyRoutes {
		f.Add(uint8(i), uint8(0), []byte(r.seed))
		f.Add(uint8(i), uint8(1), []byte(r.seed+"\n"+r.seed))
	}
	for _, s := range []string{``, `null`, `[]`, `[1,"x",null]`, `{"id":`, "\xff\xfe", `{"amount":1e999}`, `{"reason":"` + "\u0000" + `"}`,
		`{"id":"a","id":"b"}`, `[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]`, `{"status":"listed","extra":1}`, "{}\n{}", `"string"`} {
		f.Add(uint8(0), uint8(0), []byte(s))
		f.Add(uint8(2), uint8(2), []byte(s))
		f.Add(uint8(5), uint8(0), []byte(s))
	}
	f.Fuzz(func(t *testing.T, route, contentType uint8, body []byte) {
		r := fuzzBodyRoutes[int(route)%len(fuzzBodyRoutes)]
		hr := httptest.NewRequest(r.method, r.path, bytes.NewReader(body))
		hr.Header.Set("Authorization", "Bearer "+tokenOf(r.subject))
		if ct := fuzzContentTypes[int(contentType)%len(fuzzContentTypes)]; ct != "" {
			hr.Header.Set("Content-Type", ct)
		}
		rec := httptest.NewRecorder()
		e.srv.serveHTTP(rec, hr)
		res := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
		checkBodyAnswer(t, r.method+" "+r.path, body, res)
		if err := validateResponse(hr, res); err != nil {
			t.Fatalf("%s %s with %q: the answer does not match openapi.json: %v\n%s", r.method, r.path, body, err, res.body)
		}
	})
}

// checkBodyAnswer fails unless res is a success with a JSON body or an
// error document whose code maps to its status.
func checkBodyAnswer(t *testing.T, what string, body []byte, res response) {
	t.Helper()
	switch {
	case res.status >= 500 && res.status != http.StatusServiceUnavailable:
		t.Fatalf("%s with %q: got %d\n%s", what, body, res.status, res.body)
	case res.status == http.StatusOK || res.status == http.StatusCreated:
		if !json.Valid(res.body) {
			t.Fatalf("%s with %q: got %d with a body that is not JSON: %q", what, body, res.status, res.body)
		}
	default:
		var doc struct {
			Error *errorDoc `json:"error"`
		}
		dec := json.NewDecoder(bytes.NewReader(res.body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&doc); err != nil || doc.Error == nil || doc.Error.Code == "" || doc.Error.Message == "" {
			t.Fatalf("%s with %q: got %d with %q, want an error document", what, body, res.status, res.body)
		}
		if want, ok := statusOf[doc.Error.Code]; !ok || want != res.status {
			t.Fatalf("%s with %q: got %d for code %s, want %d", what, body, res.status, doc.Error.Code, want)
		}
	}
}
