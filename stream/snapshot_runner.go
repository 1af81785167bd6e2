package stream

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/snapshot"
)

// Defaults of the snapshot and read-model fields of RunnerConfig.
const (
	DefaultSnapshotEvery     = 10_000
	DefaultSnapshotInterval  = 30 * time.Second
	DefaultSnapshotPartition = "embedded"
	DefaultSnapshotTimeout   = 2 * time.Minute
	DefaultViewRetryInterval = time.Second
)

// snapState is the runner's snapshot bookkeeping. The writer marshals a
// snapshot and hands it to one saver goroutine through a queue of one;
// while a save is in flight the writer takes no other.
type snapState struct {
	saved   atomic.Int64 // JournalSeq of the newest snapshot saved or restored
	busy    atomic.Bool  // a snapshot is queued or being saved
	failed  atomic.Bool  // the last save failed: the next waits for the interval
	attempt time.Time    // when the writer last took one (writer only)
	// notBefore keeps marshaling to at most snapshotDutyMax of the
	// writer's time (writer only).
	notBefore time.Time
	saves     chan snapshot.Snapshot
	saveMu    sync.Mutex // one Save at a time (the saver, SaveSnapshot)
}

// snapshotDutyMax bounds the share of the writer's time spent marshaling
// snapshots: after a marshal that took d, the next waits at least
// d × (1/snapshotDutyMax − 1), whatever SnapshotEvery says. A large engine
// under a fast stream then snapshots less often than every SnapshotEvery
// records instead of stalling its inputs.
const snapshotDutyMax = 0.1

// errSnapshotMismatch ends a replay from a snapshot that the journal does
// not bear out.
var errSnapshotMismatch = errors.New("snapshot does not match the journal")

// replayJournal rebuilds the engine: from the partition's snapshot and the
// records after it when a usable snapshot exists, else from the whole
// journal. It returns the records replayed (applied or skipped).
func (r *Runner) replayJournal(ctx context.Context) (int64, error) {
	if r.cfg.Snapshots != nil {
		n, ok, err := r.replayFromSnapshot(ctx)
		if err != nil {
			return n, err
		}
		if ok {
			return n, nil
		}
		r.resetFold()
	}
	var replayed int64
	err := r.journal.Replay(ctx, 0, func(rec journal.Record) error {
		if err := r.replayRecord(rec); err != nil {
			return fmt.Errorf("journal record %d: %w", rec.Seq, err)
		}
		replayed++
		return nil
	})
	return replayed, err
}

// resetFold forgets a partial fold before a full replay.
func (r *Runner) resetFold() {
	r.engine, r.programs, r.fold, r.last = nil, nil, journal.Fold{}, journal.Record{}
	r.resume = map[originKey]int64{}
	r.snap.saved.Store(0)
	r.counts.RestoredSeq.Store(0)
}

// replayFromSnapshot restores the partition's snapshot and replays the
// journal after it. ok is false, with the reason logged, when there is no
// usable snapshot: none, damaged, foreign, taken under a journal that no
// longer holds its anchor record, or contradicted by the records after it.
// The error is a context's only: every other failure means a full replay.
func (r *Runner) replayFromSnapshot(ctx context.Context) (replayed int64, ok bool, err error) {
	lctx, cancel := context.WithTimeout(ctx, r.cfg.SnapshotTimeout)
	snap, err := r.cfg.Snapshots.Latest(lctx, r.cfg.SnapshotPartition)
	cancel()
	if ctx.Err() != nil {
		return 0, false, ctx.Err()
	}
	refuse := func(err error) (int64, bool, error) {
		r.counts.SnapshotsRefused.Add(1)
		r.log.Warn("snapshot not used: replaying the whole journal", "partition", r.cfg.SnapshotPartition, "err", err)
		return 0, false, nil
	}
	switch {
	case errors.Is(err, snapshot.ErrNotFound):
		r.log.Info("no snapshot: replaying the whole journal", "partition", r.cfg.SnapshotPartition)
		return 0, false, nil
	case err != nil:
		return refuse(fmt.Errorf("load: %w", err))
	}
	if err := r.restoreSnapshot(&snap); err != nil {
		return refuse(err)
	}
	v := &snapshotReplay{snap: &snap}
	from := int64(0)
	if !r.cfg.ClaimOwnership {
		// No other writer can have fenced records off: the journal after
		// the anchor is the fold's continuation.
		from, r.fold.Seq, r.fold.Epoch, r.fold.Resumed = snap.JournalSeq-1, snap.JournalSeq-1, snap.Epoch, true
	}
	err = r.journal.Replay(ctx, from, func(rec journal.Record) error {
		replayed++
		if v.anchored {
			if err := r.replayRecord(rec); err != nil {
				return fmt.Errorf("%w: journal record %d after the snapshot: %v", errSnapshotMismatch, rec.Seq, err)
			}
			return nil
		}
		return r.foldBeforeAnchor(rec, v)
	})
	switch {
	case ctx.Err() != nil:
		return replayed, false, ctx.Err()
	case err != nil && !errors.Is(err, errSnapshotMismatch):
		return replayed, false, err // the journal itself failed: a full replay would too
	case err != nil:
		return refuse(err)
	case !v.anchored:
		return refuse(fmt.Errorf("%w: the journal has no record %d (the snapshot is newer than the journal, or of another one)",
			errSnapshotMismatch, snap.JournalSeq))
	}
	r.counts.RestoredSeq.Store(snap.JournalSeq)
	r.log.Info("snapshot restored", "partition", r.cfg.SnapshotPartition, "journal_seq", snap.JournalSeq,
		"bytes", len(snap.Bytes), "records_after", replayed-v.before)
	return replayed, true, nil
}

// restoreSnapshot puts a snapshot's engine, programs and offsets in force.
func (r *Runner) restoreSnapshot(snap *snapshot.Snapshot) error {
	if snapshot.ProgramsVersion(snap.Programs) != snap.ProgramsVersion {
		return fmt.Errorf("%w: programs do not match their version", ledger.ErrInvalidSnapshot)
	}
	cfg, err := risk.ParsePrograms(bytes.NewReader(snap.Programs))
	if err != nil {
		return fmt.Errorf("%w: programs: %v", ledger.ErrInvalidSnapshot, err)
	}
	e, err := ledger.RestoreSnapshot(cfg, snap.Bytes)
	if err != nil {
		return err
	}
	if snap.JournalSeq < 1 {
		return fmt.Errorf("%w: journal seq %d", ledger.ErrInvalidSnapshot, snap.JournalSeq)
	}
	r.engine, r.programs = e, snap.Programs
	for _, o := range snap.ResumeOffsets {
		r.resume[originKey{o.Topic, o.Partition}] = o.Offset
	}
	r.snap.saved.Store(snap.JournalSeq)
	return nil
}

// snapshotReplay follows a replay up to the snapshot's anchor record.
type snapshotReplay struct {
	snap     *snapshot.Snapshot
	anchored bool
	before   int64 // records read up to the anchor
}

// foldBeforeAnchor follows the fold's rules for fencing and retried
// records without applying anything, up to the snapshot's record, which
// must be the very record the snapshot was taken after, in the same epoch.
func (r *Runner) foldBeforeAnchor(rec journal.Record, v *snapshotReplay) error {
	v.before++
	err := r.fold.Next(&rec, func(rec *journal.Record) error {
		if rec.Seq < v.snap.JournalSeq {
			return nil
		}
		if snapshot.AnchorOf(rec) != v.snap.Anchor || r.fold.Epoch != v.snap.Epoch {
			return fmt.Errorf("%w: journal record %d (epoch %d) is not the one the snapshot was taken after (epoch %d)",
				errSnapshotMismatch, rec.Seq, r.fold.Epoch, v.snap.Epoch)
		}
		r.last = *rec
		v.anchored = true
		return nil
	})
	if errors.Is(err, journal.ErrOutOfOrder) {
		return fmt.Errorf("%w: record %d out of order before the snapshot's record %d", errSnapshotMismatch, rec.Seq, v.snap.JournalSeq)
	}
	return err
}

// startSnapshots starts the saver goroutine; the returned function stops
// it and waits for it (a save in flight is abandoned).
func (r *Runner) startSnapshots(ctx context.Context) (stop func()) {
	if r.cfg.Snapshots == nil {
		return func() {}
	}
	r.snap.saves = make(chan snapshot.Snapshot, 1)
	r.snap.attempt = time.Now()
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for snap := range r.snap.saves {
			_ = r.saveSnapshot(ctx, snap) // logged and counted; retried at the next interval
			r.snap.busy.Store(false)
		}
	}()
	return func() {
		close(r.snap.saves)
		cancel()
		<-done
	}
}

// maybeSnapshot takes a snapshot when one is due: SnapshotEvery records
// after the last one, or SnapshotInterval after the last attempt; after a
// failed save, only the interval counts; and never more often than
// snapshotDutyMax allows. It runs on the writer goroutine, which marshals
// the engine and queues the bytes for the saver.
func (r *Runner) maybeSnapshot(now time.Time) {
	if r.cfg.Snapshots == nil || r.engine == nil || r.snap.busy.Load() || now.Before(r.snap.notBefore) {
		return
	}
	behind := r.applied - r.snap.saved.Load()
	if behind <= 0 {
		return
	}
	due := now.Sub(r.snap.attempt) >= r.cfg.SnapshotInterval
	if !r.snap.failed.Load() && behind >= int64(r.cfg.SnapshotEvery) {
		due = true
	}
	if !due {
		return
	}
	r.snap.attempt = now
	// A snapshot is anchored to a journaled record: nothing in flight.
	if r.settle() != nil {
		return // the writer stops
	}
	snap, err := r.takeSnapshot()
	took := time.Since(now)
	r.snap.notBefore = now.Add(took + time.Duration(float64(took)*(1/snapshotDutyMax-1)))
	if err != nil {
		r.log.Error("snapshot not taken", "err", err)
		return
	}
	r.snap.busy.Store(true)
	r.snap.saves <- snap // never blocks: the saver is idle
}

// takeSnapshot marshals the writer's state (writer goroutine only).
func (r *Runner) takeSnapshot() (snapshot.Snapshot, error) {
	start := time.Now()
	b, err := r.engine.MarshalSnapshot()
	if err != nil {
		return snapshot.Snapshot{}, err
	}
	r.log.Debug("snapshot taken", "journal_seq", r.fold.Seq, "bytes", len(b), "marshal_ms", time.Since(start).Milliseconds())
	return snapshot.Snapshot{JournalSeq: r.fold.Seq, Epoch: r.fold.Epoch, Anchor: snapshot.AnchorOf(&r.last),
		ResumeOffsets: resumeOffsetsOf(r.resume), ProgramsVersion: snapshot.ProgramsVersion(r.programs),
		Programs: r.programs, Bytes: b}, nil
}

// saveSnapshot writes one snapshot to the store, bounded by
// SnapshotTimeout.
func (r *Runner) saveSnapshot(ctx context.Context, snap snapshot.Snapshot) error {
	r.snap.saveMu.Lock()
	defer r.snap.saveMu.Unlock()
	sctx, cancel := context.WithTimeout(ctx, r.cfg.SnapshotTimeout)
	defer cancel()
	start := time.Now()
	if err := r.cfg.Snapshots.Save(sctx, r.cfg.SnapshotPartition, snap); err != nil {
		r.counts.SnapshotErrors.Add(1)
		r.snap.failed.Store(true)
		r.log.Warn("snapshot not saved: retried at the next interval", "journal_seq", snap.JournalSeq, "err", err)
		return err
	}
	for {
		cur := r.snap.saved.Load()
		if snap.JournalSeq <= cur || r.snap.saved.CompareAndSwap(cur, snap.JournalSeq) {
			break
		}
	}
	r.snap.failed.Store(false)
	r.counts.Snapshots.Add(1)
	r.log.Info("snapshot saved", "partition", r.cfg.SnapshotPartition, "journal_seq", snap.JournalSeq,
		"bytes", len(snap.Bytes), "save_ms", time.Since(start).Milliseconds())
	return nil
}

// SaveSnapshot takes a snapshot now, between batches, and saves it before
// returning (an operator's command, a test, a benchmark).
func (r *Runner) SaveSnapshot(ctx context.Context) error {
	if r.cfg.Snapshots == nil {
		return errors.New("no snapshot store configured")
	}
	var snap snapshot.Snapshot
	var err error
	if doErr := r.Do(ctx, func(*ledger.Engine) { snap, err = r.takeSnapshot() }); doErr != nil {
		return doErr
	}
	if err != nil {
		return err
	}
	return r.saveSnapshot(ctx, snap)
}

// resumeOffsetsOf lists the runner's resume offsets in a stable order.
func resumeOffsetsOf(m map[originKey]int64) []snapshot.ResumeOffset {
	out := make([]snapshot.ResumeOffset, 0, len(m))
	for k, off := range m {
		out = append(out, snapshot.ResumeOffset{Topic: k.Topic, Partition: k.Partition, Offset: off})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Topic != out[j].Topic {
			return out[i].Topic < out[j].Topic
		}
		return out[i].Partition < out[j].Partition
	})
	return out
}
