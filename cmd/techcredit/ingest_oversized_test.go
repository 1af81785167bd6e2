package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
)

// TestIngestOversizedLines: `ingest` over HTTP sends lines above the input
// limit cut to limit+1 bytes, and each is counted as rejected bad_json
// like any other input, not dropped. Twenty of them in one batch are more
// than a request body may hold, so the batch is split by bytes, not only
// by count: the ingest does not fail with 413.
func TestIngestOversizedLines(t *testing.T) {
	dir := t.TempDir()
	all := fifoExampleLines(t)
	valid := bytes.Count(bytes.TrimSpace(all), []byte("\n")) + 1
	const oversized = 20
	for i := range oversized {
		all = append(all, fmt.Sprintf(`{"id":"huge-%d","summary":"%s"}`+"\n", i, strings.Repeat("a", ledger.InputBytesMax))...)
	}
	inputs := filepath.Join(dir, "all.ndjson")
	os.WriteFile(inputs, all, 0o644)

	addr := localAddr(t)
	startServeReady(t, fifoServeConfig(t, dir, addr, "admin:ops"), io.Discard, 30*time.Second)

	tally := ingestAsAdmin(t, addr, inputs)
	for _, want := range []string{fmt.Sprintf("applied %d", valid), fmt.Sprintf("rejected bad_json %d", oversized)} {
		if got := strings.Join(strings.Fields(tally), " "); !strings.Contains(got, want) {
			t.Errorf("ingest tally: got %q, want it to hold %q", tally, want)
		}
	}
}
