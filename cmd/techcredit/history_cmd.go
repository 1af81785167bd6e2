package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/kafka"
)

// historyDoc is what `techcredit history` prints: GET .../history's answer.
type historyDoc struct {
	Kind    string                 `json:"kind"`
	ID      string                 `json:"id"`
	Entries []journal.HistoryEntry `json:"entries"`
}

// runHistory prints the history of a claim, a loan or a subsidy from a
// stopped deployment's journal (the embedded one under --data, or the
// Kafka journal): `techcredit history claim p1/b1-L1 --data ./data`.
func runHistory(args []string, stdout, stderr io.Writer) int {
	if len(args) < 2 || strings.HasPrefix(args[0], "-") || strings.HasPrefix(args[1], "-") {
		fmt.Fprintln(stderr, "usage: techcredit history (claim|loan|subsidy) ID (--data DIR | --kafka-brokers B)")
		return 2
	}
	kind, id := args[0], args[1]
	if kind != journal.HistoryClaim && kind != journal.HistoryLoan && kind != journal.HistorySubsidy {
		fmt.Fprintf(stderr, "techcredit history: %q is not claim, loan or subsidy\n", kind)
		return 2
	}
	fs := newFlagSet("history", stderr)
	jf := addJournalFlags(fs, "directory of the embedded journal", "Kafka brokers: read the Kafka journal instead", 5*time.Minute)
	programsPath := fs.String("programs", "", "programs file: --kafka-brokers finds a program's partition by its kafka_key (default: by program id)")
	if !parseArgs(fs, args[2:], stderr) {
		return 2
	}
	ctx, cancel := jf.context()
	defer cancel()
	var entries []journal.HistoryEntry
	var err error
	if jf.brokers != "" {
		var keys kafka.Keys
		if keys, err = ingestKeys(*programsPath); err != nil {
			return failed(stderr, "history", 2, err)
		}
		cfg := jf.config()
		cfg.Keys = keys
		entries, err = kafkaHistoryOf(ctx, cfg, kind, id)
	} else {
		entries, err = embeddedHistory(ctx, jf.data, kind, id)
	}
	if err != nil {
		return failed(stderr, "history", 1, err)
	}
	out, _ := json.MarshalIndent(historyDoc{Kind: kind, ID: id, Entries: entries}, "", "  ")
	stdout.Write(append(out, '\n'))
	return 0
}

func embeddedHistory(ctx context.Context, dir, kind, id string) ([]journal.HistoryEntry, error) {
	j, err := openStoppedJournal(dir)
	if errors.Is(err, errServeHolds) {
		// serve holds the journal: ask its operations handler.
		q := url.Values{"kind": {kind}, "id": {id}}
		b, err := fetchControl(ctx, filepath.Join(dir, controlSocket), "/history?"+q.Encode())
		if err != nil {
			return nil, err
		}
		var doc historyDoc
		if err := json.Unmarshal(b, &doc); err != nil {
			return nil, fmt.Errorf("serve's history: %w", err)
		}
		return doc.Entries, nil
	}
	if err != nil {
		return nil, err
	}
	defer j.Close()
	return stream.History(ctx, j, kind, id, stream.HistoryChunkEmbedded)
}

// kafkaHistoryOf reads the partition of the id's program's key (a claim's and a
// subsidy's id begin with it); a loan's, not knowing its program, reads
// every partition (a loan lives on one).
func kafkaHistoryOf(ctx context.Context, cfg kafka.Config, kind, id string) ([]journal.HistoryEntry, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	parts := make([]int, 0, cfg.Partitions)
	if program, _, ok := strings.Cut(id, "/"); ok && kind != journal.HistoryLoan {
		parts = append(parts, kafka.ProgramPartition(cfg.Keys.Of(program), cfg.Partitions))
	} else {
		for p := range cfg.Partitions {
			parts = append(parts, p)
		}
	}
	out := []journal.HistoryEntry{}
	for _, p := range parts {
		j := kafka.NewJournal(cfg, p)
		h, err := stream.History(ctx, j, kind, id, 0)
		j.Close()
		if err != nil {
			return nil, fmt.Errorf("journal partition %d: %w", p, err)
		}
		out = append(out, h...)
	}
	return out, nil
}
