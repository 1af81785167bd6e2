package api

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadTokens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.json")
	file := `{"tokens":[{"sha256":"` + HashToken("s3cret-bank") + `","subject":"bank:b1"},` +
		`{"sha256":"` + strings.ToUpper(HashToken("s3cret-li")) + `","subject":"finance:li"}]}`
	if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	tokens, err := LoadTokens(path)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		token string
		want  string
		ok    bool
	}{
		{"s3cret-bank", "bank:b1", true},
		{"s3cret-li", "finance:li", true},
		{"s3cret-Li", "", false},
		{"", "", false},
		{strings.Repeat("x", TokenBytesMax+1), "", false},
	}
	for _, tt := range tests {
		got, ok := tokens.Lookup(tt.token)
		if ok != tt.ok || (ok && got.String() != tt.want) {
			t.Errorf("Lookup(%.20q): got %v %v, want %s %v", tt.token, got, ok, tt.want, tt.ok)
		}
	}
	if _, err := LoadTokens(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing file: got no error")
	}
}

func TestParseTokensErrors(t *testing.T) {
	good := HashToken("a")
	tests := []struct {
		name, file, want string
	}{
		{"not JSON", `tokens`, "not a tokens document"},
		{"unknown field", `{"tokens":[{"sha256":"` + good + `","subject":"bank:b1","note":"x"}]}`, "unknown field"},
		{"short hash", `{"tokens":[{"sha256":"` + good + `","subject":"bank:b1"},{"sha256":"abc","subject":"bank:b2"}]}`, `entry 2 (subject "bank:b2"): sha256 must be`},
		{"not hex", `{"tokens":[{"sha256":"` + strings.Repeat("zz", 32) + `","subject":"bank:b1"}]}`, "entry 1"},
		{"a plain token instead of a hash", `{"tokens":[{"sha256":"my-token","subject":"bank:b1"}]}`, "64 hex digits"},
		{"unknown role", `{"tokens":[{"sha256":"` + good + `","subject":"auditor:x"}]}`, `entry 1 (subject "auditor:x"): subject "auditor:x": role must be`},
		{"no name", `{"tokens":[{"sha256":"` + good + `","subject":"bank:"}]}`, "entry 1"},
		{"no role", `{"tokens":[{"sha256":"` + good + `","subject":"b1"}]}`, "must be <role>:<name>"},
		{"duplicate hash", `{"tokens":[{"sha256":"` + good + `","subject":"bank:b1"},{"sha256":"` + good + `","subject":"bank:b2"}]}`, "entry 2 (subject \"bank:b2\"): the same sha256 as entry 1"},
		{"trailing data", `{"tokens":[]} {}`, "data after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTokens(strings.NewReader(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestBearer(t *testing.T) {
	tests := map[string]string{
		"Bearer abc":  "abc",
		"bearer abc ": "abc",
		"Basic abc":   "",
		"Bearer":      "",
		"":            "",
	}
	for header, want := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Authorization", header)
		if got := bearer(r); got != want {
			t.Errorf("bearer(%q): got %q, want %q", header, got, want)
		}
	}
}
