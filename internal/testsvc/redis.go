package testsvc

import (
	"bufio"
	"net"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// RedisMissing is the failure of a test that needs redis-server: such
// tests fail rather than skip (CI installs it).
const RedisMissing = "redis-server is not on PATH: install it (apt-get install -y redis-server); these tests need a real Redis"

// redisWithin bounds the wait for a started server to answer PING.
const redisWithin = 10 * time.Second

// Redis is a redis-server subprocess without persistence on a loopback
// port of its own, which a test may stop, kill and start again (empty).
type Redis struct {
	t    testing.TB
	port int
	cmd  *exec.Cmd
	out  *LockedBuffer
}

// StartRedis starts a redis-server; it is stopped when the test ends.
func StartRedis(t testing.TB) *Redis {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Fatal(RedisMissing)
	}
	r := &Redis{t: t, port: FreePort(t)}
	r.Start()
	t.Cleanup(r.Stop)
	return r
}

// Addr is the server's host:port.
func (r *Redis) Addr() string { return "127.0.0.1:" + strconv.Itoa(r.port) }

// Start runs the server on its port and waits until it answers PING.
func (r *Redis) Start() {
	r.t.Helper()
	r.out = &LockedBuffer{}
	r.cmd = exec.Command("redis-server", "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--protected-mode", "no")
	r.cmd.Stdout, r.cmd.Stderr = r.out, r.out
	if err := r.cmd.Start(); err != nil {
		r.t.Fatalf("start redis-server: %v", err)
	}
	deadline := time.Now().Add(redisWithin)
	for !PingRedis(r.Addr()) {
		if time.Now().After(deadline) {
			r.Kill()
			r.t.Fatalf("redis-server on port %d did not answer within %s:\n%s", r.port, redisWithin, r.out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Running reports whether the server was started and not stopped since.
func (r *Redis) Running() bool { return r.cmd != nil }

// Stop ends the server (SIGTERM, then SIGKILL after 10 s) and waits for it.
func (r *Redis) Stop() { r.end(syscall.SIGTERM) }

// Kill ends the server at once, as a crash would.
func (r *Redis) Kill() { r.end(syscall.SIGKILL) }

func (r *Redis) end(sig syscall.Signal) {
	if r.cmd == nil || r.cmd.Process == nil {
		return
	}
	cmd := r.cmd
	r.cmd = nil
	_ = cmd.Process.Signal(sig)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}

// PingRedis reports whether a Redis answers PING at addr.
func PingRedis(addr string) bool {
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
