package api

import (
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"
)

// Defaults of the brute-force limit on bearer tokens (Config.AuthFailuresMax
// and the fields after it).
const (
	DefaultAuthFailuresMax   = 20
	DefaultAuthFailureWindow = time.Minute
	DefaultAuthCooldown      = 5 * time.Minute
	DefaultAuthClientsMax    = 10_000
)

// authLimiter refuses a client address that presented too many unknown
// tokens: after failuresMax of them within window, every request of that
// address with a token answers 429 too_many_attempts for cooldown, valid
// token or not, so that guessing learns nothing meanwhile. It remembers at
// most clientsMax addresses: when full, it forgets the addresses whose
// window and cool-down have passed, then the one whose window started
// first. Requests without a token are not attempts and are not counted.
type authLimiter struct {
	failuresMax int
	window      time.Duration
	cooldown    time.Duration
	clientsMax  int
	now         func() time.Time // the clock; tests inject one

	mu      sync.Mutex
	clients map[string]*authFailures
}

type authFailures struct {
	first        time.Time // start of the current window
	n            int       // unknown tokens since first
	blockedUntil time.Time
}

// newAuthLimiter is nil, no limit, when failuresMax is negative.
func newAuthLimiter(cfg Config) *authLimiter {
	if cfg.AuthFailuresMax < 0 {
		return nil
	}
	return &authLimiter{failuresMax: cfg.AuthFailuresMax, window: cfg.AuthFailureWindow, cooldown: cfg.AuthCooldown,
		clientsMax: cfg.AuthClientsMax, now: time.Now, clients: map[string]*authFailures{}}
}

// blocked reports whether the client is cooling down.
func (l *authLimiter) blocked(client string) bool {
	if l == nil {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.clients[client]
	return ok && l.now().Before(f.blockedUntil)
}

// fail counts an unknown token of the client.
func (l *authLimiter) fail(client string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	f, ok := l.clients[client]
	if !ok {
		if len(l.clients) >= l.clientsMax {
			l.evict(now)
		}
		f = &authFailures{first: now}
		l.clients[client] = f
	}
	if now.Sub(f.first) >= l.window {
		f.first, f.n = now, 0
	}
	f.n++
	if f.n >= l.failuresMax {
		f.blockedUntil = now.Add(l.cooldown)
	}
}

// evict makes room for one client: it forgets every client whose window
// and cool-down have passed, or else the one whose window started first,
// preferring one that is not cooling down (an attacker must not free its
// address by guessing from as many others).
func (l *authLimiter) evict(now time.Time) {
	var oldest, oldestBlocked string
	for c, f := range l.clients {
		blocked := now.Before(f.blockedUntil)
		switch {
		case now.Sub(f.first) >= l.window && !blocked:
			delete(l.clients, c)
		case blocked && (oldestBlocked == "" || f.first.Before(l.clients[oldestBlocked].first)):
			oldestBlocked = c
		case !blocked && (oldest == "" || f.first.Before(l.clients[oldest].first)):
			oldest = c
		}
	}
	if len(l.clients) < l.clientsMax {
		return
	}
	if oldest == "" {
		oldest = oldestBlocked
	}
	delete(l.clients, oldest)
}

// len is the number of clients remembered.
func (l *authLimiter) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}

// clientOf is the address a request came from, the key of the limit: the
// connection's IP (a proxy's X-Forwarded-For is not trusted), an IPv6
// address by its /64, which one host usually holds whole.
func clientOf(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if ip.Is6() {
		return netip.PrefixFrom(ip, 64).Masked().String()
	}
	return ip.String()
}
