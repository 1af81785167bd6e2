package api

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestMetrics(t *testing.T) {
	e := newEnv(t)
	e.want(200, req{method: "GET", path: "/v1/programs/dz-lukedai", subject: "finance:li"})
	e.want(200, req{method: "POST", path: "/v1/claims/dz-lukedai/icbc-dz-L1/approve", subject: "finance:li"})
	e.want(409, req{method: "POST", path: "/v1/claims/dz-lukedai/icbc-dz-L1/approve", subject: "finance:li"})
	status, body := scrape(t, e, "")
	if status != http.StatusOK {
		t.Fatalf("GET /metrics: got %d, want 200", status)
	}
	for _, want := range []string{
		`techcredit_http_request_duration_seconds_bucket{code="200",method="GET",route="/v1/programs/{id}",le="+Inf"} 1`,
		`techcredit_http_request_duration_seconds_count{code="409",method="POST",route="/v1/claims/{program}/{loan}/approve"} 1`,
		`techcredit_http_inputs_total{code="none",outcome="applied"} 1`,
		`techcredit_http_inputs_total{code="same_approver",outcome="rejected"} 1`,
		// Every reject code is a series from the start, at zero.
		`techcredit_http_inputs_total{code="bad_date",outcome="rejected"} 0`,
		`techcredit_http_inputs_total{code="none",outcome="duplicate"} 0`,
		`techcredit_engine_inputs_total{outcome="applied"} 28`,
		`techcredit_engine_inputs_total{outcome="rejected"} 1`,
		`techcredit_journal_seq 30`,
		`techcredit_pool_balance{currency="CNY",program="dz-lukedai"} 2.53e+06`,
		`techcredit_pool_leverage{program="dz-lukedai"} 6.1265`,
		`techcredit_pool_max_leverage{program="lukedan"} 10`,
		`techcredit_claims{program="dz-lukedai",status="awaiting_second_approval"} 1`,
		`techcredit_claims_queued{program="lukedan"} 0`,
		`techcredit_read_model_up 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestMetricsOffTheAPI: the metrics (per-program money gauges) are served
// by the metrics handler, for an operations listener, to anyone who
// reaches it with or without a token; the public API no longer has them.
func TestMetricsOffTheAPI(t *testing.T) {
	e := newEnv(t)
	for _, role := range matrixRoles {
		subject := asRole[role] // "" for "none": no token
		if status, _ := scrape(t, e, subject); status != http.StatusOK {
			t.Errorf("metrics handler as %s: got %d, want 200", role, status)
		}
		e.validate = false // the API's 404 for a route it does not have
		e.want(http.StatusNotFound, req{method: "GET", path: "/metrics", subject: subject})
	}
}

// scrape gets GET /metrics from the server's metrics handler, with the
// subject's token when one is given.
func scrape(t *testing.T, e *env, subject string) (int, string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	if subject != "" {
		r.Header.Set("Authorization", "Bearer "+tokenOf(subject))
	}
	rec := httptest.NewRecorder()
	e.srv.metrics.handler().ServeHTTP(rec, r)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}
