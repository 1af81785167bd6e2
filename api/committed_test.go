package api

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

// downViews is a read model that can go down, as Redis does.
type downViews struct {
	readmodel.Reader
	down atomic.Bool
}

var errRedisDown = errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")

func (v *downViews) Program(ctx context.Context, id string) (ledger.ProgramView, bool, error) {
	if v.down.Load() {
		return ledger.ProgramView{}, false, errRedisDown
	}
	return v.Reader.Program(ctx, id)
}

func (v *downViews) Claim(ctx context.Context, id string) (ledger.ClaimView, bool, error) {
	if v.down.Load() {
		return ledger.ClaimView{}, false, errRedisDown
	}
	return v.Reader.Claim(ctx, id)
}

// TestCommittedWriteAnsweredDuringAReadModelOutage: a top-up or a decision
// that the journal took is answered 200 with its outcome while the read
// model is down (views_lag, the document null), never 503, which would
// tell the client to retry with a new key and fund twice; a retry with the
// same key is a duplicate. Reads answer 503 without naming the host.
func TestCommittedWriteAnsweredDuringAReadModelOutage(t *testing.T) {
	var views *downViews
	e := newEnv(t, func(c *Config) { views = &downViews{Reader: c.Views}; c.Views = views })
	views.down.Store(true)

	fund := req{method: "POST", path: "/v1/programs/dz-lukedai/funding", subject: "finance:li",
		body: `{"funder":"province","amount":"500000.00"}`, header: map[string]string{"Idempotency-Key": "outage-1"}}
	var f struct {
		Result   Result              `json:"result"`
		Program  *ledger.ProgramView `json:"program"`
		ViewsLag bool                `json:"views_lag"`
	}
	e.want(200, fund).decode(t, &f)
	if f.Result.Status != "applied" || f.Program != nil || !f.ViewsLag {
		t.Fatalf("got %+v, want applied, program null, views_lag true", f)
	}
	var d struct {
		Result   Result `json:"result"`
		Claim    *json0 `json:"claim"`
		ViewsLag bool   `json:"views_lag"`
	}
	e.want(200, req{method: "POST", path: "/v1/claims/dz-lukedai/icbc-dz-L1/approve", subject: "finance:li",
		header: map[string]string{"Idempotency-Key": "outage-approve-1"}}).decode(t, &d)
	if d.Result.Status != "applied" || d.Claim != nil || !d.ViewsLag {
		t.Fatalf("got %+v, want applied, claim null, views_lag true", d)
	}
	res := e.want(503, req{method: "GET", path: "/v1/programs/dz-lukedai", subject: "finance:li"})
	if strings.Contains(string(res.body), "127.0.0.1") || strings.Contains(string(res.body), "6379") {
		t.Errorf("the 503 names the host: %s", res.body)
	}

	views.down.Store(false)
	f.ViewsLag, f.Program = false, nil // omitted members leave a decoded struct as it was
	e.want(200, fund).decode(t, &f)
	if f.Result.Status != "duplicate" || f.Program == nil || f.Program.Funded != "4500000.00" || f.ViewsLag {
		t.Fatalf("retry after the outage: got %+v %+v, lag %v, want a duplicate and funded 4500000.00 once", f.Result, f.Program, f.ViewsLag)
	}
}

// json0 stands for a document the test only needs to see null or not.
type json0 struct{}
