package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestHistoryCommand: the history of worked example 1's claim and loan
// from a stopped deployment's journal; usage errors exit 2.
func TestHistoryCommand(t *testing.T) {
	dir := t.TempDir()
	writeExampleJournal(t, dir)
	var out, errOut bytes.Buffer
	if code := run([]string{"history", "claim", "dz-lukedai/icbc-dz-L1", "--data", dir}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var doc historyDoc
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range doc.Entries {
		ids = append(ids, e.ID)
	}
	// The default opened the claim; the approval paid it.
	if got := strings.Join(ids, ","); got != "icbc-000125,ap-1" {
		t.Errorf("claim history: got %s, want icbc-000125,ap-1", got)
	}
	out.Reset()
	if code := run([]string{"history", "loan", "icbc-dz-L1", "--data", dir}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || len(doc.Entries) != 3 || doc.Entries[0].Type != "loan.disbursed" {
		t.Errorf("loan history: got %s (%v), want the disbursement, the repayment and the default", out.Bytes(), err)
	}
	for _, args := range [][]string{{"history"}, {"history", "project", "x"}, {"history", "--data", dir}} {
		if code := run(args, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
