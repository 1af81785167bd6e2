package api

import (
	"strings"
	"testing"
)

func TestMetrics(t *testing.T) {
	e := newEnv(t)
	e.want(200, req{method: "GET", path: "/v1/programs/dz-lukedai", subject: "finance:li"})
	e.want(200, req{method: "POST", path: "/v1/claims/dz-lukedai/icbc-dz-L1/approve", subject: "finance:li"})
	e.want(409, req{method: "POST", path: "/v1/claims/dz-lukedai/icbc-dz-L1/approve", subject: "finance:li"})
	body := string(e.want(200, req{method: "GET", path: "/metrics"}).body)
	for _, want := range []string{
		`techcredit_http_request_duration_seconds_bucket{code="200",method="GET",route="/v1/programs/{id}",le="+Inf"} 1`,
		`techcredit_http_request_duration_seconds_count{code="409",method="POST",route="/v1/claims/{program}/{loan}/approve"} 1`,
		`techcredit_http_inputs_total{code="none",outcome="applied"} 1`,
		`techcredit_http_inputs_total{code="same_approver",outcome="rejected"} 1`,
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
