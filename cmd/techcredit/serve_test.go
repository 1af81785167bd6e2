package main

import (
	"bytes"
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
	"github.com/techcredit/techcredit/internal/testsvc"
)

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

// TestServeEmbeddedEndToEnd runs `serve` on the embedded journal, imports a
// stream over HTTP with `ingest` (an admin import keeps each input's
// source), reads the state of the running server through its control
// socket and its operations listener (which has /metrics; the API has
// not), stops it as SIGTERM would, and reads the state from the journal
// file: both equal `replay` of the same inputs, byte for byte. A second
// ingest of the same file changes nothing but the duplicates.
func TestServeEmbeddedEndToEnd(t *testing.T) {
	dir := t.TempDir()
	example := fifoExample
	inputs, want := fifoExampleStream(t, dir)
	var stderr bytes.Buffer

	addr := fmt.Sprintf("127.0.0.1:%d", testsvc.FreePort(t))
	opsAddr := fmt.Sprintf("127.0.0.1:%d", testsvc.FreePort(t))
	cfg := ServeConfig{DataDir: filepath.Join(dir, "data"), HTTPAddr: addr, MetricsAddr: opsAddr,
		ProgramsPath: filepath.Join(example, "programs.json"),
		TokensPath:   writeTokens(t, dir, "admin:ops", "bank:b1"), BatchMax: 64, LogLevel: "error"}
	m := startServe(t, cfg, io.Discard, io.Discard)
	waitReady(t, addr, 30*time.Second)

	var out bytes.Buffer
	if code := run([]string{"ingest", "--quiet", "--http", "http://" + addr, "--token", "tok-admin:ops", inputs}, &out, &stderr); code != 0 {
		t.Fatalf("ingest: exit %d: %s %s", code, out.String(), stderr.String())
	}
	if got := out.String(); !strings.Contains(got, "applied") || strings.Contains(got, "rejected") {
		t.Errorf("ingest tally: got %q, want every input applied", got)
	}
	out.Reset()
	if code := run([]string{"state", "--data", cfg.DataDir}, &out, &stderr); code != 0 {
		t.Fatalf("state of the running server: %s", stderr.String())
	}
	if !bytes.Equal(out.Bytes(), want.Bytes()) {
		t.Errorf("state of the running server differs from replay:\n%s", out.String())
	}
	// The history of an imported loan from the running serve (through its
	// control socket): the importer is kept.
	out.Reset()
	if code := run([]string{"history", "loan", "b1-A", "--data", cfg.DataDir}, &out, &stderr); code != 0 {
		t.Fatalf("history of the running server: %s", stderr.String())
	}
	var h historyDoc
	if err := json.Unmarshal(out.Bytes(), &h); err != nil || len(h.Entries) == 0 || h.Entries[0].ID != "d-A" ||
		h.Entries[0].ImportedBy == nil || *h.Entries[0].ImportedBy != "admin:ops" {
		t.Errorf("history of b1-A: got %s (%v), want d-A imported by admin:ops first", out.Bytes(), err)
	}
	// The operations listener answers the same handler as the socket.
	resp, err := http.Get("http://" + opsAddr + "/state")
	if err != nil {
		t.Fatal(err)
	}
	opsState, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(opsState, want.Bytes()) {
		t.Errorf("GET /state on the operations listener differs from replay:\n%s", opsState)
	}
	// Everything submitted is journaled: no lag left. The metrics are on
	// the operations listener, not on the public API.
	if code := httpStatus(t, "http://"+addr+"/metrics"); code != http.StatusNotFound {
		t.Errorf("GET /metrics on the API listener: got %d, want 404", code)
	}
	resp, err = http.Get("http://" + opsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"\ntechcredit_journal_lag_inputs 0\n", "\ntechcredit_journal_seq 7\n"} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("metrics: want %q", strings.TrimSpace(want))
		}
	}
	// The same file again: every input is a duplicate.
	out.Reset()
	run([]string{"ingest", "--quiet", "--http", "http://" + addr, "--token", "tok-admin:ops", inputs}, &out, &stderr)
	if got := strings.TrimSpace(out.String()); got != "duplicate                        6" {
		t.Errorf("second ingest tally: got %q, want 6 duplicates", got)
	}

	if err := m.Close(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	out.Reset()
	if code := run([]string{"state", "--data", cfg.DataDir}, &out, &stderr); code != 0 {
		t.Fatalf("state of the stopped deployment: %s", stderr.String())
	}
	st := out.String()
	if !strings.Contains(st, `"duplicates": 6,`) || !strings.Contains(st, `"inputs": 12,`) {
		t.Errorf("state after the second ingest: want 12 inputs with 6 duplicates, got:\n%s", st)
	}
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
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// fifoExample is worked example 4 (a pool short of money, paid first in
// first out): the stream the serve tests send.
const fifoExample = "../../testdata/examples/4-fifo-short-pool"

// fifoExampleLines is the example's inputs that an admin may import, both
// files in order: its bank inputs. Its finance inputs (fundings and
// approvals) are never imported (SPEC §15: an import of a finance source
// is forbidden); finance acts through its own routes.
func fifoExampleLines(t *testing.T) []byte {
	t.Helper()
	var all []byte
	for _, f := range []string{"before-funding.ndjson", "inputs.ndjson"} {
		b, err := os.ReadFile(filepath.Join(fifoExample, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range bytes.SplitAfter(b, []byte("\n")) {
			if !bytes.Contains(line, []byte(`"source":"finance:`)) {
				all = append(all, line...)
			}
		}
	}
	return all
}

// fifoExampleStream writes the example's inputs to one file under dir and
// returns its path with the state document `replay` gives for it.
func fifoExampleStream(t *testing.T, dir string) (inputs string, want bytes.Buffer) {
	t.Helper()
	inputs = filepath.Join(dir, "all.ndjson")
	if err := os.WriteFile(inputs, fifoExampleLines(t), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if code := run([]string{"replay", "--quiet", "--programs", filepath.Join(fifoExample, "programs.json"), "--input", inputs}, &want, &stderr); code != 0 {
		t.Fatalf("replay: %s", stderr.String())
	}
	return inputs, want
}
