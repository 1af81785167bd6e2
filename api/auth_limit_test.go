package api

import (
	"fmt"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// from sends GET /v1/me from a client address with a token ("" for none)
// and checks the answer against openapi.json.
func (e *env) from(addr, token string) response {
	e.t.Helper()
	hr := httptest.NewRequest("GET", "/v1/me", nil)
	hr.RemoteAddr = addr
	if token != "" {
		hr.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	e.srv.serveHTTP(rec, hr)
	res := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if err := validateResponse(hr, res); err != nil {
		e.t.Errorf("GET /v1/me from %s: the response does not match openapi.json: %v\n%s", addr, err, res.body)
	}
	return res
}

// TestAuthLimit: after AuthFailuresMax unknown tokens from one address
// within the window, unknown tokens from that address get 429
// too_many_attempts for the cool-down; a valid token from it is served as
// ever (one guesser behind an office's NAT must not lock the office out);
// other addresses, requests without a token and failures spread over more
// than a window are unaffected; the address's guesses are answered 401
// again once the cool-down has passed.
func TestAuthLimit(t *testing.T) {
	clock := &fakeClock{t: testNow}
	e := newEnv(t, func(c *Config) {
		c.AuthFailuresMax, c.AuthFailureWindow, c.AuthCooldown = 5, time.Minute, 5*time.Minute
	})
	e.srv.authLimit.now = clock.now
	valid := tokenOf("bank:icbc-dz")
	const guesser, neighbour = "203.0.113.7:40000", "198.51.100.1:40000"
	for i := range 5 {
		if res := e.from(guesser, fmt.Sprintf("guess-%d", i)); res.status != 401 {
			t.Fatalf("guess %d: got %d, want 401", i, res.status)
		}
	}
	wantStatus := func(what, addr, token string, status int, code string) {
		t.Helper()
		res := e.from(addr, token)
		if res.status != status || res.errorCode(t) != code {
			t.Errorf("%s: got %d %s, want %d %s", what, res.status, res.body, status, code)
		}
	}
	wantOK := func(what, addr string) {
		t.Helper()
		if res := e.from(addr, valid); res.status != 200 {
			t.Errorf("%s: got %d %s, want 200", what, res.status, res.body)
		}
	}
	wantStatus("a sixth guess", guesser, "guess-6", 429, CodeTooManyAttempts)
	wantOK("a valid token from the guesser's address", "203.0.113.7:40001")
	wantStatus("no token from the guesser", guesser, "", 401, CodeUnauthorized)
	wantOK("a valid token from another address", neighbour)
	wantStatus("one unknown token from another address", neighbour, "typo", 401, CodeUnauthorized)

	clock.advance(5*time.Minute - time.Second)
	wantStatus("the guesser just before the cool-down ends", guesser, "guess-7", 429, CodeTooManyAttempts)
	clock.advance(time.Second)
	wantStatus("the guesser after the cool-down", guesser, "guess-8", 401, CodeUnauthorized)
	wantOK("a valid token after the cool-down", guesser)

	// Failures older than the window are forgotten: 4 + 4 over two windows
	// stay below 5.
	const slow = "192.0.2.9:1234"
	for round := range 2 {
		for i := range 4 {
			wantStatus(fmt.Sprintf("slow guess %d.%d", round, i), slow, "slow-guess", 401, CodeUnauthorized)
		}
		clock.advance(time.Minute)
	}
	wantOK("a slow guesser", slow)

	// IPv6 addresses count by /64: one host holds the whole prefix.
	for i := range 5 {
		wantStatus("v6 guess", fmt.Sprintf("[2001:db8:1:2::%x]:443", i+1), "v6-guess", 401, CodeUnauthorized)
	}
	wantStatus("another address of the /64", "[2001:db8:1:2::ffff]:443", "v6-guess", 429, CodeTooManyAttempts)
	wantOK("a valid token from the /64", "[2001:db8:1:2::ffff]:443")
	wantOK("another /64", "[2001:db8:1:3::1]:443")
}

// TestAuthLimitDisabled: a negative AuthFailuresMax turns the limit off.
func TestAuthLimitDisabled(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.AuthFailuresMax = -1 })
	for i := range DefaultAuthFailuresMax + 5 {
		if res := e.from("203.0.113.7:1", fmt.Sprintf("guess-%d", i)); res.status != 401 {
			t.Fatalf("guess %d: got %d, want 401", i, res.status)
		}
	}
}

// TestAuthLimiterBounded: the limiter remembers at most clientsMax
// addresses, forgets expired ones first, and keeps an address that cools
// down while others come and go.
func TestAuthLimiterBounded(t *testing.T) {
	clock := &fakeClock{t: testNow}
	l := newAuthLimiter(Config{AuthFailuresMax: 3, AuthFailureWindow: time.Minute, AuthCooldown: time.Hour, AuthClientsMax: 4})
	l.now = clock.now
	for range 3 {
		l.fail("blocked")
	}
	for i := range 1000 {
		l.fail(fmt.Sprintf("10.0.%d.%d", i/256, i%256))
		clock.advance(time.Millisecond)
		if n := l.len(); n > 4 {
			t.Fatalf("after %d addresses: %d remembered, want at most 4", i+1, n)
		}
	}
	if !l.blocked("blocked") {
		t.Error("the cooling-down address was forgotten to make room for others")
	}
	clock.advance(time.Hour)
	l.fail("new")
	if n := l.len(); n != 1 {
		t.Errorf("after every window and cool-down passed: %d remembered, want 1 (the expired forgotten at once)", n)
	}
	if l.blocked("blocked") {
		t.Error("still cooling down after the cool-down")
	}
}

func TestClientOf(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16"), netip.MustParsePrefix("fd00::/8")}
	for _, tc := range []struct {
		remote, forwarded string
		proxies           []netip.Prefix
		want              string
	}{
		{"203.0.113.7:80", "", nil, "203.0.113.7"},
		{"[::ffff:203.0.113.7]:80", "", nil, "203.0.113.7"},
		{"[2001:db8::1]:80", "", nil, "2001:db8::/64"},
		{"not an address", "", nil, "not an address"},
		// Without trusted proxies the header is the client's own words.
		{"203.0.113.7:80", "198.51.100.1", nil, "203.0.113.7"},
		// Behind a trusted proxy: the rightmost untrusted hop.
		{"10.1.2.3:80", "198.51.100.1", proxies, "198.51.100.1"},
		{"10.1.2.3:80", "192.0.2.66, 198.51.100.1, 10.1.9.9", proxies, "198.51.100.1"},
		{"[fd00::1]:80", "2001:db8:5::7", proxies, "2001:db8:5::/64"},
		// A proxy that is not trusted: its header is ignored.
		{"203.0.113.7:80", "198.51.100.1", proxies, "203.0.113.7"},
		// Every hop trusted: the leftmost of them.
		{"10.1.2.3:80", "10.1.0.1", proxies, "10.1.0.1"},
		// A garbled hop ends the walk at the last good one.
		{"10.1.2.3:80", "198.51.100.1, bogus", proxies, "10.1.2.3"},
	} {
		s := &server{cfg: Config{TrustedProxies: tc.proxies}}
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		if tc.forwarded != "" {
			r.Header.Set("X-Forwarded-For", tc.forwarded)
		}
		if got := s.clientOf(r); got != tc.want {
			t.Errorf("clientOf(%q, XFF %q): got %q, want %q", tc.remote, tc.forwarded, got, tc.want)
		}
	}
}

// TestTokenRateLimit: a caller past its burst gets 429 rate_limited with
// Retry-After in whole seconds; other callers are unaffected; the bucket
// refills at the rate.
func TestTokenRateLimit(t *testing.T) {
	clock := &fakeClock{t: testNow}
	e := newEnv(t, func(c *Config) { c.TokenRatePerSecond, c.TokenBurst = 0.5, 3 })
	e.srv.rateLimit.now = clock.now
	bank, other := tokenOf("bank:icbc-dz"), tokenOf("finance:li")
	const addr = "203.0.113.7:1"
	for i := range 3 {
		if res := e.from(addr, bank); res.status != 200 {
			t.Fatalf("request %d within the burst: got %d %s", i, res.status, res.body)
		}
	}
	res := e.from(addr, bank)
	if res.status != 429 || res.errorCode(t) != CodeRateLimited || res.header.Get("Retry-After") != "2" {
		t.Fatalf("past the burst: got %d %s Retry-After %q, want 429 rate_limited Retry-After 2", res.status, res.body, res.header.Get("Retry-After"))
	}
	if res := e.from(addr, other); res.status != 200 {
		t.Errorf("another caller: got %d, want 200", res.status)
	}
	clock.advance(2 * time.Second)
	if res := e.from(addr, bank); res.status != 200 {
		t.Errorf("after the refill: got %d %s, want 200", res.status, res.body)
	}
	if res := e.from(addr, bank); res.status != 429 {
		t.Errorf("one refilled request spent: got %d, want 429", res.status)
	}
}

// TestTokenRateLimitDisabled: a negative rate turns the limit off.
func TestTokenRateLimitDisabled(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.TokenRatePerSecond, c.TokenBurst = -1, 1 })
	for i := range 20 {
		if res := e.from("203.0.113.7:1", tokenOf("bank:icbc-dz")); res.status != 200 {
			t.Fatalf("request %d: got %d", i, res.status)
		}
	}
}

// len is the number of clients remembered.
func (l *authLimiter) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}
