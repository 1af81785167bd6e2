package redisstore_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/techcredit/techcredit/internal/testsvc"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/simulate"
	"github.com/techcredit/techcredit/stream"
)

// The runner against Redis: restarts from a snapshot in Redis, refuses a
// damaged one, and loses nothing while Redis is stopped and started again.

func streamOf(t testing.TB, opts simulate.Options) (programs []byte, lines [][]byte) {
	t.Helper()
	programs, gen := simulate.Generate(opts)
	for l := range gen.All() {
		lines = append(lines, append([]byte(nil), l...))
	}
	return programs, lines
}

// engineUnderTest is a runner over an embedded journal, running.
type engineUnderTest struct {
	r       *stream.Runner
	j       *bolt.Journal
	cancel  context.CancelFunc
	done    chan error
	stopped bool
}

func startEngine(t *testing.T, dir string, views readmodel.Store, cfg stream.RunnerConfig, programs []byte) *engineUnderTest {
	t.Helper()
	j, err := bolt.Open(dir, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Logger == nil {
		cfg.Logger = discardLogger
	}
	r := stream.NewRunner(j, views, cfg)
	if err := r.Recover(context.Background(), programs); err != nil {
		j.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &engineUnderTest{r: r, j: j, cancel: cancel, done: make(chan error, 1)}
	go func() { e.done <- r.Run(ctx) }()
	t.Cleanup(func() { e.stop(t) })
	return e
}

func (e *engineUnderTest) stop(t *testing.T) {
	t.Helper()
	if e.stopped {
		return
	}
	e.stopped = true
	e.cancel()
	select {
	case err := <-e.done:
		if err != nil {
			t.Errorf("runner: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("runner did not stop within 30 s")
	}
	e.j.Close()
}

func (e *engineUnderTest) state(t *testing.T) []byte {
	t.Helper()
	var out []byte
	if err := e.r.Do(context.Background(), func(en *ledger.Engine) { out, _ = ledger.MarshalState(en.State()) }); err != nil {
		t.Fatal(err)
	}
	return out
}

// documents is every document of the engine, in a fresh in-memory read model.
func (e *engineUnderTest) documents(t *testing.T) (*readmodel.Memory, *ledger.Engine) {
	t.Helper()
	mem := readmodel.NewMemory()
	var snap []byte
	if err := e.r.Do(context.Background(), func(en *ledger.Engine) {
		_ = mem.Put(context.Background(), en.Views(en.AllChanges()))
		snap, _ = en.MarshalSnapshot()
	}); err != nil {
		t.Fatal(err)
	}
	copyOf, err := ledger.RestoreSnapshot(nil, snap)
	if err != nil {
		t.Fatal(err)
	}
	return mem, copyOf
}

func submit(t *testing.T, r *stream.Runner, lines [][]byte, batch int) {
	t.Helper()
	for i := 0; i < len(lines); i += batch {
		items := make([]journal.Item, 0, batch)
		for _, l := range lines[i:min(i+batch, len(lines))] {
			items = append(items, journal.Item{Raw: l})
		}
		if _, err := r.Submit(context.Background(), items); err != nil {
			t.Fatal(err)
		}
	}
}

func waitUntil(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRestartFromRedisSnapshot: an engine that snapshots to Redis restarts
// from its snapshot, replays only the records after it, and is byte for
// byte the state of a full replay; the Redis read model serves the
// engine's documents.
func TestRestartFromRedisSnapshot(t *testing.T) {
	store := newStore(t, sharedRedisAddr(t))
	programs, lines := streamOf(t, simulate.Options{Loans: 400, Seed: 21, BadInputRate: 0.03})
	half := len(lines) / 2
	dir := t.TempDir()
	cfg := stream.RunnerConfig{BatchMax: 128, Snapshots: store, SnapshotEvery: 1000, SnapshotInterval: time.Hour}

	e := startEngine(t, dir, store, cfg, programs)
	submit(t, e.r, lines[:half], 40)
	waitUntil(t, "a snapshot in Redis", 20*time.Second, func() bool { return e.r.Counts().Snapshots.Load() > 0 })
	e.stop(t)

	info, ok, err := store.SnapshotInfo(context.Background(), stream.DefaultSnapshotPartition)
	if err != nil || !ok || info.JournalSeq == 0 || info.Bytes == 0 {
		t.Fatalf("snapshot metadata: %+v %v %v", info, ok, err)
	}
	e = startEngine(t, dir, store, cfg, programs)
	c := e.r.Counts()
	if c.RestoredSeq.Load() != info.JournalSeq {
		t.Fatalf("restart restored from %d, want the snapshot at %d (refused %d)", c.RestoredSeq.Load(), info.JournalSeq, c.SnapshotsRefused.Load())
	}
	if got := c.Replayed.Load(); got >= int64(half)/2 {
		t.Errorf("replayed %d records after a snapshot at %d of %d", got, info.JournalSeq, half+1)
	}
	submit(t, e.r, lines[half:], 40)
	want := streamtest.ReplayState(t, programs, lines)
	if got := e.state(t); !bytes.Equal(got, want) {
		t.Fatal("state after the restart from the snapshot differs from a plain replay")
	}
	mem, en := e.documents(t)
	e.stop(t)
	compareModels(t, en, store, mem)

	full := startEngine(t, dir, nil, stream.RunnerConfig{}, nil)
	if got := full.state(t); !bytes.Equal(got, want) {
		t.Fatal("a full replay of the journal differs from the plain replay")
	}
}

// TestCorruptedSnapshotInRedis: a snapshot damaged in Redis is refused;
// the whole journal is replayed and the state is right.
func TestCorruptedSnapshotInRedis(t *testing.T) {
	store := newStore(t, sharedRedisAddr(t))
	programs, lines := streamOf(t, simulate.Options{Loans: 150, Seed: 22})
	dir := t.TempDir()
	cfg := stream.RunnerConfig{BatchMax: 64, Snapshots: store, SnapshotEvery: 1 << 30, SnapshotInterval: time.Hour}
	e := startEngine(t, dir, store, cfg, programs)
	submit(t, e.r, lines, 50)
	if err := e.r.SaveSnapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.stop(t)

	ctx := context.Background()
	key := store.KeyPrefix() + "snapshot:" + stream.DefaultSnapshotPartition
	data, err := store.Client().HGet(ctx, key, "data").Bytes()
	if err != nil {
		t.Fatal(err)
	}
	for _, damage := range []struct {
		name string
		b    []byte
	}{
		{"engine byte flipped", flipAt(data, len(data)/2)},
		{"metadata byte flipped", flipAt(data, 30)},
		{"truncated", data[:len(data)-100]},
		{"foreign", []byte("PNG\x89 not a snapshot")},
	} {
		t.Run(damage.name, func(t *testing.T) {
			if err := store.Client().HSet(ctx, key, "data", damage.b).Err(); err != nil {
				t.Fatal(err)
			}
			if _, err := store.Latest(ctx, stream.DefaultSnapshotPartition); err == nil && damage.name != "engine byte flipped" {
				t.Fatal("Latest returned a damaged snapshot without error")
			} else if err != nil && !errors.Is(err, ledger.ErrInvalidSnapshot) {
				t.Fatalf("Latest: got %v, want ErrInvalidSnapshot", err)
			}
			e := startEngine(t, dir, store, cfg, programs)
			c := e.r.Counts()
			if c.RestoredSeq.Load() != 0 || c.SnapshotsRefused.Load() != 1 {
				t.Fatalf("restored from %d, refused %d: want the snapshot refused", c.RestoredSeq.Load(), c.SnapshotsRefused.Load())
			}
			if got, want := e.state(t), streamtest.ReplayState(t, programs, lines); !bytes.Equal(got, want) {
				t.Fatal("state after a full replay differs from the plain replay")
			}
			e.stop(t)
		})
	}
}

func flipAt(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x10
	return c
}

// TestRedisOutageDuringIngest: redis-server is stopped in the middle of
// an ingest and started again, empty. The writer never stops journaling;
// the read model is rebuilt by itself and serves the engine's documents;
// snapshots resume; a restart from the new snapshot equals a full replay.
func TestRedisOutageDuringIngest(t *testing.T) {
	srv := testsvc.StartRedis(t) // this test stops the server: always its own
	store := newStore(t, srv.Addr())
	programs, lines := streamOf(t, simulate.Options{Loans: 300, Seed: 23, BadInputRate: 0.02})
	dir := t.TempDir()
	cfg := stream.RunnerConfig{BatchMax: 64, Snapshots: store, SnapshotEvery: 400, SnapshotInterval: 100 * time.Millisecond,
		ViewRetryInterval: 50 * time.Millisecond, SnapshotTimeout: 5 * time.Second}
	e := startEngine(t, dir, store, cfg, programs)
	c := e.r.Counts()

	third := len(lines) / 3
	submit(t, e.r, lines[:third], 20)
	waitUntil(t, "a first snapshot", 20*time.Second, func() bool { return c.Snapshots.Load() > 0 })

	// Stop Redis while inputs keep coming: every submission succeeds.
	errorsBefore := c.SnapshotErrors.Load()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		srv.Stop()
	}()
	submit(t, e.r, lines[third:2*third], 20)
	wg.Wait()
	submit(t, e.r, lines[2*third:len(lines)-50], 20)
	waitUntil(t, "read-model errors to be counted", 20*time.Second, func() bool { return c.ViewErrors.Load() > 0 })
	waitUntil(t, "a failed snapshot save", 20*time.Second, func() bool { return c.SnapshotErrors.Load() > errorsBefore })
	snapsBefore, rebuildsBefore := c.Snapshots.Load(), c.ViewRebuilds.Load()
	if c.Inputs.Load() != int64(len(lines)-50) {
		t.Fatalf("inputs journaled while Redis was away: got %d, want %d", c.Inputs.Load(), len(lines)-50)
	}

	// Redis returns, empty (no persistence): the read model is rebuilt and
	// snapshots resume.
	srv.Start()
	submit(t, e.r, lines[len(lines)-50:], 10)
	waitUntil(t, "the read model rebuild", 20*time.Second, func() bool { return c.ViewRebuilds.Load() > rebuildsBefore })
	waitUntil(t, "a snapshot of the last record", 20*time.Second, func() bool {
		info, ok, err := store.SnapshotInfo(context.Background(), stream.DefaultSnapshotPartition)
		return err == nil && ok && info.JournalSeq == c.JournalSeq.Load() && c.Snapshots.Load() > snapsBefore
	})
	want := streamtest.ReplayState(t, programs, lines)
	if got := e.state(t); !bytes.Equal(got, want) {
		t.Fatal("state after the outage differs from a plain replay")
	}
	mem, en := e.documents(t)
	compareModels(t, en, store, mem)
	e.stop(t)

	e = startEngine(t, dir, store, cfg, programs)
	if e.r.Counts().RestoredSeq.Load() == 0 {
		t.Fatalf("restart after the outage did not use the new snapshot (refused %d)", e.r.Counts().SnapshotsRefused.Load())
	}
	if got := e.state(t); !bytes.Equal(got, want) {
		t.Fatal("state restored after the outage differs from a plain replay")
	}
}

// TestIdleEngineRebuildsLostReadModel: Redis loses every document (a
// restart without persistence) while no input arrives; the engine notices
// at its next maintenance tick and rebuilds the read model, without
// waiting for an input.
func TestIdleEngineRebuildsLostReadModel(t *testing.T) {
	store := newStore(t, sharedRedisAddr(t))
	programs, lines := streamOf(t, simulate.Options{Loans: 100, Seed: 29, BadInputRate: 0.02})
	cfg := stream.RunnerConfig{BatchMax: 64, ViewRetryInterval: 50 * time.Millisecond}
	e := startEngine(t, t.TempDir(), store, cfg, programs)
	submit(t, e.r, lines, 50)
	c := e.r.Counts()
	rebuildsBefore, inputs := c.ViewRebuilds.Load(), c.Inputs.Load()

	ctx := context.Background()
	keys, err := store.Client().Keys(ctx, store.KeyPrefix()+"*").Result()
	if err != nil || len(keys) == 0 {
		t.Fatalf("read-model keys: %d (%v), want some", len(keys), err)
	}
	if err := store.Client().Del(ctx, keys...).Err(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the idle engine to rebuild the read model", 20*time.Second, func() bool {
		return c.ViewRebuilds.Load() > rebuildsBefore
	})
	if c.Inputs.Load() != inputs {
		t.Fatalf("inputs changed while idle: %d, want %d", c.Inputs.Load(), inputs)
	}
	mem, en := e.documents(t)
	compareModels(t, en, store, mem)
}
