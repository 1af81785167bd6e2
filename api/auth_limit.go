package api

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
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
// tokens: after failuresMax of them within window, every unknown token from
// that address answers 429 too_many_attempts for cooldown, so that guessing
// learns nothing meanwhile; valid tokens from it are served as ever. It remembers at
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

// clientOf is the address a request came from, the key of the
// unknown-token limit: the connection's IP, or, when that is a trusted
// proxy, the rightmost X-Forwarded-For address that is not one (what a
// client writes to the left of it is not trusted). An IPv6 address counts
// by its /64, which one host usually holds whole.
func (s *server) clientOf(r *http.Request) string {
	ip, ok := addrOf(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	if trusted(s.cfg.TrustedProxies, ip) {
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			hop, ok := addrOf(strings.TrimSpace(hops[i]))
			if !ok {
				break // a garbled hop: the last trusted one is the client
			}
			ip = hop
			if !trusted(s.cfg.TrustedProxies, hop) {
				break
			}
		}
	}
	if ip.Is6() {
		return netip.PrefixFrom(ip, 64).Masked().String()
	}
	return ip.String()
}

// addrOf parses "ip:port" or a bare IP, IPv4-mapped addresses unmapped.
func addrOf(s string) (netip.Addr, bool) {
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	ip, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return ip.Unmap(), true
}

func trusted(proxies []netip.Prefix, ip netip.Addr) bool {
	for _, p := range proxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
