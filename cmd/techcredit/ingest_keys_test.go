package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestIngestKeys: ingest --programs keys a program's inputs by its
// kafka_key, one without by its id; no file keys every program by its id.
func TestIngestKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "programs.json")
	if err := os.WriteFile(path, []byte(twoGuaranteePrograms("guarantees", "")), 0o600); err != nil {
		t.Fatal(err)
	}
	keys, err := ingestKeys(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := keys.Of("gp-a"); got != "guarantees" {
		t.Errorf("gp-a: got key %q, want guarantees", got)
	}
	if got := keys.Of("gp-b"); got != "gp-b" {
		t.Errorf("gp-b: got key %q, want its id", got)
	}
	if keys, err := ingestKeys(""); err != nil || keys.Of("gp-a") != "gp-a" {
		t.Errorf("no programs file: got %v %q, want the id", err, keys.Of("gp-a"))
	}
}
