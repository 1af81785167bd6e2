package api

import (
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/techcredit/techcredit/internal/testsvc"
)

// TestSecretsNotLogged: requests with valid and unknown bearer tokens, on
// routes that succeed, fail as the caller's fault, fail as the service's
// (logged) and are refused by the brute-force limit, leave neither a token
// nor its SHA-256 in the debug log.
func TestSecretsNotLogged(t *testing.T) {
	var logs testsvc.LockedBuffer
	var notReady atomic.Bool
	e := newEnv(t, func(c *Config) {
		c.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		c.AuthFailuresMax = 3
		c.Ready = func() bool { return !notReady.Load() }
	})
	unknown := "guess-Zq8WfL2kTx"
	var secrets []string
	for _, s := range testSubjects {
		secrets = append(secrets, tokenOf(s), HashToken(tokenOf(s)))
	}
	secrets = append(secrets, unknown, HashToken(unknown))
	for _, r := range fuzzBodyRoutes {
		e.do(req{method: r.method, path: r.path, subject: r.subject, body: r.seed})
		e.do(req{method: r.method, path: r.path, subject: r.subject, body: `{"broken`})
	}
	e.do(req{method: "GET", path: "/v1/me", subject: "investor:vc1"})
	e.do(req{method: "GET", path: "/v1/loans", subject: "investor:vc1"}) // 403
	notReady.Store(true)                                                 // 503 not_ready: logged with the subject
	e.do(req{method: "GET", path: "/v1/me", subject: "finance:li"})
	notReady.Store(false)
	for range 5 { // 401, then 429
		e.do(req{method: "GET", path: "/v1/me", token: unknown})
	}
	e.do(req{method: "GET", path: "/v1/me", subject: "admin:sci"}) // 429 from this address
	out := logs.String()
	if !strings.Contains(out, "not_ready") {
		t.Fatalf("the service's failure was not logged; the test no longer covers the logging path:\n%s", out)
	}
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("the log holds the secret %q:\n%s", s, out)
		}
	}
}
