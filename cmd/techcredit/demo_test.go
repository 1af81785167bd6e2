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
// living system: the finance office finds claims waiting in its queue (2
// per simulated programme), demo-review holds a claim awaiting its
// documents and one submitted (past its review_by on 2026-12-03) and a
// subsidy to decide, and the fund page shows a leverage.
func TestServeDemo(t *testing.T) {
	addr := fmt.Sprintf("127.0.0.1:%d", testsvc.FreePort(t))
	var stdout testsvc.LockedBuffer
	startServe(t, ServeConfig{Demo: true, DataDir: filepath.Join(t.TempDir(), "data"), HTTPAddr: addr,
		BatchMax: 512, LogLevel: "error"}, &stdout, io.Discard)
	waitReady(t, addr, 60*time.Second)
	tokens := map[string]string{}
	for _, line := range strings.Split(stdout.String(), "\n") {
		if f := strings.Fields(line); len(f) == 2 && strings.HasPrefix(f[1], "demo-") {
			tokens[f[0]] = f[1]
		}
	}
	if len(tokens) != len(demoSubjects) {
		t.Fatalf("tokens printed for %v, want one per demo user:\n%s", tokens, stdout.String())
	}
	get := func(subject, path string, v any) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, "http://"+addr+path, nil)
		req.Header.Set("Authorization", "Bearer "+tokens[subject])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	// The fund's rounds are the demo's last inputs: once they show, the
	// whole portfolio is in.
	var funds struct {
		Funds []struct {
			ID, Invested string
			Leverage     *string `json:"leverage"`
		} `json:"funds"`
	}
	deadline := time.Now().Add(60 * time.Second)
	for (len(funds.Funds) == 0 || funds.Funds[0].Leverage == nil) && time.Now().Before(deadline) {
		get("finance:li", "/v1/funds", &funds)
		time.Sleep(100 * time.Millisecond) // the portfolio loads while the server answers
	}
	if len(funds.Funds) != 1 || funds.Funds[0].Leverage == nil || *funds.Funds[0].Leverage != "4.0000" || funds.Funds[0].Invested != "7500000.00" {
		t.Fatalf("the demo fund: got %+v, want invested 7500000.00, leverage 4.0000", funds.Funds)
	}
	type claims struct {
		Claims []struct{ ID, Status string } `json:"claims"`
	}
	for status, want := range map[string]int{"pending": 6, "awaiting_documents": 1, "submitted": 1} {
		var c claims
		get("finance:li", "/v1/claims?status="+status+"&limit=100", &c)
		if len(c.Claims) != want {
			t.Errorf("%s claims in the demo: got %d %v, want %d", status, len(c.Claims), c.Claims, want)
		}
	}
	var overdue claims
	get("admin:kjt-zhou", "/v1/claims?overdue_on=2026-12-03", &overdue)
	if len(overdue.Claims) != 1 || overdue.Claims[0].ID != "demo-review/icbc-jn-C1" {
		t.Errorf("overdue on 2026-12-03: got %v, want demo-review/icbc-jn-C1 (review_by 2026-10-12)", overdue.Claims)
	}
	var subs struct {
		Subsidies []struct{ ID, Amount, Status string } `json:"subsidies"`
	}
	get("finance:li", "/v1/subsidies?status=pending", &subs)
	if len(subs.Subsidies) != 1 || subs.Subsidies[0].ID != "demo-review/icbc-jn-S1/2026" || subs.Subsidies[0].Amount != "41400.00" {
		t.Errorf("pending subsidies: got %v, want demo-review/icbc-jn-S1/2026 41400.00", subs.Subsidies)
	}
}

// TestServeDemoRestart: the demo submits the same inputs on every start,
// so restarting `serve --demo` twice leaves the claims, the subsidies and
// the fund as the first start made them.
func TestServeDemoRestart(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	var got []string
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
			Claims    []json.RawMessage `json:"claims"`
			Subsidies []json.RawMessage `json:"subsidies"`
			Funds     []struct {
				Invested    string `json:"invested"`
				Investments int    `json:"investments"`
			} `json:"funds"`
		}
		if err := json.Unmarshal(out.Bytes(), &st); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d claims, %d subsidies, funds %v", len(st.Claims), len(st.Subsidies), st.Funds))
	}
	// 15 claims: the 7 the simulated finance office decided, its 6 left
	// open, demo-review's 2; 1 subsidy: icbc-jn-S1's.
	if want := "15 claims, 1 subsidies, funds [{7500000.00 2}]"; got[0] != want || got[1] != want || got[2] != want {
		t.Errorf("after each start: got %q, want %q every time", got, want)
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
