package redisstore_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/techcredit/techcredit/internal/testsvc"

	"github.com/techcredit/techcredit/ledger/redisstore"
)

// The tests run against a real redis-server: their own, started on a free
// loopback port without persistence and stopped at the end, or the one
// TECHCREDIT_TEST_REDIS_ADDR names (tests that stop and start the server
// always run their own). Every test writes under its own key prefix.

var discardLogger = slog.New(slog.NewTextHandler(io.Discard, nil))

func init() {
	// The client's messages about failed dials while a test stops Redis.
	redisstore.RouteClientLogs(discardLogger)
}

var prefixSeq struct {
	sync.Mutex
	n int
}

// testPrefix is a key prefix of its own for each store of a test.
func testPrefix(t testing.TB) string {
	prefixSeq.Lock()
	defer prefixSeq.Unlock()
	prefixSeq.n++
	return fmt.Sprintf("tctest:%d:%d:%s:", os.Getpid(), prefixSeq.n, t.Name())
}

// sharedRedisAddr is TECHCREDIT_TEST_REDIS_ADDR, or a server of the test's own.
func sharedRedisAddr(t testing.TB) string {
	t.Helper()
	if addr := os.Getenv("TECHCREDIT_TEST_REDIS_ADDR"); addr != "" {
		if !testsvc.PingRedis(addr) {
			t.Fatalf("TECHCREDIT_TEST_REDIS_ADDR=%s does not answer PING", addr)
		}
		return addr
	}
	return testsvc.StartRedis(t).Addr()
}

// newStore opens a store under a fresh prefix; it is closed (its keys
// deleted from a shared server) when the test ends.
func newStore(t testing.TB, addr string, tweak ...func(*redisstore.Config)) *redisstore.Store {
	t.Helper()
	cfg := redisstore.Config{Addr: addr, KeyPrefix: testPrefix(t)}
	for _, f := range tweak {
		f(&cfg)
	}
	s, err := redisstore.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		deleteKeys(s)
		s.Close()
	})
	return s
}

// deleteKeys removes every key of the store's prefix (a shared server
// keeps nothing of a test); a stopped server is left as it is.
func deleteKeys(s *redisstore.Store) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	glob := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`, `]`, `\]`).Replace(s.KeyPrefix())
	iter := s.Client().Scan(ctx, 0, glob+"*", 1000).Iterator()
	for iter.Next(ctx) {
		s.Client().Del(ctx, iter.Val())
	}
}
