package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/api"
	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/internal/testsvc"
)

// The helpers of the tests that run serve (in-process or as the binary)
// and talk to it over HTTP: one place for the start, the wait until it is
// ready and the requests, so that each test shows only what it asserts.

// localAddr is a free loopback address for a listener of the test.
func localAddr(t *testing.T) string {
	return fmt.Sprintf("127.0.0.1:%d", testsvc.FreePort(t))
}

// writeTokens writes a tokens file (hashes only) for the given subjects;
// each token is "tok-" + subject.
func writeTokens(t *testing.T, dir string, subjects ...string) string {
	t.Helper()
	var entries []string
	for _, s := range subjects {
		entries = append(entries, fmt.Sprintf(`{"sha256":%q,"subject":%q}`, api.HashToken("tok-"+s), s))
	}
	path := filepath.Join(dir, "tokens.json")
	if err := os.WriteFile(path, []byte(`{"tokens":[`+strings.Join(entries, ",")+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// startServe runs serve's Main in-process with cfg, as `techcredit serve`
// does; the caller or the test's end closes it.
func startServe(t *testing.T, cfg ServeConfig, stdout, stderr io.Writer) *Main {
	t.Helper()
	m := NewMain(stdout, stderr)
	m.Config = cfg
	t.Cleanup(func() { m.Close() })
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("serve: %v", err)
	}
	return m
}

// httpStatus is the status of GET url.
func httpStatus(t *testing.T, url string) int {
	t.Helper()
	code, _ := fetch(t, http.MethodGet, url, "", nil)
	return code
}

// startServeReady is startServe (stdout discarded) once the API at
// cfg.HTTPAddr is ready.
func startServeReady(t *testing.T, cfg ServeConfig, stderr io.Writer, within time.Duration) *Main {
	t.Helper()
	m := startServe(t, cfg, io.Discard, stderr)
	waitReady(t, cfg.HTTPAddr, within)
	return m
}

// waitReady polls GET /readyz until it answers 200.
func waitReady(t *testing.T, addr string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		if resp, err := client.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s/readyz did not answer 200 within %s", addr, within)
}

// getJSON is the body of GET url with the bearer token: 200 and JSON, or
// the test fails.
func getJSON(t *testing.T, url, token string) string {
	t.Helper()
	code, b := fetch(t, http.MethodGet, url, token, nil)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, code, b)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return string(b)
}

// fetch sends method url with body (JSON; none when nil) and the bearer
// token (none when "") and returns the status and the whole body.
func fetch(t *testing.T, method, url, token string, body io.Reader) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// serveFlagsOf is the configuration serve's flags args and the environment
// give.
func serveFlagsOf(t *testing.T, args ...string) ServeConfig {
	t.Helper()
	m := NewMain(io.Discard, io.Discard)
	if err := m.ParseFlags(context.Background(), args); err != nil {
		t.Fatal(err)
	}
	return m.Config
}

// waitForCond is streamtest.WaitFor, under the name the tests here use.
func waitForCond(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	streamtest.WaitFor(t, what, within, cond)
}

// ingestAsAdmin imports the inputs file into the serve at addr with
// `ingest --http` as admin:ops, failing the test unless it exits 0, and
// returns the tally it printed.
func ingestAsAdmin(t *testing.T, addr, inputs string) string {
	t.Helper()
	var out, stderr strings.Builder
	if code := run([]string{"ingest", "--quiet", "--http", "http://" + addr, "--token", "tok-admin:ops", inputs}, &out, &stderr); code != 0 {
		t.Fatalf("ingest: exit %d: %s %s", code, out.String(), stderr.String())
	}
	return out.String()
}
