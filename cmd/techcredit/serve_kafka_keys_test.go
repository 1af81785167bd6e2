package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// twoGuaranteePrograms are two guarantee programs with the given kafka_key
// members ("" for none): SPEC §2 wants one key for both in the Kafka mode.
func twoGuaranteePrograms(keyA, keyB string) string {
	member := func(k string) string {
		if k == "" {
			return ""
		}
		return `"kafka_key":"` + k + `",`
	}
	shares := `"shares":[{"party":"guarantor","ratio":"0.40"},{"party":"reguarantor","ratio":"0.30"},{"party":"bank","ratio":"0.20"},{"party":"government","ratio":"0.10"}]`
	return `{"programs":[
 {"id":"gp-a","name":"a","kind":"guarantee_program","currency":"CNY",` + member(keyA) + shares + `},
 {"id":"gp-b","name":"b","kind":"guarantee_program","currency":"CNY",` + member(keyB) + shares + `}]}`
}

// TestServeKafkaRefusesSplitGuaranteeKeys: serve in the Kafka mode refuses
// a programs file whose guarantee programs have different keys (here the
// default, their ids), naming each program and its key, before it
// contacts a broker.
func TestServeKafkaRefusesSplitGuaranteeKeys(t *testing.T) {
	dir := t.TempDir()
	programs := filepath.Join(dir, "programs.json")
	if err := os.WriteFile(programs, []byte(twoGuaranteePrograms("", "")), 0o600); err != nil {
		t.Fatal(err)
	}
	m := NewMain(&bytes.Buffer{}, &bytes.Buffer{})
	m.Config = ServeConfig{HTTPAddr: "127.0.0.1:0", MetricsAddr: "off", DataDir: dir, KafkaBrokers: "127.0.0.1:1",
		ProgramsPath: programs, TokensPath: writeTokens(t, dir, "admin:ops"), LogLevel: "error"}
	defer m.Close()
	err := m.Run(context.Background())
	want := "gp-a (kafka_key gp-a); gp-b (kafka_key gp-b)"
	if err == nil || !strings.Contains(err.Error(), "must share one kafka_key") || !strings.Contains(err.Error(), want) {
		t.Fatalf("serve with split guarantee keys: got %v, want a refusal naming %q", err, want)
	}
}
