package risk

import (
	"errors"
	"strings"
	"testing"
)

// TestParseProgramsKafkaKey: kafka_key defaults to the program's id, is
// kept as written, and has the id's form (SPEC §2).
func TestParseProgramsKafkaKey(t *testing.T) {
	keyed := strings.Replace(guarantee4321Program, `"kind"`, `"kafka_key":"guarantees","kind"`, 1)
	cfg, err := ParsePrograms(strings.NewReader(`{"programs":[` + lukedaiProgram + `,` + keyed + `]}`))
	if err != nil {
		t.Fatalf("ParsePrograms: %v", err)
	}
	if got := cfg.Program("dz-lukedai").KafkaKey; got != "dz-lukedai" {
		t.Errorf("default kafka_key: got %q, want the id dz-lukedai", got)
	}
	if got := cfg.Programs[1].KafkaKey; got != "guarantees" {
		t.Errorf("kafka_key: got %q, want guarantees", got)
	}
	bad := strings.Replace(guarantee4321Program, `"kind"`, `"kafka_key":"a b","kind"`, 1)
	_, err = ParsePrograms(strings.NewReader(`{"programs":[` + bad + `]}`))
	if !errors.Is(err, ErrInvalidPrograms) || !strings.Contains(err.Error(), `kafka_key: "a b" must be`) {
		t.Errorf("bad kafka_key: got %v, want an invalid programs error naming kafka_key", err)
	}
}
