package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/ledger"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// replayArgs builds the replay command line for a testdata directory: its
// programs.json and every *.ndjson file in name order.
func replayArgs(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.ndjson"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no inputs in %s", dir)
	}
	sort.Strings(files)
	args := []string{"replay", "--quiet", "--programs", filepath.Join(dir, "programs.json")}
	for _, f := range files {
		args = append(args, "--input", f)
	}
	return args
}

// TestReplayGolden replays every worked example of SPEC §8 and compares the
// whole state document with its golden file (go test -update rewrites them).
func TestReplayGolden(t *testing.T) {
	dirs, _ := filepath.Glob("../../testdata/examples/*")
	if len(dirs) < 8 {
		t.Fatalf("got %d example directories, want at least 8", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(replayArgs(t, dir), &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			golden := filepath.Join(dir, "want.json")
			if *update {
				if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update once to create it)", err)
			}
			if !bytes.Equal(stdout.Bytes(), want) {
				t.Errorf("state differs from %s:\ngot:\n%s", golden, stdout.String())
			}
			// Replaying again gives byte-identical state.
			var again bytes.Buffer
			run(replayArgs(t, dir), &again, &stderr)
			if !bytes.Equal(again.Bytes(), stdout.Bytes()) {
				t.Error("a second replay of the same inputs gave a different state")
			}
		})
	}
}

func TestReplayFailures(t *testing.T) {
	tmp := t.TempDir()
	bad := filepath.Join(tmp, "programs.json")
	os.WriteFile(bad, []byte(`{"programs":[{"id":"gp","kind":"guarantee_program","currency":"CNY",
		"shares":[{"party":"guarantor","ratio":"0.40"},{"party":"reguarantor","ratio":"0.30"},{"party":"government","ratio":"0.30"}]}]}`), 0o644)
	good := "../../testdata/examples/1-lukedai-default/programs.json"
	inputs := "../../testdata/examples/1-lukedai-default/inputs.ndjson"
	for _, tc := range []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no flags", []string{"replay"}, 2, "usage"},
		{"missing input file", []string{"replay", "--programs", good, "--input", filepath.Join(tmp, "nope.ndjson")}, 1, "nope.ndjson"},
		{"missing programs file", []string{"replay", "--programs", filepath.Join(tmp, "nope.json"), "--input", inputs}, 1, "nope.json"},
		{"invalid programs", []string{"replay", "--programs", bad, "--input", inputs}, 1, "program gp: shares: the bank party is missing"},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, &stdout, &stderr)
			if code != tc.wantCode {
				t.Errorf("exit code: got %d, want %d", code, tc.wantCode)
			}
			if !strings.Contains(stderr.String(), tc.wantErr) {
				t.Errorf("stderr: got %q, want it to contain %q", stderr.String(), tc.wantErr)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout: got %q, want nothing", stdout.String())
			}
		})
	}
}

// TestReplayOversizedLine: a line above the input limit is not dropped; it
// is counted and rejected as bad_json, and blank lines are not inputs.
func TestReplayOversizedLine(t *testing.T) {
	tmp := t.TempDir()
	path := filepath.Join(tmp, "in.ndjson")
	huge := `{"id":"x","summary":"` + strings.Repeat("a", ledger.InputBytesMax) + `"}`
	os.WriteFile(path, []byte("\n  \n"+huge+"\n\n"), 0o644)
	var stdout, stderr bytes.Buffer
	code := run([]string{"replay", "--quiet", "--programs", "../../testdata/examples/1-lukedai-default/programs.json", "--input", path}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{`"inputs": 1,`, `"code": "bad_json"`} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("state: want it to contain %s, got:\n%s", want, stdout.String())
		}
	}
}
