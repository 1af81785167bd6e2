package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/api"
	"github.com/techcredit/techcredit/internal/testsvc"
)

// TestServeLogsNoSecrets runs `serve` at debug level with --redis-password
// (Redis away, so the client logs its failures) and sends requests with a
// valid and an unknown bearer token: the log holds neither the password,
// nor a token, nor a token's SHA-256.
func TestServeLogsNoSecrets(t *testing.T) {
	dir := t.TempDir()
	var logs testsvc.LockedBuffer
	const password, valid, unknown = "Redis-Pw-9f3Kq7", "tok-admin:ops", "tok-guess-Hx72pLm"
	addr := localAddr(t)
	m := NewMain(&bytes.Buffer{}, &logs)
	err := m.ParseFlags(context.Background(), []string{"--data", filepath.Join(dir, "data"), "--http", addr,
		"--programs", "../../testdata/examples/4-fifo-short-pool/programs.json",
		"--tokens", writeTokens(t, dir, "admin:ops"), "--log-level", "debug",
		"--redis-addr", localAddr(t), "--redis-password", password,
		"--metrics-addr", "off"})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 2 * time.Second}
	send := func(token string) int {
		hr, _ := http.NewRequest("GET", "http://"+addr+"/v1/me", nil)
		hr.Header.Set("Authorization", "Bearer "+token)
		res, err := client.Do(hr)
		if err != nil {
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}
	deadline := time.Now().Add(20 * time.Second)
	for send(unknown) != http.StatusUnauthorized {
		if time.Now().After(deadline) {
			t.Fatal("serve did not answer")
		}
		time.Sleep(20 * time.Millisecond)
	}
	for range 3 {
		send(valid)
		send(unknown)
	}
	time.Sleep(200 * time.Millisecond) // let the Redis client log a few failures
	m.Close()
	out := logs.String()
	if !strings.Contains(out, "redis") {
		t.Fatalf("no Redis log line; the test no longer covers the password's path:\n%s", out)
	}
	for _, s := range []string{password, valid, unknown, api.HashToken(valid), api.HashToken(unknown)} {
		if strings.Contains(out, s) {
			t.Errorf("the log holds the secret %q:\n%s", s, out)
		}
	}
}
