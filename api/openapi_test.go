package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gorilla/mux"
)

// TestOpenAPIDocumentsEveryRoute: the document is valid OpenAPI 3 and
// lists exactly the routes the router serves, with the same methods.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	if _, err := loadSpec(); err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(openapiJSON)
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	e := newEnv(t)
	served := map[string]bool{}
	err = e.srv.router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, err := route.GetPathTemplate()
		if err != nil || strings.HasPrefix(tpl, "/assets/") {
			return nil
		}
		methods, _ := route.GetMethods()
		for _, m := range methods {
			if m != http.MethodHead {
				served[m+" "+tpl] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for op := range served {
		if !documented[op] {
			t.Errorf("%s is served but not in openapi.json", op)
		}
	}
	for op := range documented {
		if !served[op] {
			t.Errorf("%s is in openapi.json but not served", op)
		}
	}
	if len(served) < 20 {
		ops := make([]string, 0, len(served))
		for op := range served {
			ops = append(ops, op)
		}
		sort.Strings(ops)
		t.Errorf("only %d operations found: %v", len(ops), ops)
	}
	res := e.want(200, req{method: "GET", path: "/openapi.json"})
	if string(res.body) != string(openapiJSON) {
		t.Error("/openapi.json does not serve the embedded document")
	}
}

// TestOpenAPIValidationCatchesDrift is the negative control of the
// validation every test runs: a response that breaks the document fails.
func TestOpenAPIValidationCatchesDrift(t *testing.T) {
	tests := []struct {
		name, path string
		status     int
		body       string
	}{
		{"missing field", "/v1/me", 200, `{"subject":"bank:b1","role":"bank"}`},
		{"unknown role", "/v1/me", 200, `{"subject":"x:b1","role":"x","name":"b1"}`},
		{"an amount with one decimal", "/v1/guarantors/g1", 200, `{"id":"g1","net_assets":"1.0","liability":"0.00","leverage":null,"limit":"10.0000"}`},
		{"an undocumented status", "/v1/me", 418, `{"error":{"code":"x","message":"y"}}`},
		{"a risk report with money as a number", "/v1/programs/p1/risk", 200, `{"program":"p1","portfolio":{"ead":15500000}}`},
		{"an extra field in an investor's project", "/v1/pipeline/p1", 200,
			`{"id":"p1","enterprise":"e","title":"t","sector":"s","stage":"pilot","funding_sought":"1.00","roadshow_on":"","status":"listed","summary":"","updated_at":"","standing":{"covered_outstanding":"0.00","loans":0,"worst_status":"none","guaranteed":false},"loans":["L1"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hr := httptest.NewRequestWithContext(context.Background(), "GET", "http://127.0.0.1"+tt.path, nil)
			h := http.Header{"Content-Type": []string{"application/json; charset=utf-8"}}
			if err := validateResponse(hr, response{status: tt.status, header: h, body: []byte(tt.body)}); err == nil {
				t.Error("got no validation error")
			}
		})
	}
}
