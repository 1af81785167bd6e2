package api

import (
	"sync"
	"time"
)

// Defaults of the per-caller request rate (Config.TokenRatePerSecond and
// TokenBurst): generous for a bank's system that posts batches of 1,000
// inputs and a console that polls, tight enough that one token cannot
// fill the journal with rejected inputs (SPEC §9).
const (
	DefaultTokenRatePerSecond = 50
	DefaultTokenBurst         = 200
)

// rateLimiter is a token bucket per authenticated caller: each holds up to
// burst requests and refills at ratePerSecond. Callers are the subjects of
// the tokens file, so the map is bounded by that file; tokens of one
// subject share its bucket.
type rateLimiter struct {
	ratePerSecond float64
	burst         float64
	now           func() time.Time // the clock; tests inject one

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// newRateLimiter is nil, no limit, when the rate is negative.
func newRateLimiter(cfg Config) *rateLimiter {
	if cfg.TokenRatePerSecond < 0 {
		return nil
	}
	return &rateLimiter{ratePerSecond: cfg.TokenRatePerSecond, burst: float64(cfg.TokenBurst), now: time.Now,
		buckets: map[string]*bucket{}}
}

// take spends one request of the caller's bucket. When it is empty it
// answers false and how long until a request is available again.
func (l *rateLimiter) take(caller string) (wait time.Duration, ok bool) {
	if l == nil {
		return 0, true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[caller]
	if b == nil {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[caller] = b
	}
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = min(l.burst, b.tokens+elapsed.Seconds()*l.ratePerSecond)
		b.at = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return time.Duration((1 - b.tokens) / l.ratePerSecond * float64(time.Second)), false
}
