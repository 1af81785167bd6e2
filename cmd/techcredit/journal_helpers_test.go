package main

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

// journalFiles journals the inputs file under an embedded journal in dir
// through the writer, as serve would, and returns each input's outcome:
// the commands that read a stopped deployment (verify, history, report)
// are tested on a journal the real writer made.
func journalFiles(t *testing.T, dir, programsPath, inputsPath string) []ledger.Outcome {
	t.Helper()
	programs, err := os.ReadFile(programsPath)
	if err != nil {
		t.Fatal(err)
	}
	inputs, err := os.ReadFile(inputsPath)
	if err != nil {
		t.Fatal(err)
	}
	j, err := bolt.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	r := stream.NewRunner(j, nil, stream.RunnerConfig{Logger: newLogger(os.Stderr, "error")})
	if err := r.Recover(context.Background(), programs); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	var items []journal.Item
	for _, line := range bytes.Split(bytes.TrimSpace(inputs), []byte("\n")) {
		items = append(items, journal.Item{Raw: line})
	}
	outs, err := r.Submit(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	return outs
}
