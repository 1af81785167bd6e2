package redisstore_test

import (
	"bytes"
	"context"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

// Benchmarks of issue 4 against a real redis-server:
//
//	go test -run '^$' -bench . -benchtime 1x ./ledger/redisstore/          100,000 loans (~1,000,000 inputs)
//	go test -run '^$' -bench . -benchtime 1x -short ./ledger/redisstore/   10,000 loans
//
// BenchmarkRestart: the time Recover takes over the same embedded journal,
// replaying it all against restoring the snapshot in Redis and replaying
// the DefaultSnapshotEvery records journaled after it (the most a restart
// replays with the default --snapshot-every). Target restart_speedup ≥ 10.
//
// BenchmarkReadModelPut: what publishing the documents changed by each
// batch of inputs to Redis costs, amortised per input.

func benchLoans() int {
	if testing.Short() {
		return 10_000
	}
	return 100_000
}

func BenchmarkRestart(b *testing.B) {
	store := newStore(b, sharedRedisAddr(b))
	loans := benchLoans()
	programs, gen := simulate.Generate(simulate.Options{Loans: loans, Seed: 1})
	var lines [][]byte
	for l := range gen.All() {
		lines = append(lines, append([]byte(nil), l...))
	}
	after := min(stream.DefaultSnapshotEvery, len(lines)/10)
	dir := b.TempDir()

	// Journal every input, with a snapshot in Redis `after` inputs before the end.
	j, err := bolt.Open(dir, 5*time.Second)
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	ingest := stream.NewRunner(j, nil, stream.RunnerConfig{Logger: discardLogger, Snapshots: store,
		SnapshotEvery: 1 << 40, SnapshotInterval: 1000 * time.Hour})
	if err := ingest.Recover(context.Background(), programs); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ingest.Run(ctx) }()
	submitAll := func(lines [][]byte) {
		for i := 0; i < len(lines); i += stream.DefaultBatchMax {
			items := make([]journal.Item, 0, stream.DefaultBatchMax)
			for _, l := range lines[i:min(i+stream.DefaultBatchMax, len(lines))] {
				items = append(items, journal.Item{Raw: l})
			}
			if _, err := ingest.Submit(context.Background(), items); err != nil {
				b.Fatal(err)
			}
		}
	}
	submitAll(lines[:len(lines)-after])
	// The writer's pause: the faster of two marshals after a collection.
	marshal := time.Hour
	var snapBytes int
	for range 2 {
		runtime.GC()
		if err := ingest.Do(context.Background(), func(e *ledger.Engine) {
			start := time.Now()
			s, err := e.MarshalSnapshot()
			marshal = min(marshal, time.Since(start))
			snapBytes = len(s)
			if err != nil {
				b.Error(err)
			}
		}); err != nil {
			b.Fatal(err)
		}
	}
	if err := ingest.SaveSnapshot(context.Background()); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	snap, err := store.Latest(context.Background(), stream.DefaultSnapshotPartition)
	if err != nil {
		b.Fatal(err)
	}
	load := time.Since(start)
	start = time.Now()
	if err := store.Save(context.Background(), stream.DefaultSnapshotPartition, snap); err != nil {
		b.Fatal(err)
	}
	save := time.Since(start)
	submitAll(lines[len(lines)-after:])
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	journalSeq := ingest.Counts().JournalSeq.Load()

	recoverOnce := func(cfg stream.RunnerConfig) (time.Duration, *stream.Runner) {
		cfg.Logger = discardLogger
		r := stream.NewRunner(j, nil, cfg)
		runtime.GC()
		start := time.Now()
		if err := r.Recover(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
		return time.Since(start), r
	}
	stateOf := func(r *stream.Runner) []byte {
		var out []byte
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go r.Run(ctx)
		if err := r.Do(context.Background(), func(e *ledger.Engine) { out, _ = ledger.MarshalState(e.State()) }); err != nil {
			b.Fatal(err)
		}
		return out
	}

	b.ResetTimer()
	var full, fromSnap time.Duration
	for i := 0; i < b.N; i++ {
		d, rFull := recoverOnce(stream.RunnerConfig{})
		full += d
		d, rSnap := recoverOnce(stream.RunnerConfig{Snapshots: store})
		fromSnap += d
		b.StopTimer()
		if rSnap.Counts().RestoredSeq.Load() == 0 {
			b.Fatal("the restart did not use the snapshot")
		}
		if i == 0 && !bytes.Equal(stateOf(rFull), stateOf(rSnap)) {
			b.Fatal("the state restored from the snapshot differs from the full replay")
		}
		b.StartTimer()
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(full.Seconds()/n, "full_replay_s")
	b.ReportMetric(fromSnap.Seconds()/n, "snapshot_restart_s")
	b.ReportMetric(full.Seconds()/fromSnap.Seconds(), "restart_speedup")
	b.ReportMetric(float64(journalSeq)/(full.Seconds()/n), "replay_records/s")
	b.ReportMetric(float64(snapBytes)/float64(loans), "snapshot_bytes/loan")
	b.ReportMetric(float64(marshal.Milliseconds()), "snapshot_marshal_ms")
	b.ReportMetric(float64(save.Milliseconds()), "snapshot_save_ms")
	b.ReportMetric(float64(load.Milliseconds()), "snapshot_load_ms")
	b.ReportMetric(float64(after), "records_after_snapshot")
}

func BenchmarkReadModelPut(b *testing.B) {
	store := newStore(b, sharedRedisAddr(b))
	loans := benchLoans() / 5
	programs, gen := simulate.Generate(simulate.Options{Loans: loans, Seed: 2})
	cfg, err := risk.ParsePrograms(bytes.NewReader(programs))
	if err != nil {
		b.Fatal(err)
	}
	var lines [][]byte
	for l := range gen.All() {
		lines = append(lines, append([]byte(nil), l...))
	}
	b.ResetTimer()
	var put time.Duration
	var docs, batches int
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e := ledger.NewEngine(cfg)
		if err := store.Clear(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for lo := 0; lo < len(lines); lo += stream.DefaultBatchMax {
			var changes ledger.Changes
			for _, l := range lines[lo:min(lo+stream.DefaultBatchMax, len(lines))] {
				out, err := e.Apply(l, ledger.Meta{})
				if err != nil {
					b.Fatal(err)
				}
				changes = mergeChanges(changes, out.Changes)
			}
			v := e.Views(changes)
			docs += len(v.Programs) + len(v.Loans) + len(v.Claims) + len(v.Guarantors) + len(v.Projects)
			start := time.Now()
			if err := store.Put(context.Background(), v); err != nil {
				b.Fatal(err)
			}
			put += time.Since(start)
			batches++
		}
	}
	b.StopTimer()
	// The floor: the same number of documents of the same mean size as one
	// plain HSET per batch, no indexes, no transaction.
	perBatch := docs / batches
	docBytes := bytes.Repeat([]byte("x"), 400)
	var raw time.Duration
	for i := 0; i < batches; i++ {
		args := make([]any, 0, 2*perBatch)
		for k := 0; k < perBatch; k++ {
			args = append(args, "d"+strconv.Itoa(k), docBytes)
		}
		start := time.Now()
		if err := store.Client().HSet(context.Background(), store.KeyPrefix()+"floor", args...).Err(); err != nil {
			b.Fatal(err)
		}
		raw += time.Since(start)
	}
	inputs := float64(b.N) * float64(len(lines))
	b.ReportMetric(float64(docs)/raw.Seconds(), "floor_hset_docs/s")
	b.ReportMetric(raw.Seconds()/put.Seconds(), "ratio_to_hset_floor")
	b.ReportMetric(float64(put.Nanoseconds())/inputs, "put_ns/input")
	b.ReportMetric(float64(put.Microseconds())/float64(batches), "put_us/batch")
	b.ReportMetric(float64(docs)/float64(batches), "docs/batch")
	b.ReportMetric(float64(docs)/put.Seconds(), "docs/s")
	b.ReportMetric(inputs/put.Seconds(), "inputs/s_put_only")
}

// mergeChanges adds c to dst without repeating an id, as the runner
// publishes one document per id and batch.
func mergeChanges(dst, c ledger.Changes) ledger.Changes {
	add := func(dst, src []string) []string {
		for _, id := range src {
			if !slices.Contains(dst, id) {
				dst = append(dst, id)
			}
		}
		return dst
	}
	dst.Programs = add(dst.Programs, c.Programs)
	dst.Loans = add(dst.Loans, c.Loans)
	dst.Claims = add(dst.Claims, c.Claims)
	dst.Guarantors = add(dst.Guarantors, c.Guarantors)
	dst.Projects = add(dst.Projects, c.Projects)
	return dst
}
