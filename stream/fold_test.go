package stream

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

// TestFoldEqualsReplay: the journal a writer left, with a restart and a
// second programs version in it, folds to the state of a plain replay of
// every worked example, without a runner.
func TestFoldEqualsReplay(t *testing.T) {
	dirs, _ := filepath.Glob(examples + "*")
	for _, d := range dirs {
		t.Run(filepath.Base(d), func(t *testing.T) {
			programs, lines := exampleInputs(t, d)
			dir := t.TempDir()
			half := len(lines) / 2
			rr := startRunner(t, dir, programs)
			submitLines(t, rr.r, lines[:half])
			rr.stop(t)
			rr = startRunner(t, dir, append(programs, '\n')) // the same programs, not journaled again
			submitLines(t, rr.r, lines[half:])
			rr.stop(t)
			if got, want := foldDir(t, dir), replayState(t, programs, lines); !bytes.Equal(got, want) {
				t.Errorf("fold of the journal differs from replay:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestFoldRefuses: an empty journal has no programs; an input whose
// journaled outcome the engine does not give again stops the fold.
func TestFoldRefuses(t *testing.T) {
	if _, err := Fold(context.Background(), &memJournal{}); !errors.Is(err, ErrNoPrograms) {
		t.Errorf("empty journal: got %v, want ErrNoPrograms", err)
	}
	programs, lines := exampleInputs(t, examples+"1-lukedai-default")
	altered := &memJournal{recs: []journal.Record{
		{Seq: 1, Kind: journal.KindPrograms, Rules: ledger.RulesCurrent, Programs: programs},
		journal.InputRecord(journal.Item{Raw: lines[0]}, ledger.Outcome{Status: ledger.StatusRejected, Code: ledger.CodeBadJSON}),
	}}
	altered.recs[1].Seq = 2
	if _, err := Fold(context.Background(), altered); err == nil || !strings.Contains(err.Error(), "journal record 2: replay gave applied") {
		t.Errorf("a journal whose outcome the engine contradicts: got %v", err)
	}
}

func foldDir(t *testing.T, dir string) []byte {
	t.Helper()
	j, err := bolt.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	e, err := Fold(context.Background(), j)
	if err != nil {
		t.Fatal(err)
	}
	out, err := ledger.MarshalState(e.State())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// memJournal is a journal in memory, read only here.
type memJournal struct{ recs []journal.Record }

func (m *memJournal) Append(context.Context, []journal.Record) error { return errors.ErrUnsupported }
func (m *memJournal) Replay(ctx context.Context, after int64, fn func(journal.Record) error) error {
	for _, r := range m.recs {
		if r.Seq > after {
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}
func (m *memJournal) LastSeq(context.Context) (int64, error) { return int64(len(m.recs)), nil }
func (m *memJournal) Close() error                           { return nil }
