package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/kafka"
)

// runState prints the state document of a deployment's journal: the
// embedded one under --data (through the running serve's control socket
// when serve holds the file), or the Kafka journal's partitions.
func runState(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("state", stderr)
	jf := addJournalFlags(fs, "directory of the embedded journal", "Kafka brokers: read the Kafka journal instead", 5*time.Minute)
	if !parseArgs(fs, args, stderr) {
		return 2
	}
	ctx, cancel := jf.context()
	defer cancel()
	var out []byte
	var err error
	if jf.brokers != "" {
		out, err = kafkaState(ctx, jf.config())
	} else {
		out, err = embeddedState(ctx, jf.data)
	}
	if err != nil {
		return failed(stderr, "state", 1, err)
	}
	stdout.Write(out)
	return 0
}

func embeddedState(ctx context.Context, dir string) ([]byte, error) {
	j, err := openStoppedJournal(dir)
	if errors.Is(err, errServeHolds) {
		// serve holds the journal: ask its operations handler.
		return fetchControlState(ctx, filepath.Join(dir, controlSocket))
	}
	if err != nil {
		return nil, err
	}
	defer j.Close()
	return foldState(ctx, j)
}

// foldState folds a journal and writes its state document.
func foldState(ctx context.Context, j journal.Journal) ([]byte, error) {
	e, err := stream.Fold(ctx, j)
	if err != nil {
		return nil, err
	}
	return ledger.MarshalState(e.State())
}

// kafkaState folds every journal partition. With one partition the document
// is that partition's state; with several, the partitions' documents are
// merged (programs, loans and claims live on one partition each).
func kafkaState(ctx context.Context, cfg kafka.Config) ([]byte, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var states []*ledger.State
	for p := 0; p < cfg.Partitions; p++ {
		j := kafka.NewJournal(cfg, p)
		raw, err := foldState(ctx, j)
		j.Close()
		if err != nil {
			if errors.Is(err, stream.ErrNoPrograms) {
				continue // a partition nothing was ever journaled on
			}
			return nil, fmt.Errorf("journal partition %d: %w", p, err)
		}
		st, err := ledger.UnmarshalState(raw)
		if err != nil {
			return nil, err
		}
		states = append(states, st)
	}
	if len(states) == 0 {
		return nil, errors.New("the Kafka journal is empty")
	}
	return ledger.MarshalState(ledger.MergeStates(states))
}
