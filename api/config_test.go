package api

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
)

func TestConfigValidate(t *testing.T) {
	var c Config
	err := c.Validate()
	for _, want := range []string{"Submitter", "Views", "Ready", "Tokens"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("empty config: got %v, want an error naming %s", err, want)
		}
	}
	c = Config{Submitter: blockingSubmitter{}, Views: readmodel.NewMemory(), Ready: func() bool { return true },
		Tokens: &Tokens{}, BodyBytesMax: -1}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "BodyBytesMax") {
		t.Errorf("negative limit: got %v", err)
	}
	c.BodyBytesMax = 0
	if _, err := NewHandlers(c); err != nil {
		t.Errorf("a minimal config: %v", err)
	}
	// Registering twice in one registry is an error, not a panic.
	reg := prometheus.NewRegistry()
	c.Registry = reg
	if _, err := NewHandlers(c); err != nil {
		t.Fatal(err)
	}
	if _, err := NewHandlers(c); err == nil {
		t.Error("a second API on the same registry: got no error")
	}
}

// blockingSubmitter waits until the request's deadline, as a writer that
// is stuck would.
type blockingSubmitter struct{}

func (blockingSubmitter) Submit(ctx context.Context, _ []journal.Item) ([]ledger.Outcome, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// blockingViews answers programs only after the request's deadline.
type blockingViews struct{ *readmodel.Memory }

func (blockingViews) Programs(ctx context.Context) ([]ledger.ProgramView, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

type failingViews struct{ *readmodel.Memory }

func (failingViews) Loans(context.Context, readmodel.LoanQuery) ([]ledger.LoanView, error) {
	return nil, errors.New("redis: connection refused")
}

func TestTimeoutsAndFailures(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.RequestTimeout = 50 * time.Millisecond
		c.Submitter = blockingSubmitter{}
		c.Views = blockingViews{c.Views.(*readmodel.Memory)}
	})
	for _, r := range []req{
		{method: "POST", path: "/v1/claims/dz-lukedai/icbc-dz-L2/approve", subject: "finance:li"},
		{method: "POST", path: "/v1/events", subject: "bank:icbc-dz", body: `{}`},
		{method: "GET", path: "/v1/programs", subject: "finance:li"},
	} {
		if code := e.want(503, r).errorCode(t); code != CodeTimeout {
			t.Errorf("%s %s: got %s, want timeout", r.method, r.path, code)
		}
	}
	e = newEnv(t, func(c *Config) { c.Views = failingViews{c.Views.(*readmodel.Memory)} })
	if code := e.want(503, req{method: "GET", path: "/v1/loans", subject: "finance:li"}).errorCode(t); code != CodeUnavailable {
		t.Errorf("got %s, want unavailable", code)
	}
}

func TestNotReady(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Ready = func() bool { return false } })
	if code := e.want(503, req{method: "GET", path: "/readyz"}).errorCode(t); code != CodeNotReady {
		t.Errorf("/readyz: got %s", code)
	}
	e.want(200, req{method: "GET", path: "/healthz"})
	if code := e.want(503, req{method: "GET", path: "/v1/programs", subject: "finance:li"}).errorCode(t); code != CodeNotReady {
		t.Errorf("/v1/programs: got %s", code)
	}
	// Authentication comes first: no token is still 401.
	e.want(401, req{method: "GET", path: "/v1/programs"})
}

func TestStoppedWriter(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Submitter = stoppedSubmitter{} })
	if code := e.want(503, req{method: "POST", path: "/v1/events", subject: "bank:icbc-dz", body: `{}`}).errorCode(t); code != CodeUnavailable {
		t.Errorf("got %s, want unavailable", code)
	}
}

type stoppedSubmitter struct{}

func (stoppedSubmitter) Submit(context.Context, []journal.Item) ([]ledger.Outcome, error) {
	return nil, stream.ErrStopped
}
