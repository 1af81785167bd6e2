package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

// writeExampleJournal journals worked example 1 through the writer; every
// input of the example applies.
func writeExampleJournal(t *testing.T, dir string) {
	t.Helper()
	outs := journalFiles(t, dir, "../../testdata/examples/1-lukedai-default/programs.json",
		"../../testdata/examples/1-lukedai-default/inputs.ndjson")
	for _, o := range outs {
		if o.Status != ledger.StatusApplied {
			t.Fatalf("input %s: %s %s", o.ID, o.Status, o.Code)
		}
	}
}

// TestVerifyCommand: verify exits 0 with a report on a journal that holds,
// 1 naming the first record that does not (one amount edited), 2 on a file
// that is no journal at all.
func TestVerifyCommand(t *testing.T) {
	dir := t.TempDir()
	writeExampleJournal(t, dir)
	var out, errb bytes.Buffer
	if code := run([]string{"verify", "--data", dir}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), `"holds":true`) || !strings.Contains(out.String(), `"chained":true`) {
		t.Errorf("report: %s", out.String())
	}

	path := filepath.Join(dir, bolt.File)
	file, _ := os.ReadFile(path)
	i := bytes.Index(file, []byte(`"amount":"`))
	if i < 0 {
		t.Fatal("no amount in the journal")
	}
	edited := append([]byte(nil), file...)
	edited[i+len(`"amount":"`)] = '9'
	os.WriteFile(path, edited, 0o640)
	out.Reset()
	errb.Reset()
	if code := run([]string{"verify", "--data", dir}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "journal record") ||
		!strings.Contains(errb.String(), "does not match its hash") {
		t.Errorf("edited: exit %d, stderr %s; want 1 naming the record", code, errb.String())
	}

	junk := t.TempDir()
	os.WriteFile(filepath.Join(junk, bolt.File), bytes.Repeat([]byte("not a journal "), 1000), 0o640)
	errb.Reset()
	if code := run([]string{"verify", "--data", junk}, &out, &errb); code != 2 {
		t.Errorf("junk: exit %d, stderr %s; want 2", code, errb.String())
	}
}
