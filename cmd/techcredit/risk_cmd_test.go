package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestRiskVasicekReference(t *testing.T) {
	var stdout, stderr bytes.Buffer
	args := []string{"vasicek", "--ead", "100000000", "--pd", "0.02", "--lgd", "0.6", "--rho", "0.2", "--pool", "5000000", "--payable-share", "0.7"}
	if code := runRiskCommand(args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit code: got %d, want 0 (stderr %q)", code, stderr.String())
	}
	if !strings.HasSuffix(stdout.String(), "}\n") || !strings.Contains(stdout.String(), "\n  \"el\"") {
		t.Errorf("output: got %q, want an indented JSON object ending in a newline", stdout.String())
	}
	var got map[string]float64
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("output: got %q, want JSON (%v)", stdout.String(), err)
	}
	tests := []struct {
		key       string
		want, tol float64
	}{
		{"el", 1_200_000, 1e-6},
		{"default_rate_q999", 0.226313, 5e-7},
		{"loss_q999", 13_578_768, 1},
		{"x_star", 0.11905, 5e-6},
		{"p_exhaust", 0.01278, 5e-6},
	}
	for _, tt := range tests {
		v, ok := got[tt.key]
		if !ok {
			t.Errorf("%s: got no such key, want %g", tt.key, tt.want)
			continue
		}
		if math.Abs(v-tt.want) > tt.tol {
			t.Errorf("%s: got %.8g, want %.8g ± %g", tt.key, v, tt.want, tt.tol)
		}
	}
	for _, key := range []string{"default_rate_q99", "loss_q99"} {
		if _, ok := got[key]; !ok {
			t.Errorf("%s: got no such key, want it present", key)
		}
	}
}

func TestRiskCommandUsageErrors(t *testing.T) {
	valid := []string{"--ead", "100000000", "--pd", "0.02", "--lgd", "0.6", "--rho", "0.2", "--pool", "5000000", "--payable-share", "0.7"}
	tests := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"no subcommand", nil, "usage"},
		{"unknown subcommand", []string{"montecarlo"}, "unknown subcommand"},
		{"unknown flag", append([]string{"vasicek", "--bogus", "1"}, valid...), "bogus"},
		{"not a number", []string{"vasicek", "--ead", "lots", "--pd", "0.02", "--lgd", "0.6", "--rho", "0.2", "--pool", "5000000", "--payable-share", "0.7"}, "invalid value"},
		{"missing flags", []string{"vasicek", "--ead", "100000000", "--pd", "0.02"}, "missing required flags: --lgd, --payable-share, --pool, --rho"},
		{"pd out of range", []string{"vasicek", "--ead", "100000000", "--pd", "1.5", "--lgd", "0.6", "--rho", "0.2", "--pool", "5000000", "--payable-share", "0.7"}, "pd 1.5 not in (0, 1)"},
		{"rho NaN", []string{"vasicek", "--ead", "100000000", "--pd", "0.02", "--lgd", "0.6", "--rho", "NaN", "--pool", "5000000", "--payable-share", "0.7"}, "rho NaN"},
		{"extra argument", append(append([]string{"vasicek"}, valid...), "extra"), "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := runRiskCommand(tt.args, &stdout, &stderr); code != 2 {
				t.Errorf("exit code: got %d, want 2", code)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout: got %q, want nothing", stdout.String())
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr: got %q, want it to contain %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}
