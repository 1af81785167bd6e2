package stream

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/internal/testsvc"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

const examples = "../testdata/examples/"

// exampleInputs reads an example directory's programs and input lines.
func exampleInputs(t *testing.T, dir string) (programs []byte, lines [][]byte) {
	return testsvc.ExampleInputs(t, dir)
}

// replayState is the state document of a plain replay of the lines.
func replayState(t *testing.T, programs []byte, lines [][]byte) []byte {
	return streamtest.ReplayState(t, programs, lines)
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, deadline time.Duration, cond func() bool) {
	streamtest.WaitFor(t, what, deadline, cond)
}

func quietLogger() *slog.Logger { return streamtest.QuietLogger() }

type runningRunner struct {
	r    *Runner
	j    *bolt.Journal
	loop *streamtest.Loop
}

func startRunner(t *testing.T, dir string, programs []byte) *runningRunner {
	t.Helper()
	j, err := bolt.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	r := NewRunner(j, readmodel.NewMemory(), RunnerConfig{BatchMax: 4})
	if err := r.Recover(context.Background(), programs); err != nil {
		j.Close()
		t.Fatal(err)
	}
	return &runningRunner{r: r, j: j, loop: streamtest.Go(r.Run)}
}

func (rr *runningRunner) stop(t *testing.T) {
	t.Helper()
	if err := rr.loop.Stop(t, 10*time.Second); err != nil {
		t.Fatalf("runner: %v", err)
	}
	rr.j.Close()
}

func (rr *runningRunner) state(t *testing.T) []byte {
	t.Helper()
	return streamtest.EngineState(t, rr.r.Do)
}

// TestRunnerRestartEqualsReplay submits the inputs of every worked example
// in two halves with a restart between them; the final state equals a
// plain replay byte for byte, and so does the state rebuilt from the
// journal alone.
func TestRunnerRestartEqualsReplay(t *testing.T) {
	dirs, _ := filepath.Glob(examples + "*")
	for _, d := range dirs {
		t.Run(filepath.Base(d), func(t *testing.T) {
			programs, lines := exampleInputs(t, d)
			want := replayState(t, programs, lines)
			dir := t.TempDir()
			half := len(lines) / 2
			rr := startRunner(t, dir, programs)
			submitLines(t, rr.r, lines[:half])
			rr.stop(t)
			rr = startRunner(t, dir, programs)
			submitLines(t, rr.r, lines[half:])
			if got := rr.state(t); !bytes.Equal(got, want) {
				t.Errorf("state after restart differs from replay:\n%s\nwant:\n%s", got, want)
			}
			rr.stop(t)
			rr = startRunner(t, dir, nil)
			if got := rr.state(t); !bytes.Equal(got, want) {
				t.Errorf("state rebuilt from the journal differs from replay")
			}
			rr.stop(t)
		})
	}
}

func submitLines(t *testing.T, r *Runner, lines [][]byte) {
	t.Helper()
	// One submission per line and one with several lines: both paths batch.
	for i, l := range lines {
		if i%3 == 2 {
			continue
		}
		if _, err := r.Submit(context.Background(), []journal.Item{{Raw: l}}); err != nil {
			t.Fatal(err)
		}
		if i%3 == 1 && i+1 < len(lines) {
			outs, err := r.Submit(context.Background(), []journal.Item{{Raw: lines[i+1]}})
			if err != nil || len(outs) != 1 {
				t.Fatalf("submit: %v, %d outcomes", err, len(outs))
			}
		}
	}
}

// TestRunnerDuplicateAcrossRestart: an input sent again after a restart is a
// duplicate, with the original outcome, because the journal remembers it.
func TestRunnerDuplicateAcrossRestart(t *testing.T) {
	programs, lines := exampleInputs(t, examples+"1-lukedai-default")
	dir := t.TempDir()
	rr := startRunner(t, dir, programs)
	outs, err := rr.r.Submit(context.Background(), []journal.Item{{Raw: lines[0]}, {Raw: []byte(`{"id":"x"`)}})
	if err != nil {
		t.Fatal(err)
	}
	if outs[0].Status != ledger.StatusApplied || outs[1].Code != ledger.CodeBadJSON {
		t.Fatalf("got %v/%v, want applied and bad_json", outs[0].Status, outs[1].Code)
	}
	rr.stop(t)
	rr = startRunner(t, dir, programs)
	defer rr.stop(t)
	outs, err = rr.r.Submit(context.Background(), []journal.Item{{Raw: lines[0]}})
	if err != nil {
		t.Fatal(err)
	}
	if outs[0].Status != ledger.StatusDuplicate {
		t.Errorf("resent input after restart: got %v, want duplicate", outs[0].Status)
	}
	c := rr.r.Counts()
	if got := c.Inputs.Load(); got != 3 || c.Applied.Load()+c.Duplicates.Load()+c.Rejected.Load() != got {
		t.Errorf("counts: inputs %d applied %d duplicates %d rejected %d", got, c.Applied.Load(), c.Duplicates.Load(), c.Rejected.Load())
	}
}

// TestRunnerProgramsVersions: a changed programs file is journaled once; the
// same file again is not; a journal rebuilt without the file uses the last
// version.
func TestRunnerProgramsVersions(t *testing.T) {
	dir := t.TempDir()
	v1 := []byte(`{"programs":[{"id":"p1","kind":"compensation_pool","currency":"CNY","shares":[{"party":"city","ratio":"0.5"}]}]}`)
	v2 := []byte(`{"programs":[{"id":"p1","kind":"compensation_pool","currency":"CNY","per_loan_cap":"10.00","shares":[{"party":"city","ratio":"0.5"}]}]}`)
	for i, file := range [][]byte{v1, v1, v2, v2, nil} {
		startRunner(t, dir, file).stop(t)
		j, err := bolt.Open(dir, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		seq, _ := j.LastSeq(context.Background())
		j.Close()
		want := []int64{1, 1, 2, 2, 2}[i]
		if seq != want {
			t.Errorf("after start %d: journal seq %d, want %d", i, seq, want)
		}
	}
	// A programs file that removes a program is refused at start.
	j, _ := bolt.Open(dir, time.Second)
	defer j.Close()
	r := NewRunner(j, nil, RunnerConfig{})
	bad := []byte(`{"programs":[{"id":"p2","kind":"compensation_pool","currency":"CNY","shares":[{"party":"city","ratio":"0.5"}]}]}`)
	if err := r.Recover(context.Background(), bad); err == nil {
		t.Error("a programs file without p1: got no error, want one")
	}
}

// failingJournal fails every append after the first n.
type failingJournal struct {
	*bolt.Journal
	ok int
}

func (f *failingJournal) Append(ctx context.Context, recs []journal.Record) error {
	if f.ok == 0 {
		return errors.New("disk full")
	}
	f.ok--
	return f.Journal.Append(ctx, recs)
}

// TestRunnerStopsWhenJournalFails: nobody hears of an outcome that was not
// journaled; the runner stops and refuses further inputs.
func TestRunnerStopsWhenJournalFails(t *testing.T) {
	programs, lines := exampleInputs(t, examples+"1-lukedai-default")
	bj, err := bolt.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer bj.Close()
	r := NewRunner(&failingJournal{Journal: bj, ok: 2}, nil, RunnerConfig{})
	if err := r.Recover(context.Background(), programs); err != nil { // uses one append
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.Run(context.Background()) }()
	if _, err := r.Submit(context.Background(), []journal.Item{{Raw: lines[0]}}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Submit(context.Background(), []journal.Item{{Raw: lines[1]}}); err == nil {
		t.Fatal("submit with a failing journal: got no error")
	}
	expectStoppedByFailure(t, done)
	if _, err := r.Submit(context.Background(), []journal.Item{{Raw: lines[2]}}); !errors.Is(err, ErrStopped) {
		t.Errorf("submit after stop: got %v, want ErrStopped", err)
	}
	if seq, _ := bj.LastSeq(context.Background()); seq != 2 {
		t.Errorf("journal seq: got %d, want 2 (programs and the first input)", seq)
	}
}

// TestBoltJournalRefusesTruncatedFile: a journal cut short of its last
// committed pages is refused with a clear error, never opened with fewer
// records.
func TestBoltJournalRefusesTruncatedFile(t *testing.T) {
	programs, lines := exampleInputs(t, examples+"1-lukedai-default")
	dir := t.TempDir()
	rr := startRunner(t, dir, programs)
	submitLines(t, rr.r, lines)
	rr.stop(t)
	path := filepath.Join(dir, bolt.File)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	// The size the last transaction needs, as bbolt itself reads it.
	j, err := bolt.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	need, err := j.CommittedBytes()
	j.Close()
	if err != nil {
		t.Fatal(err)
	}
	if need > st.Size() || need < 4096 {
		t.Fatalf("file %d bytes, transaction needs %d", st.Size(), need)
	}
	if err := os.Truncate(path, need-4096); err != nil {
		t.Fatal(err)
	}
	if _, err := bolt.Open(dir, time.Second); !errors.Is(err, bolt.ErrTruncated) {
		t.Fatalf("opening a truncated journal: got %v, want bolt.ErrTruncated", err)
	}
}

// TestRunnerPendingIsJournalLag: an input handed to Submit counts as
// pending until the writer has journaled it.
func TestRunnerPendingIsJournalLag(t *testing.T) {
	programs, lines := exampleInputs(t, examples+"1-lukedai-default")
	j, err := bolt.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	r := NewRunner(j, nil, RunnerConfig{})
	if err := r.Recover(context.Background(), programs); err != nil {
		t.Fatal(err)
	}
	submitted := make(chan error, 1)
	go func() {
		_, err := r.Submit(context.Background(), []journal.Item{{Raw: lines[0]}, {Raw: lines[1]}})
		submitted <- err
	}()
	// The writer is not running yet: both inputs wait.
	deadline := time.Now().Add(10 * time.Second)
	for r.Counts().Pending.Load() != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("pending: got %d, want 2", r.Counts().Pending.Load())
		}
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	if err := <-submitted; err != nil {
		t.Fatal(err)
	}
	if got := r.Counts().Pending.Load(); got != 0 {
		t.Errorf("pending after journaling: got %d, want 0", got)
	}
	cancel()
	<-done
}

// expectStoppedByFailure waits for Run's result: the runner must stop by
// itself, with an error, after its journal failed.
func expectStoppedByFailure(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		if err == nil {
			t.Error("Run returned nil after a journal failure")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("runner did not stop within 10 s")
	}
}
