package stream

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
	"github.com/techcredit/techcredit/stream/snapshot"
)

// simLines is a simulated stream of about ten inputs per loan.
func simLines(t testing.TB, loans int, seed uint64) (programs []byte, lines [][]byte) {
	return streamtest.SimLines(t, loans, seed)
}

// liveRunner is a runner recovered and running over a journal it does
// not own.
type liveRunner struct {
	r    *Runner
	loop *streamtest.Loop
}

func runOver(t *testing.T, j journal.Journal, views readmodel.Store, cfg RunnerConfig, programs []byte) *liveRunner {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = quietLogger()
	}
	r := NewRunner(j, views, cfg)
	if err := r.Recover(context.Background(), programs); err != nil {
		t.Fatal(err)
	}
	lr := &liveRunner{r: r, loop: streamtest.Go(r.Run)}
	t.Cleanup(func() { lr.stop(t) })
	return lr
}

func (lr *liveRunner) stop(t *testing.T) {
	t.Helper()
	if err := lr.loop.Stop(t, 20*time.Second); err != nil {
		t.Errorf("runner: %v", err)
	}
}

func (lr *liveRunner) state(t *testing.T) []byte {
	t.Helper()
	return streamtest.EngineState(t, lr.r.Do)
}

// submitBatches submits lines in batches of n, each item with an origin.
func submitBatches(t *testing.T, r *Runner, lines [][]byte, first, n int) []ledger.Outcome {
	t.Helper()
	var outs []ledger.Outcome
	for i := 0; i < len(lines); i += n {
		end := min(i+n, len(lines))
		items := make([]journal.Item, 0, end-i)
		for k, l := range lines[i:end] {
			items = append(items, journal.Item{Raw: l, Origin: &journal.Origin{Topic: "file:test", Offset: int64(first + i + k)}})
		}
		o, err := r.Submit(context.Background(), items)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, o...)
	}
	return outs
}

func openBolt(t *testing.T, dir string) *bolt.Journal {
	t.Helper()
	j, err := bolt.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	return j
}

// TestRunnerRestartsFromSnapshot: a runner that takes snapshots as it
// goes restarts from the newest one, replays only the records after it,
// ends in the state of a plain replay byte for byte, resumes after the
// right input offset, and still knows every input it has seen.
func TestRunnerRestartsFromSnapshot(t *testing.T) {
	programs, lines := simLines(t, 300, 1)
	want := replayState(t, programs, lines)
	half := len(lines) / 2
	store := streamtest.NewMemorySnapshots()
	cfg := RunnerConfig{BatchMax: 64, Snapshots: store, SnapshotEvery: 500, SnapshotInterval: time.Hour}

	dir := t.TempDir()
	j := openBolt(t, dir)
	lr := runOver(t, j, readmodel.NewMemory(), cfg, programs)
	submitBatches(t, lr.r, lines[:half], 0, 50)
	waitFor(t, "a snapshot", 10*time.Second, func() bool { return lr.r.Counts().Snapshots.Load() > 0 })
	lr.stop(t)
	j.Close()

	j = openBolt(t, dir)
	last, _ := j.LastSeq(context.Background())
	lr = runOver(t, j, readmodel.NewMemory(), cfg, programs)
	c := lr.r.Counts()
	if c.RestoredSeq.Load() == 0 {
		t.Fatalf("restart did not use the snapshot (refused %d)", c.SnapshotsRefused.Load())
	}
	if got, wantMax := c.Replayed.Load(), last-c.RestoredSeq.Load()+1; got != wantMax {
		t.Errorf("replayed %d records after the snapshot at %d of %d, want %d", got, c.RestoredSeq.Load(), last, wantMax)
	}
	if got := lr.r.ResumeOffset("file:test", 0); got != int64(half) {
		t.Errorf("resume offset after the snapshot: got %d, want %d", got, half)
	}
	if got, wantState := lr.state(t), replayState(t, programs, lines[:half]); !bytes.Equal(got, wantState) {
		t.Fatal("state restored from the snapshot differs from the replay of the same inputs")
	}
	// Everything sent before the restart, again: duplicates or the
	// same rejection; then the rest of the stream.
	plain := ledger.NewEngine(streamtest.ParsePrograms(t, programs))
	for i, l := range lines[:half] {
		first, _ := plain.Apply(l, ledger.Meta{})
		again, err := lr.r.Submit(context.Background(), []journal.Item{{Raw: l}})
		if err != nil {
			t.Fatal(err)
		}
		if first.Status != ledger.StatusDuplicate && first.Code != ledger.CodeBadJSON && first.Code != ledger.CodeBadEnvelope &&
			(again[0].Status != ledger.StatusDuplicate || again[0].Code != first.Code) {
			t.Fatalf("input %d sent again after the restart: got %s %s, want duplicate %s", i+1, again[0].Status, again[0].Code, first.Code)
		}
		if i > 200 {
			break
		}
	}
	lr.stop(t)
	j.Close()

	// A fresh journal for the end-to-end comparison: first half, restart
	// from the snapshot, second half.
	dir = t.TempDir()
	store = streamtest.NewMemorySnapshots()
	cfg.Snapshots = store
	j = openBolt(t, dir)
	lr = runOver(t, j, nil, cfg, programs)
	submitBatches(t, lr.r, lines[:half], 0, 50)
	waitFor(t, "a snapshot", 10*time.Second, func() bool { return lr.r.Counts().Snapshots.Load() > 0 })
	lr.stop(t)
	j.Close()
	j = openBolt(t, dir)
	lr = runOver(t, j, nil, cfg, programs)
	if lr.r.Counts().RestoredSeq.Load() == 0 {
		t.Fatal("second restart did not use the snapshot")
	}
	submitBatches(t, lr.r, lines[half:], half, 50)
	if got := lr.state(t); !bytes.Equal(got, want) {
		t.Fatal("state after a restart from a snapshot differs from the plain replay")
	}
	lr.stop(t)
	j.Close()
	// And the whole journal replayed without the snapshot gives it too.
	j = openBolt(t, dir)
	lr = runOver(t, j, nil, RunnerConfig{}, nil)
	if got := lr.state(t); !bytes.Equal(got, want) {
		t.Fatal("state of a full replay differs from the plain replay")
	}
}

// TestRunnerRefusesBadSnapshots: a damaged, foreign or stale snapshot is
// logged and ignored; the whole journal is replayed and the state is right.
func TestRunnerRefusesBadSnapshots(t *testing.T) {
	programs, lines := simLines(t, 120, 2)
	half := len(lines) / 2
	want := replayState(t, programs, lines[:half])
	cfg := RunnerConfig{BatchMax: 64, SnapshotEvery: 1 << 30, SnapshotInterval: time.Hour, Logger: quietLogger()}

	// A journal and its snapshot, and a second journal with other inputs.
	build := func(lines [][]byte) (string, []byte) {
		store := streamtest.NewMemorySnapshots()
		c := cfg
		c.Snapshots = store
		dir := t.TempDir()
		j := openBolt(t, dir)
		lr := runOver(t, j, nil, c, programs)
		submitBatches(t, lr.r, lines, 0, 40)
		if err := lr.r.SaveSnapshot(context.Background()); err != nil {
			t.Fatal(err)
		}
		lr.stop(t)
		j.Close()
		return dir, store.Stored(DefaultSnapshotPartition)
	}
	dir, good := build(lines[:half])
	_, longer := build(lines)           // of another journal, beyond this one's end
	_, foreign := build(lines[10:half]) // of another journal, within this one's length
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 1

	cases := []struct {
		name     string
		stored   []byte
		restored bool
	}{
		{"good", good, true},
		{"corrupted", flipped, false},
		{"truncated", good[:len(good)-7], false},
		{"foreign bytes", []byte("not a snapshot at all"), false},
		{"newer than the journal", longer, false},
		{"of another journal", foreign, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			store := streamtest.NewMemorySnapshots()
			store.Put(DefaultSnapshotPartition, c.stored)
			rc := cfg
			rc.Snapshots = store
			j := openBolt(t, dir)
			r := NewRunner(j, nil, rc)
			if err := r.Recover(context.Background(), programs); err != nil {
				t.Fatal(err)
			}
			cnt := r.Counts()
			if got := cnt.RestoredSeq.Load() > 0; got != c.restored {
				t.Fatalf("snapshot used: got %v, want %v", got, c.restored)
			}
			if !c.restored && cnt.SnapshotsRefused.Load() != 1 {
				t.Errorf("refused: got %d, want 1", cnt.SnapshotsRefused.Load())
			}
			got, _ := ledger.MarshalState(r.engine.State())
			if !bytes.Equal(got, want) {
				t.Fatal("state after recovery differs from the plain replay")
			}
			j.Close()
		})
	}
}

// TestRunnerSnapshotSaveFailsAndRetries: a store that fails does not stop
// the writer; the snapshot is saved at the next interval once it works.
func TestRunnerSnapshotSaveFailsAndRetries(t *testing.T) {
	programs, lines := simLines(t, 60, 3)
	store := streamtest.NewMemorySnapshots()
	store.SetFail(errors.New("store unreachable"))
	cfg := RunnerConfig{BatchMax: 32, Snapshots: store, SnapshotEvery: 50, SnapshotInterval: 50 * time.Millisecond}
	lr := runOver(t, openBolt(t, t.TempDir()), nil, cfg, programs)
	submitBatches(t, lr.r, lines[:len(lines)/2], 0, 20)
	waitFor(t, "a failed save", 10*time.Second, func() bool { return lr.r.Counts().SnapshotErrors.Load() > 0 })
	submitBatches(t, lr.r, lines[len(lines)/2:], len(lines)/2, 20) // the writer goes on
	store.SetFail(nil)
	waitFor(t, "a snapshot of the last record", 10*time.Second, func() bool {
		var s snapshot.Snapshot
		if b := store.Stored(DefaultSnapshotPartition); b == nil || s.UnmarshalBinary(b) != nil {
			return false
		}
		return s.JournalSeq == lr.r.Counts().JournalSeq.Load()
	})
	if got, want := lr.state(t), replayState(t, programs, lines); !bytes.Equal(got, want) {
		t.Fatal("state differs from the plain replay")
	}
}

// sliceJournal is a journal in memory that behaves like a Kafka partition:
// Append never checks sequence numbers (an owner that lost the partition
// may still write), and Replay reads from the start and skips Seq ≤ after.
type sliceJournal struct {
	mu   sync.Mutex
	recs []journal.Record
}

func (j *sliceJournal) Append(_ context.Context, recs []journal.Record) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, r := range recs {
		b, err := journal.Encode(&r)
		if err != nil {
			return err
		}
		dec, err := journal.Decode(b)
		if err != nil {
			return err
		}
		j.recs = append(j.recs, dec)
	}
	return nil
}

func (j *sliceJournal) Replay(ctx context.Context, after int64, fn func(journal.Record) error) error {
	j.mu.Lock()
	recs := append([]journal.Record(nil), j.recs...)
	j.mu.Unlock()
	for _, r := range recs {
		if r.Seq > after {
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}

func (j *sliceJournal) LastSeq(context.Context) (int64, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.recs) == 0 {
		return 0, nil
	}
	return j.recs[len(j.recs)-1].Seq, nil
}

func (j *sliceJournal) Close() error { return nil }

// TestRunnerSnapshotOfFencedOwner: with ownership claims (Kafka), a
// snapshot taken by an owner that had already lost the journal (its last
// records are fenced off) is refused, and the state is the fold of the
// journal; a snapshot of the new owner is used.
func TestRunnerSnapshotOfFencedOwner(t *testing.T) {
	programs, lines := simLines(t, 80, 4)
	third := len(lines) / 3
	j := &sliceJournal{}
	store := streamtest.NewMemorySnapshots()
	cfg := RunnerConfig{BatchMax: 32, Snapshots: store, SnapshotEvery: 1 << 30, SnapshotInterval: time.Hour,
		ClaimOwnership: true, SnapshotPartition: "1"}

	a := runOver(t, j, nil, cfg, programs)
	submitBatches(t, a.r, lines[:third], 0, 25)
	if err := a.r.SaveSnapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	b := runOver(t, j, nil, cfg, programs) // claims the journal: a is fenced from now on
	submitBatches(t, a.r, lines[third:2*third], third, 25)
	if err := a.r.SaveSnapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := b.state(t)
	if bytes.Equal(want, a.state(t)) {
		t.Fatal("the fenced owner's state should differ from the journal's fold")
	}
	a.stop(t)

	c := runOver(t, j, nil, cfg, programs)
	if c.r.Counts().RestoredSeq.Load() != 0 || c.r.Counts().SnapshotsRefused.Load() != 1 {
		t.Fatalf("fenced owner's snapshot: restored from %d, refused %d; want refused",
			c.r.Counts().RestoredSeq.Load(), c.r.Counts().SnapshotsRefused.Load())
	}
	if got := c.state(t); !bytes.Equal(got, want) {
		t.Fatal("state differs from the fold of the journal")
	}
	b.stop(t)
	// c now owns the journal; its snapshot is used by the next owner.
	submitBatches(t, c.r, lines[third:], third, 25)
	if err := c.r.SaveSnapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	want = c.state(t)
	c.stop(t)
	d := runOver(t, j, nil, cfg, nil)
	if d.r.Counts().RestoredSeq.Load() == 0 {
		t.Fatalf("the owner's snapshot was refused (%d)", d.r.Counts().SnapshotsRefused.Load())
	}
	if got := d.state(t); !bytes.Equal(got, want) {
		t.Fatal("state restored from the owner's snapshot differs")
	}
	full := runOver(t, j, nil, RunnerConfig{ClaimOwnership: true}, nil)
	if got := full.state(t); !bytes.Equal(got, want) {
		t.Fatal("a full replay differs from the restore")
	}
}

// flakyViews is a read model that fails while down, like Redis stopped.
type flakyViews struct {
	*readmodel.Memory
	mu   sync.Mutex
	down bool
}

func (f *flakyViews) setDown(d bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down = d
}

func (f *flakyViews) Put(ctx context.Context, v ledger.Views) error {
	f.mu.Lock()
	down := f.down
	f.mu.Unlock()
	if down {
		return errors.New("connection refused")
	}
	return f.Memory.Put(ctx, v)
}

// ForPartition is f itself: the writer must go through its failures.
func (f *flakyViews) ForPartition(string) readmodel.PartitionStore { return f }

// Rebuild fails while down, as Put does.
func (f *flakyViews) Rebuild(ctx context.Context, v ledger.Views) error { return f.Put(ctx, v) }

func (f *flakyViews) Ping(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return errors.New("connection refused")
	}
	return nil
}

// TestRunnerRebuildsReadModelAfterOutage: while the read model fails, the
// writer keeps journaling; once it answers, it gets every document and
// matches a read model that never failed.
func TestRunnerRebuildsReadModelAfterOutage(t *testing.T) {
	programs, lines := simLines(t, 80, 5)
	views := &flakyViews{Memory: readmodel.NewMemory()}
	cfg := RunnerConfig{BatchMax: 32, ViewRetryInterval: 20 * time.Millisecond}
	lr := runOver(t, openBolt(t, t.TempDir()), views, cfg, programs)
	third := len(lines) / 3
	submitBatches(t, lr.r, lines[:third], 0, 20)
	views.setDown(true)
	submitBatches(t, lr.r, lines[third:2*third], third, 20)
	if lr.r.Counts().ViewErrors.Load() == 0 {
		t.Fatal("no read model error counted while it was down")
	}
	views.setDown(false)
	waitFor(t, "the read model rebuild", 10*time.Second, func() bool { return lr.r.Counts().ViewRebuilds.Load() >= 2 })
	submitBatches(t, lr.r, lines[2*third:], 2*third, 20)

	reference := readmodel.NewMemory()
	if err := lr.r.Do(context.Background(), func(e *ledger.Engine) {
		_ = reference.Put(context.Background(), e.Views(e.AllChanges()))
	}); err != nil {
		t.Fatal(err)
	}
	if got, want := dumpViews(t, views.Memory), dumpViews(t, reference); got != want {
		t.Fatalf("read model after the outage differs from the engine's documents:\n%s", firstLineDiff(got, want))
	}
}

// dumpViews lists every document of a read model.
func dumpViews(t *testing.T, v *readmodel.Memory) string {
	t.Helper()
	ctx := context.Background()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	programs, _ := v.Programs(ctx)
	enc.Encode(programs)
	encodePages(enc, func(after string) ([]ledger.LoanView, error) { return v.Loans(ctx, readmodel.LoanQuery{After: after}) },
		func(l ledger.LoanView) string { return l.ID })
	encodePages(enc, func(after string) ([]ledger.ClaimView, error) {
		return v.Claims(ctx, readmodel.ClaimQuery{After: after})
	},
		func(c ledger.ClaimView) string { return c.ID })
	projects, _ := v.Projects(ctx, readmodel.ProjectQuery{})
	enc.Encode(projects)
	return b.String()
}

// encodePages encodes every page of a listing, from the first, each page
// after the id of the previous one's last document.
func encodePages[T any](enc *json.Encoder, page func(after string) ([]T, error), id func(T) string) {
	for after := ""; ; {
		p, _ := page(after)
		if len(p) == 0 {
			return
		}
		enc.Encode(p)
		after = id(p[len(p)-1])
	}
}

func firstLineDiff(got, want string) string {
	g, w := bytes.Split([]byte(got), []byte("\n")), bytes.Split([]byte(want), []byte("\n"))
	for i := 0; i < len(g) && i < len(w); i++ {
		if !bytes.Equal(g[i], w[i]) {
			return fmt.Sprintf("got  %.400s\nwant %.400s", g[i], w[i])
		}
	}
	return fmt.Sprintf("got %d lines, want %d", len(g), len(w))
}
