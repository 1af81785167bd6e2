package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/internal/testsvc"
)

// TestServeDemo: `serve --demo` prints a token per demo user and shows a
// living system: the finance office finds claims waiting in its queue.
func TestServeDemo(t *testing.T) {
	addr := fmt.Sprintf("127.0.0.1:%d", testsvc.FreePort(t))
	var stdout testsvc.LockedBuffer
	startServe(t, ServeConfig{Demo: true, DataDir: filepath.Join(t.TempDir(), "data"), HTTPAddr: addr,
		BatchMax: 512, LogLevel: "error"}, &stdout, io.Discard)
	waitReady(t, addr, 60*time.Second)
	var token string
	for _, line := range strings.Split(stdout.String(), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "finance:li" {
			token = f[1]
		}
	}
	if token == "" {
		t.Fatalf("no finance token printed:\n%s", stdout.String())
	}
	var pending struct {
		Claims []struct{ ID, Status string } `json:"claims"`
	}
	deadline := time.Now().Add(60 * time.Second)
	for len(pending.Claims) < 6 && time.Now().Before(deadline) {
		req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/v1/claims?status=pending", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		json.NewDecoder(resp.Body).Decode(&pending)
		resp.Body.Close()
		time.Sleep(100 * time.Millisecond) // the portfolio loads while the server answers
	}
	if len(pending.Claims) != 6 {
		t.Errorf("pending claims in the demo: got %d, want 6 (2 per program)", len(pending.Claims))
	}
}

// TestServeDemoRestart: the demo submits the same inputs on every start,
// so restarting `serve --demo` twice leaves the claims as the first start
// made them.
func TestServeDemoRestart(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	var claims []int
	for range 3 {
		logs := &testsvc.LockedBuffer{}
		m := startServe(t, ServeConfig{Demo: true, DataDir: dataDir, HTTPAddr: fmt.Sprintf("127.0.0.1:%d", testsvc.FreePort(t)),
			BatchMax: 512, LogLevel: "info"}, io.Discard, logs)
		waitForCond(t, "the demo portfolio loaded", 60*time.Second, func() bool {
			return strings.Contains(logs.String(), `"msg":"demo portfolio loaded"`)
		})
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
		var out, stderr bytes.Buffer
		if code := run([]string{"state", "--data", dataDir}, &out, &stderr); code != 0 {
			t.Fatalf("state: %s", stderr.String())
		}
		var st struct {
			Claims []json.RawMessage `json:"claims"`
		}
		if err := json.Unmarshal(out.Bytes(), &st); err != nil {
			t.Fatal(err)
		}
		claims = append(claims, len(st.Claims))
	}
	if claims[0] == 0 || claims[1] != claims[0] || claims[2] != claims[0] {
		t.Errorf("claims after each start: got %v, want the first start's count every time", claims)
	}
}

// TestConsoleURL: the demo prints where a browser on this machine finds
// the console, whatever address serve listens on.
func TestConsoleURL(t *testing.T) {
	for addr, want := range map[string]string{
		":8080": "http://localhost:8080", "0.0.0.0:9000": "http://localhost:9000", "[::]:8080": "http://localhost:8080",
		"127.0.0.1:18080": "http://127.0.0.1:18080", "[::1]:8080": "http://[::1]:8080", "demo.local:80": "http://demo.local:80",
	} {
		if got := consoleURL(addr); got != want {
			t.Errorf("consoleURL(%q): got %q, want %q", addr, got, want)
		}
	}
}
