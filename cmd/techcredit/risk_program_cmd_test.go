package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/risk/programrisk"
)

func runRiskProgramCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"risk", "program"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestRiskProgramFixture reports on testdata/risk's compensation pool: the
// document of the API, the same bytes on every run.
func TestRiskProgramFixture(t *testing.T) {
	args := []string{"--programs", "../../testdata/risk/programs.json", "--input", "../../testdata/risk/inputs.ndjson", "--program", "pool-a"}
	code, out, stderr := runRiskProgramCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc programrisk.Report
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not a risk document: %v\n%s", err, out)
	}
	if doc.Program != "pool-a" || doc.AssumptionsSource != "program" || doc.Portfolio.EAD != "7200000.00" ||
		doc.ExpectedLoss.Loss != "131000.00" || doc.Simulation.Scenarios != programrisk.ScenariosDefault {
		t.Errorf("got program %s, source %s, ead %s, EL %s, %d scenarios; want pool-a, program, 7200000.00, 131000.00, %d",
			doc.Program, doc.AssumptionsSource, doc.Portfolio.EAD, doc.ExpectedLoss.Loss, doc.Simulation.Scenarios, programrisk.ScenariosDefault)
	}
	if !strings.HasSuffix(out, "}\n") || !strings.Contains(out, "\n  \"assumptions_source\": \"program\"") {
		t.Errorf("output: want indented JSON ending in a newline, got %q", out[:min(len(out), 200)])
	}
	if _, again, _ := runRiskProgramCLI(t, args...); again != out {
		t.Errorf("a second run differs:\n%s\n%s", out, again)
	}
	// Another seed and fewer scenarios change the simulation only.
	_, other, _ := runRiskProgramCLI(t, append(args, "--seed", "7", "--scenarios", "5000")...)
	var od programrisk.Report
	if err := json.Unmarshal([]byte(other), &od); err != nil {
		t.Fatal(err)
	}
	if od.Simulation.Seed != 7 || od.Simulation.Scenarios != 5000 || od.ExpectedLoss.Loss != doc.ExpectedLoss.Loss {
		t.Errorf("--seed 7 --scenarios 5000: got seed %d, %d scenarios, EL %s", od.Simulation.Seed, od.Simulation.Scenarios, od.ExpectedLoss.Loss)
	}
}

// TestRiskProgramDemo reports on the demo stream cut off in its first
// year, while loans are in force in every program.
func TestRiskProgramDemo(t *testing.T) {
	cut := filepath.Join(t.TempDir(), "inputs.ndjson")
	writeDemoUntil(t, cut, "2026-01-01")
	for _, program := range []string{"sd-lukedai", "sd-lukedan", "qd-portfolio"} {
		t.Run(program, func(t *testing.T) {
			args := []string{"--programs", "../../testdata/demo/programs.json", "--input", cut, "--program", program}
			code, out, stderr := runRiskProgramCLI(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var doc programrisk.Report
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Portfolio.Loans == 0 || doc.Vasicek == nil || len(doc.Stress) != 3 || doc.AssumptionsSource != "default" {
				t.Errorf("got %d loans in force, vasicek %v, %d stress scenarios, source %s; want loans, a closed form, 3, default",
					doc.Portfolio.Loans, doc.Vasicek, len(doc.Stress), doc.AssumptionsSource)
			}
			if _, again, _ := runRiskProgramCLI(t, args...); again != out {
				t.Error("a second run differs")
			}
		})
	}
}

// writeDemoUntil copies the demo's inputs dated before the day (they are
// in time order) to path.
func writeDemoUntil(t *testing.T, path, day string) {
	t.Helper()
	raw, err := os.ReadFile("../../testdata/demo/inputs.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var env struct {
			At string `json:"at"`
		}
		if err := json.Unmarshal(sc.Bytes(), &env); err != nil {
			t.Fatal(err)
		}
		if env.At >= day {
			break
		}
		b.Write(sc.Bytes())
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRiskProgramUsageErrors(t *testing.T) {
	fixture := []string{"--programs", "../../testdata/risk/programs.json", "--input", "../../testdata/risk/inputs.ndjson"}
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr string
	}{
		{"no program", fixture, 2, "usage: techcredit risk program"},
		{"no input", []string{"--programs", "../../testdata/risk/programs.json", "--program", "pool-a"}, 2, "usage"},
		{"too many scenarios", append(fixture, "--program", "pool-a", "--scenarios", "20001"), 2, "scenarios 20001"},
		{"unknown program", append(fixture, "--program", "nope"), 1, `no program "nope"`},
		{"missing file", []string{"--programs", "nope.json", "--input", "x.ndjson", "--program", "p"}, 1, "nope.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runRiskProgramCLI(t, tt.args...)
			if code != tt.wantCode || out != "" || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("got exit %d, stdout %q, stderr %q; want exit %d, no stdout, stderr containing %q",
					code, out, stderr, tt.wantCode, tt.wantStderr)
			}
		})
	}
}
