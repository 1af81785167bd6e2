package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSimulateWritesAStreamThatReplays(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	var stdout, stderr bytes.Buffer
	args := []string{"simulate", "--loans", "150", "--seed", "7", "--out", dir}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit code: got %d, want 0 (stderr %q)", code, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "simulate: wrote ") || !strings.Contains(stdout.String(), "(150 loans,") {
		t.Errorf("summary: got %q, want a line naming the files and 150 loans", stdout.String())
	}
	inputs, err := os.ReadFile(filepath.Join(dir, "inputs.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}

	// The same seed writes the same bytes.
	again := filepath.Join(t.TempDir(), "again")
	if code := run([]string{"simulate", "--loans", "150", "--seed", "7", "--out", again, "--quiet"}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("second run: exit code %d", code)
	}
	if b, _ := os.ReadFile(filepath.Join(again, "inputs.ndjson")); !bytes.Equal(b, inputs) {
		t.Error("the same seed wrote different inputs")
	}

	// And the stream replays.
	stdout.Reset()
	args = []string{"replay", "--quiet", "--programs", filepath.Join(dir, "programs.json"), "--input", filepath.Join(dir, "inputs.ndjson")}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("replay: exit code %d (stderr %q)", code, stderr.String())
	}
	var state struct {
		Inputs, Applied, Duplicates int64
		Rejected                    []json.RawMessage
		Ledger                      struct{ Balanced bool }
	}
	if err := json.Unmarshal(stdout.Bytes(), &state); err != nil {
		t.Fatal(err)
	}
	lines := int64(bytes.Count(inputs, []byte("\n")))
	if state.Inputs != lines || state.Inputs != state.Applied+state.Duplicates+int64(len(state.Rejected)) || !state.Ledger.Balanced {
		t.Errorf("replay: got inputs %d = %d applied + %d duplicates + %d rejected (balanced %v), want %d lines",
			state.Inputs, state.Applied, state.Duplicates, len(state.Rejected), state.Ledger.Balanced, lines)
	}
}

func TestSimulateUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"simulate"},
		{"simulate", "--loans", "10"},
		{"simulate", "--out", "x", "--loans", "0"},
		{"simulate", "--out", "x", "--bad-rate", "0.9"},
		{"simulate", "--out", "x", "extra"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit code %d, want 2", args, code)
		}
	}
}

func TestBenchSmall(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "--loans", "200"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit code: got %d, want 0 (stderr %q)", code, stderr.String())
	}
	for _, want := range []string{"engine replay", "json floor", "ratio_to_json_floor", "heap per loan"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("report: got %q, want a line with %q", stdout.String(), want)
		}
	}
	if code := run([]string{"bench", "--rounds", "0"}, &stdout, &stderr); code != 2 {
		t.Errorf("--rounds 0: exit code %d, want 2", code)
	}
}

// TestSimulateSubsidyScenario: --scenario subsidy writes the interest
// subsidy's fixed stream, which replays to its budget to the cent.
func TestSimulateSubsidyScenario(t *testing.T) {
	dir, summary, replayed := replayedScenario(t, "subsidy")
	if !strings.Contains(summary, "the subsidy scenario, 44 inputs (5 refused by design)") {
		t.Errorf("summary: got %q", summary)
	}
	var state struct {
		Programs []struct {
			SubsidyFunded  string `json:"subsidy_funded"`
			SubsidyPaid    string `json:"subsidy_paid"`
			SubsidyBalance string `json:"subsidy_balance"`
		}
		Rejected []json.RawMessage
	}
	if err := json.Unmarshal(replayed, &state); err != nil {
		t.Fatal(err)
	}
	if p := state.Programs[0]; p.SubsidyFunded != "900000.00" || p.SubsidyPaid != "849382.71" || p.SubsidyBalance != "50617.29" || len(state.Rejected) != 5 {
		t.Errorf("replay: got %+v and %d rejected, want funded 900000.00, paid 849382.71, balance 50617.29, 5 rejected", p, len(state.Rejected))
	}
	for _, bad := range [][]string{{"--scenario", "nosuch", "--out", dir}, {"--scenario", "subsidy"}} {
		if code := run(append([]string{"simulate"}, bad...), &bytes.Buffer{}, &bytes.Buffer{}); code != 2 {
			t.Errorf("%v: exit code %d, want 2", bad, code)
		}
	}
}

// TestSimulateFundScenario: --scenario fund writes a stream that replays to
// the fund's figures.
func TestSimulateFundScenario(t *testing.T) {
	dir, _, replayed := replayedScenario(t, "fund")
	if !bytes.Contains(replayed, []byte(`"leverage": "5.0000"`)) || !bytes.Contains(replayed, []byte(`"invested": "8000000.00"`)) {
		t.Fatalf("replayed state lacks the fund's figures:\n%s", replayed)
	}
	if code := run([]string{"simulate", "--scenario", "nope", "--out", dir}, &bytes.Buffer{}, &bytes.Buffer{}); code != 2 {
		t.Fatalf("unknown scenario: exit %d, want 2", code)
	}
}

// TestSimulateReviewScenario: --scenario review writes the claim-review
// stream, which replays to its claims' deadlines and the pool's balance.
func TestSimulateReviewScenario(t *testing.T) {
	_, summary, replayed := replayedScenario(t, "review")
	if !strings.Contains(summary, "the review scenario, 22 inputs (5 refused by design)") {
		t.Errorf("summary: got %q", summary)
	}
	for _, want := range []string{`"pool_balance": "9300000.00"`, `"review_by": "2026-10-13"`, `"decide_by": "2026-10-23"`, `"submit_by": "2026-12-19"`} {
		if !bytes.Contains(replayed, []byte(want)) {
			t.Errorf("replayed state lacks %s", want)
		}
	}
}

// replayedScenario writes the fixed scenario name with `simulate
// --scenario` into a new directory and replays it: the directory, the
// summary simulate printed and the state document replay printed.
func replayedScenario(t *testing.T, name string) (dir, summary string, state []byte) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), name)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"simulate", "--scenario", name, "--out", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("simulate --scenario %s: exit %d: %s", name, code, stderr.String())
	}
	summary = stdout.String()
	stdout.Reset()
	if code := run([]string{"replay", "--quiet", "--programs", filepath.Join(dir, "programs.json"),
		"--input", filepath.Join(dir, "inputs.ndjson")}, &stdout, &stderr); code != 0 {
		t.Fatalf("replay of the %s scenario: exit %d: %s", name, code, stderr.String())
	}
	return dir, summary, stdout.Bytes()
}
