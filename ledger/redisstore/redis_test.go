package redisstore_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

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

const redisMissing = "redis-server is not on PATH: install it (apt-get install -y redis-server); these tests need a real Redis"

// redisServer is a redis-server subprocess the test owns.
type redisServer struct {
	t    testing.TB
	port int
	cmd  *exec.Cmd
	out  *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startRedis starts a redis-server on a free loopback port; it is stopped
// when the test ends.
func startRedis(t testing.TB) *redisServer {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Fatal(redisMissing)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := &redisServer{t: t, port: port}
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *redisServer) addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// start runs the server and waits until it answers PING (10 s at most).
func (s *redisServer) start() {
	s.t.Helper()
	s.out = &lockedBuffer{}
	s.cmd = exec.Command("redis-server", "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--protected-mode", "no")
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("start redis-server: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !pingRedis(s.addr()) {
		if time.Now().After(deadline) {
			s.stop()
			s.t.Fatalf("redis-server on port %d did not answer within 10 s:\n%s", s.port, s.out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stop ends the server (SIGTERM, then SIGKILL after 10 s) and waits for it.
func (s *redisServer) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	cmd := s.cmd
	s.cmd = nil
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}

// pingRedis reports whether a Redis answers PING at addr.
func pingRedis(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	return err == nil && line == "+PONG\r\n"
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
		if !pingRedis(addr) {
			t.Fatalf("TECHCREDIT_TEST_REDIS_ADDR=%s does not answer PING", addr)
		}
		return addr
	}
	return startRedis(t).addr()
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
