package stream

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/snapshot"
)

// Defaults of RunnerConfig.
const (
	DefaultBatchMax = 512
	DefaultQueueMax = 256
)

// ErrNotReady is returned while the runner has not caught up with its
// journal, and ErrStopped once it has stopped.
var (
	// ErrNoPrograms: the journal holds no programs version and none was given.
	ErrNoPrograms = errors.New("no programs: the journal is empty and no programs file was given")
	ErrNotReady   = errors.New("engine not ready: still replaying its journal")
	ErrStopped    = errors.New("engine stopped")
)

// RunnerConfig sets the limits of the single writer.
type RunnerConfig struct {
	// BatchMax is the most inputs applied and journaled in one durable
	// write. Default DefaultBatchMax.
	BatchMax int
	// QueueMax is the most submissions waiting for the writer; Submit
	// blocks (until its context ends) when it is full. Default DefaultQueueMax.
	QueueMax int
	// Logger; slog.Default() when nil.
	Logger *slog.Logger
	// Observe, when set, sees every record the runner folds into its
	// engine, on replay and live, in journal order (fenced records excluded).
	// After a restore from a snapshot it sees only the records after the
	// snapshot; when those contradict the snapshot, the whole journal is
	// replayed and it sees them again.
	Observe func(journal.Record)
	// OwnsProgram, when set, says which programs' documents this runner
	// publishes (Kafka mode: the programs of its partition).
	OwnsProgram func(program string) bool
	// ClaimOwnership makes Recover append a claim record with a new epoch,
	// fencing off records a previous owner may still write (Kafka journal).
	ClaimOwnership bool

	// Snapshots, when set, receives a snapshot of the engine every
	// SnapshotEvery journal records or every SnapshotInterval, whichever
	// comes first, and Recover restores the partition's snapshot and
	// replays only the records after it (a snapshot that is damaged,
	// foreign or newer than the journal is logged and ignored: the whole
	// journal is replayed). Nil: no snapshots.
	Snapshots snapshot.Store
	// SnapshotEvery is the most journal records between two snapshots,
	// except that marshaling never takes more than a tenth of the writer's
	// time (snapshotDutyMax). Default DefaultSnapshotEvery (10,000).
	SnapshotEvery int
	// SnapshotInterval is the longest time between two snapshots while
	// records arrive, and the wait before retrying a failed save. Default
	// DefaultSnapshotInterval (30 s).
	SnapshotInterval time.Duration
	// SnapshotPartition names the journal partition in the store. Default
	// DefaultSnapshotPartition ("embedded"); the Kafka engine uses the
	// partition number.
	SnapshotPartition string
	// SnapshotTimeout bounds loading or saving one snapshot. Default
	// DefaultSnapshotTimeout (2 min).
	SnapshotTimeout time.Duration
	// ViewRetryInterval is how often a read model whose update failed is
	// probed, to be rebuilt in full once it answers. Default
	// DefaultViewRetryInterval (1 s).
	ViewRetryInterval time.Duration
}

func (c *RunnerConfig) setDefaults() {
	if c.BatchMax <= 0 {
		c.BatchMax = DefaultBatchMax
	}
	if c.QueueMax <= 0 {
		c.QueueMax = DefaultQueueMax
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.SnapshotEvery <= 0 {
		c.SnapshotEvery = DefaultSnapshotEvery
	}
	if c.SnapshotInterval <= 0 {
		c.SnapshotInterval = DefaultSnapshotInterval
	}
	if c.SnapshotPartition == "" {
		c.SnapshotPartition = DefaultSnapshotPartition
	}
	if c.SnapshotTimeout <= 0 {
		c.SnapshotTimeout = DefaultSnapshotTimeout
	}
	if c.ViewRetryInterval <= 0 {
		c.ViewRetryInterval = DefaultViewRetryInterval
	}
}

// Runner is the single writer: it owns the engine, applies inputs in
// batches, journals each batch durably and only then answers the
// submitters, so an outcome that anyone has seen survives any crash.
type Runner struct {
	cfg     RunnerConfig
	journal journal.Journal
	views   readmodel.PartitionStore // nil: no read model
	log     *slog.Logger

	engine   *ledger.Engine
	programs []byte // the programs version in force, compact JSON
	// fold is the journal's position: fold.Seq is the last journaled Seq
	// (committer goroutine while Run runs), fold.Epoch the highest
	// ownership epoch claimed, fold.Fenced the records replay skipped
	// because an older owner wrote them.
	fold    journal.Fold
	applied int64  // last Seq given to a record (writer goroutine): ahead of fold.Seq while batches are in flight
	head    string // hash of the last record sealed (writer goroutine): ahead of fold.Head likewise
	resume  map[originKey]int64
	last    journal.Record // the last record folded in: a snapshot's anchor

	snap       snapState
	viewsStale atomic.Bool // an update failed: the read model waits for a rebuild

	pipe pipeline // batches applied and not yet journaled

	queue   chan *Submission
	tasks   chan func(*ledger.Engine)
	ready   atomic.Bool
	stopped chan struct{}
	stopErr error
	stopMu  sync.Once

	counts Counts
}

// Counts are the runner's totals, safe to read at any time.
type Counts struct {
	Inputs, Applied, Duplicates, Rejected atomic.Int64
	// Pending counts inputs handed to Submit and not yet journaled: the
	// writer's part of the journal lag.
	Pending          atomic.Int64
	JournalSeq       atomic.Int64
	Batches          atomic.Int64
	ViewErrors       atomic.Int64
	ViewRebuilds     atomic.Int64 // read model sent every document (start, after failures)
	Snapshots        atomic.Int64 // snapshots saved
	SnapshotErrors   atomic.Int64 // snapshot saves that failed
	SnapshotsRefused atomic.Int64 // snapshots found unusable by Recover
	RestoredSeq      atomic.Int64 // journal seq of the snapshot Recover started from, 0 for none
	Replayed         atomic.Int64 // journal records Recover read
}

// Submission is inputs handed to the writer by Enqueue, whose outcomes
// Await waits for.
type Submission struct {
	ctx   context.Context
	items []journal.Item
	reply chan submitResult
}

type submitResult struct {
	outcomes []ledger.Outcome
	err      error
}

// NewRunner returns a runner over a journal. programsFile is the programs
// file to put in force (nil keeps the journaled one). views, when not nil,
// receives the documents that changed after each batch.
func NewRunner(j journal.Journal, views readmodel.Store, cfg RunnerConfig) *Runner {
	cfg.setDefaults()
	var partition readmodel.PartitionStore
	if views != nil {
		// Each partition writes through its own store, so that its losses
		// are its own.
		partition = views.ForPartition(cfg.SnapshotPartition)
	}
	return &Runner{cfg: cfg, journal: j, views: partition, log: cfg.Logger,
		queue: make(chan *Submission, cfg.QueueMax), tasks: make(chan func(*ledger.Engine)),
		stopped: make(chan struct{}), resume: map[originKey]int64{}}
}

// originKey names an input partition (or an HTTP or file stream).
type originKey struct {
	Topic     string
	Partition int32
}

// ResumeOffset is the offset after the last input journaled from a topic
// partition: where a consumer resumes, whatever the group committed. It is
// 0 when nothing from there is in the journal. Call it before Run.
func (r *Runner) ResumeOffset(topic string, partition int32) int64 {
	if off, ok := r.resume[originKey{topic, partition}]; ok {
		return off + 1
	}
	return 0
}

func (r *Runner) noteOrigin(o *journal.Origin) {
	if o == nil {
		return
	}
	k := originKey{o.Topic, o.Partition}
	if cur, ok := r.resume[k]; !ok || o.Offset > cur {
		r.resume[k] = o.Offset
	}
}

// Counts returns the runner's totals.
func (r *Runner) Counts() *Counts { return &r.counts }

// Ready reports whether the runner has caught up with its journal.
func (r *Runner) Ready() bool { return r.ready.Load() }

// Recover rebuilds the engine from the journal, checking that every input
// gives again the outcome journaled for it, then puts programsFile in force
// (journaling it when it differs from the journaled version) and publishes
// every read-model document.
func (r *Runner) Recover(ctx context.Context, programsFile []byte) error {
	replayed, err := r.replayJournal(ctx)
	r.counts.Replayed.Store(replayed)
	if err != nil {
		return err
	}
	if r.cfg.ClaimOwnership {
		rec := journal.Record{Seq: r.fold.Seq + 1, Kind: journal.KindClaim, Epoch: r.fold.Epoch + 1}
		if err := r.appendOwn(ctx, &rec); err != nil {
			return fmt.Errorf("journal claim: %w", err)
		}
	}
	if programsFile != nil {
		if err := r.putPrograms(ctx, programsFile); err != nil {
			return err
		}
	}
	if r.engine == nil {
		return ErrNoPrograms
	}
	r.publishAll(ctx)
	r.syncCounts()
	r.ready.Store(true)
	r.log.Info("journal replayed", "records", replayed, "fenced", r.fold.Fenced, "journal_seq", r.fold.Seq, "epoch", r.fold.Epoch)
	return nil
}

// replayRecord folds one journaled record into the engine, under the
// journal's rules of ownership and order (journal.Fold).
func (r *Runner) replayRecord(rec journal.Record) error {
	return r.fold.Next(&rec, r.applyRecord)
}

// applyRecord applies a record the fold takes (a claim's epoch is already
// in force) and checks that the engine gives again the outcome journaled.
func (r *Runner) applyRecord(rec *journal.Record) error {
	switch rec.Kind {
	case journal.KindClaim:
	case journal.KindPrograms:
		if err := r.installPrograms(rec.Programs, rec.RulesVersion()); err != nil {
			return err
		}
	case journal.KindInput:
		if r.engine == nil {
			return errors.New("input before any programs record")
		}
		it, err := replayInput(r.engine, rec)
		if err != nil {
			return err
		}
		r.noteOrigin(it.Origin)
	default:
		return fmt.Errorf("unknown record kind %q", rec.Kind)
	}
	r.last = *rec
	if r.cfg.Observe != nil {
		r.cfg.Observe(*rec)
	}
	return nil
}

// apply hands an item to the engine, or records the transport's verdict.
func (r *Runner) apply(it journal.Item) (ledger.Outcome, error) { return applyItem(r.engine, it) }

// installPrograms parses a programs version under the rules version it
// was journaled under and puts it in force.
func (r *Runner) installPrograms(file []byte, rules int) error {
	e, err := withPrograms(r.engine, file, rules)
	if err != nil {
		return err
	}
	r.engine, r.programs = e, compactJSON(file)
	return nil
}

// putPrograms journals a programs file that differs from the one in force.
func (r *Runner) putPrograms(ctx context.Context, file []byte) error {
	if _, err := risk.ParsePrograms(bytes.NewReader(file)); err != nil {
		return err
	}
	compact := compactJSON(file)
	if bytes.Equal(compact, r.programs) {
		return nil
	}
	if err := r.installPrograms(compact, ledger.RulesCurrent); err != nil {
		return err
	}
	rec := journal.Record{Seq: r.fold.Seq + 1, Kind: journal.KindPrograms, Rules: ledger.RulesCurrent, Programs: compact, Epoch: r.fold.Epoch}
	if err := r.appendOwn(ctx, &rec); err != nil {
		return fmt.Errorf("journal programs: %w", err)
	}
	r.log.Info("programs version journaled", "journal_seq", r.fold.Seq)
	return nil
}

// appendOwn seals and journals a record of the writer's own (a claim, a
// programs version) outside the run loop, and folds it in.
func (r *Runner) appendOwn(ctx context.Context, rec *journal.Record) error {
	if err := rec.Seal(r.fold.Head); err != nil {
		return err
	}
	if err := r.journal.Append(ctx, []journal.Record{*rec}); err != nil {
		return err
	}
	r.fold.Took(rec)
	r.last = *rec
	return nil
}

func compactJSON(b []byte) []byte {
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		return append([]byte(nil), b...)
	}
	return out.Bytes()
}

// Run is the writer loop. It returns when ctx ends (nil) or when the
// journal or an invariant fails (the error); the runner is stopped then.
func (r *Runner) Run(ctx context.Context) error {
	if !r.Ready() {
		return ErrNotReady
	}
	err := r.loop(ctx)
	r.stop(err)
	return err
}

func (r *Runner) loop(ctx context.Context) error {
	defer r.startSnapshots(ctx)()
	r.applied, r.head = r.fold.Seq, r.fold.Head
	defer r.startCommitter()() // first of the deferred: the batches in flight are journaled or failed
	tick, stopTick := r.maintenance()
	defer stopTick()
	for {
		if err := r.pipe.failure(); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-r.pipe.failed:
			return r.pipe.failure()
		case now := <-tick:
			r.maintain(ctx, now)
		case task := <-r.tasks:
			// A task sees the journaled state only: nothing in flight.
			if err := r.settle(); err != nil {
				return err
			}
			task(r.engine)
		case first := <-r.queue:
			batch := []*Submission{first}
			n := len(first.items)
		drain:
			for n < r.cfg.BatchMax {
				select {
				case s := <-r.queue:
					batch = append(batch, s)
					n += len(s.items)
				default:
					break drain
				}
			}
			if err := r.process(ctx, batch); err != nil {
				return err
			}
			r.maybeSnapshot(time.Now())
		}
	}
}

// process applies a batch and hands it to the committer, which journals it
// in one write, then publishes the changed documents and answers every
// submitter. It returns once the batch is queued: the writer applies the
// next batch while this one is being journaled.
func (r *Runner) process(ctx context.Context, batch []*Submission) error {
	f := &inflight{ctx: ctx, batch: batch, results: make([]submitResult, len(batch))}
	n := 0
	for _, s := range batch {
		n += len(s.items)
	}
	f.recs = make([]journal.Record, 0, n)
	var changes ledger.Changes
	for i, s := range batch {
		if f.fatal != nil || s.ctx.Err() != nil {
			// A submitter that gave up before its turn: nothing of it is applied.
			f.results[i].err = errors.Join(f.fatal, s.ctx.Err())
			continue
		}
		outs := make([]ledger.Outcome, 0, len(s.items))
		for _, it := range s.items {
			out, err := r.apply(it)
			if err != nil {
				f.fatal = err
				break
			}
			rec := journal.InputRecord(it, out)
			rec.Seq, rec.Epoch = r.applied+int64(len(f.recs))+1, r.fold.Epoch
			if err := rec.Seal(r.head); err != nil {
				// Every record the engine builds has a canonical form: a bug.
				f.fatal = err
				break
			}
			r.head = rec.Hash
			f.recs = append(f.recs, rec)
			outs = append(outs, out)
			changes.Merge(out.Changes)
		}
		f.results[i].outcomes = outs
		if f.fatal != nil {
			f.results[i].err = f.fatal
		}
	}
	r.applied += int64(len(f.recs))
	f.counts[0], f.counts[1], f.counts[2], f.counts[3] = r.engine.Counts()
	if r.views != nil && !r.viewsStale.Load() {
		// Built now, from the engine as this batch left it; published
		// once the batch is journaled.
		v := r.viewsOf(changes)
		f.views = &v
	}
	r.pipe.send(f)
	return f.fatal
}

func (r *Runner) syncCounts() {
	inputs, applied, dups, rejected := r.engine.Counts()
	r.counts.Inputs.Store(inputs)
	r.counts.Applied.Store(applied)
	r.counts.Duplicates.Store(dups)
	r.counts.Rejected.Store(rejected)
	r.counts.JournalSeq.Store(r.fold.Seq)
}

// publish hands the changed documents to the read model. A failing read
// model (Redis away) never stops the writer: the documents are rebuilt in
// full once it answers again.
func (r *Runner) publish(ctx context.Context, v ledger.Views) {
	if r.views == nil || r.viewsStale.Load() {
		return // a stale read model is rebuilt in full by repairViews
	}
	if err := r.views.Put(ctx, v); err != nil {
		r.counts.ViewErrors.Add(1)
		r.viewsStale.Store(true)
		r.log.Warn("read model update failed: rebuilt in full once it answers again", "err", err)
	}
}

// viewsOf builds the documents of c. A partition of the Kafka mode knows
// every program but holds only its own: it publishes only the documents of
// programs it owns, so that the zeros of the others never overwrite the
// owner's documents in a shared read model.
func (r *Runner) viewsOf(c ledger.Changes) ledger.Views {
	v := r.engine.Views(c)
	for i := range v.Guarantors {
		// Each partition's engine knows its part of a guarantor's book.
		v.Guarantors[i].Partition = r.cfg.SnapshotPartition
	}
	if r.cfg.OwnsProgram == nil {
		return v
	}
	kept := v.Programs[:0]
	for _, p := range v.Programs {
		if r.cfg.OwnsProgram(p.ID) {
			kept = append(kept, p)
		}
	}
	v.Programs = kept
	return v
}

func (r *Runner) stop(err error) {
	r.stopMu.Do(func() {
		r.stopErr = err
		r.ready.Store(false)
		close(r.stopped)
	})
}

// Submit hands inputs to the writer and waits until they are applied and
// journaled; the outcomes are in input order. It fails with ErrNotReady
// before recovery, ErrStopped after a stop, or the context's error.
func (r *Runner) Submit(ctx context.Context, items []journal.Item) ([]ledger.Outcome, error) {
	if len(items) == 0 {
		return nil, nil
	}
	s, err := r.Enqueue(ctx, items)
	if err != nil {
		return nil, err
	}
	return r.Await(s)
}

// Enqueue hands items to the writer without waiting for their outcomes;
// Await then waits for them. A stream consumer enqueues its next batch
// while the previous one is being journaled.
func (r *Runner) Enqueue(ctx context.Context, items []journal.Item) (*Submission, error) {
	if !r.Ready() {
		select {
		case <-r.stopped:
			return nil, ErrStopped
		default:
			return nil, ErrNotReady
		}
	}
	s := &Submission{ctx: ctx, items: items, reply: make(chan submitResult, 1)}
	select {
	case r.queue <- s:
		r.counts.Pending.Add(int64(len(items)))
		return s, nil
	case <-r.stopped:
		return nil, ErrStopped
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Await waits for the outcomes of an enqueued submission.
func (r *Runner) Await(s *Submission) ([]ledger.Outcome, error) {
	select {
	case res := <-s.reply:
		return res.outcomes, res.err
	case <-r.stopped:
		// The writer may still have answered just before stopping.
		select {
		case res := <-s.reply:
			return res.outcomes, res.err
		default:
			return nil, ErrStopped
		}
	}
}

// Do runs fn on the writer's goroutine between batches, with the engine at
// a consistent point (a state document, a snapshot). fn must not keep the
// engine.
func (r *Runner) Do(ctx context.Context, fn func(*ledger.Engine)) error {
	done := make(chan struct{})
	task := func(e *ledger.Engine) { fn(e); close(done) }
	select {
	case r.tasks <- task:
	case <-r.stopped:
		return ErrStopped
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-done:
		return nil
	case <-r.stopped: // stopped before running it (a journal failure)
		select {
		case <-done:
			return nil
		default:
			return ErrStopped
		}
	case <-ctx.Done():
		return ctx.Err()
	}
}
