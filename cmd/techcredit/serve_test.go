package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeEmbeddedEndToEnd runs `serve` on the embedded journal, imports a
// stream over HTTP with `ingest` (an admin import keeps each input's
// source), reads the state of the running server through its control
// socket and its operations listener (which has /metrics; the API has
// not), stops it as SIGTERM would, and reads the state from the journal
// file: both equal `replay` of the same inputs, byte for byte. A second
// ingest of the same file changes nothing but the duplicates.
func TestServeEmbeddedEndToEnd(t *testing.T) {
	dir := t.TempDir()
	inputs, want := fifoExampleStream(t, dir)
	var stderr bytes.Buffer

	addr := localAddr(t)
	opsAddr := localAddr(t)
	cfg := fifoServeConfig(t, dir, addr, "admin:ops", "bank:b1")
	cfg.MetricsAddr = opsAddr
	m := startServeReady(t, cfg, io.Discard, 30*time.Second)

	if got := ingestAsAdmin(t, addr, inputs); !strings.Contains(got, "applied") || strings.Contains(got, "rejected") {
		t.Errorf("ingest tally: got %q, want every input applied", got)
	}
	var out bytes.Buffer
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
	_, opsState := fetch(t, http.MethodGet, "http://"+opsAddr+"/state", "", nil)
	if !bytes.Equal(opsState, want.Bytes()) {
		t.Errorf("GET /state on the operations listener differs from replay:\n%s", opsState)
	}
	// Everything submitted is journaled: no lag left. The metrics are on
	// the operations listener, not on the public API.
	if code := httpStatus(t, "http://"+addr+"/metrics"); code != http.StatusNotFound {
		t.Errorf("GET /metrics on the API listener: got %d, want 404", code)
	}
	_, metrics := fetch(t, http.MethodGet, "http://"+opsAddr+"/metrics", "", nil)
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

// fifoExample is worked example 4 (a pool short of money, paid first in
// first out): the stream the serve tests send.
const fifoExample = "../../testdata/examples/4-fifo-short-pool"

// fifoServeConfig is serve of the example on the embedded journal under
// dir, listening on addr, with tokens for subjects ("tok-" + subject).
func fifoServeConfig(t *testing.T, dir, addr string, subjects ...string) ServeConfig {
	return ServeConfig{DataDir: filepath.Join(dir, "data"), HTTPAddr: addr, ProgramsPath: filepath.Join(fifoExample, "programs.json"),
		TokensPath: writeTokens(t, dir, subjects...), BatchMax: 64, LogLevel: "error"}
}

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
