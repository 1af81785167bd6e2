package kafka

import (
	"errors"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/risk"
)

const keysProgramsJSON = `{"programs":[
 {"id":"pool","name":"p","kind":"compensation_pool","currency":"CNY","shares":[{"party":"province","ratio":"0.35"}]},
 {"id":"gp-a","name":"a","kind":"guarantee_program","currency":"CNY","kafka_key":"guarantees",
  "shares":[{"party":"guarantor","ratio":"0.40"},{"party":"reguarantor","ratio":"0.30"},{"party":"bank","ratio":"0.20"},{"party":"government","ratio":"0.10"}]},
 {"id":"gp-b","name":"b","kind":"guarantee_program","currency":"CNY","kafka_key":"guarantees",
  "shares":[{"party":"guarantor","ratio":"0.40"},{"party":"reguarantor","ratio":"0.30"},{"party":"bank","ratio":"0.20"},{"party":"government","ratio":"0.10"}]}]}`

func parseKeysPrograms(t *testing.T, text string) *risk.Config {
	t.Helper()
	cfg, err := risk.ParsePrograms(strings.NewReader(text))
	if err != nil {
		t.Fatalf("ParsePrograms: %v", err)
	}
	return cfg
}

// TestKeys: a program keys by its kafka_key, by default its id; a fund by
// its id; an input with neither has no key.
func TestKeys(t *testing.T) {
	keys := KeysOf(parseKeysPrograms(t, keysProgramsJSON))
	for _, c := range []struct{ program, fund, want string }{
		{"pool", "", "pool"}, {"gp-a", "", "guarantees"}, {"gp-b", "", "guarantees"},
		{"unknown", "", "unknown"}, {"", "dz-transfer", "dz-transfer"}, {"", "", ""},
	} {
		if got := keys.InputKey(c.program, c.fund); got != c.want {
			t.Errorf("InputKey(%q, %q): got %q, want %q", c.program, c.fund, got, c.want)
		}
	}
	if err := CheckGuaranteeKeys(parseKeysPrograms(t, keysProgramsJSON)); err != nil {
		t.Errorf("CheckGuaranteeKeys with one key: got %v, want nil", err)
	}
}

// TestCheckGuaranteeKeysRefuses: guarantee programs with different keys
// are refused, every program named with its key.
func TestCheckGuaranteeKeysRefuses(t *testing.T) {
	split := strings.Replace(keysProgramsJSON, `"id":"gp-b","name":"b","kind":"guarantee_program","currency":"CNY","kafka_key":"guarantees"`,
		`"id":"gp-b","name":"b","kind":"guarantee_program","currency":"CNY"`, 1)
	err := CheckGuaranteeKeys(parseKeysPrograms(t, split))
	want := "gp-a (kafka_key guarantees); gp-b (kafka_key gp-b)"
	if !errors.Is(err, risk.ErrInvalidPrograms) || !strings.Contains(err.Error(), want) {
		t.Fatalf("CheckGuaranteeKeys: got %v, want an invalid programs error naming %q", err, want)
	}
}
