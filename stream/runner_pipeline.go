package stream

import (
	"context"
	"fmt"
	"sync"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

// The writer applies batch N+1 while the committer journals batch N: the
// engine runs ahead of the journal by at most pipelineDepth+1 batches, and
// nothing of a batch is seen — outcome, read-model document, count, state
// document, snapshot — before the journal has it. When a journal write
// fails, every batch still in flight is answered with the error and the
// runner stops: the engine is ahead of the journal, and a restart replays
// the journal, as after a crash.

// pipelineDepth is the most applied batches waiting for the committer,
// beside the one it is journaling.
const pipelineDepth = 1

// inflight is a batch the writer applied, on its way to the journal.
type inflight struct {
	ctx     context.Context
	batch   []*Submission
	results []submitResult
	recs    []journal.Record
	views   *ledger.Views // the changed documents as the batch left them; nil: none to publish
	counts  [4]int64      // the engine's inputs, applied, duplicates, rejected after the batch
	fatal   error         // the engine stopped inside the batch; recs hold what came before
}

// pipeline connects the writer to the committer goroutine.
type pipeline struct {
	commits  chan *inflight
	inFlight sync.WaitGroup // batches sent and not yet committed
	failOnce sync.Once
	failed   chan struct{} // closed when a journal write failed
	err      error         // set before failed is closed
}

// send queues a batch for the committer, waiting while the pipeline is full.
func (p *pipeline) send(f *inflight) {
	p.inFlight.Add(1)
	p.commits <- f
}

// fail records the first journal failure.
func (p *pipeline) fail(err error) {
	p.failOnce.Do(func() { p.err = err; close(p.failed) })
}

// failure is the journal failure, nil while there is none.
func (p *pipeline) failure() error {
	select {
	case <-p.failed:
		return p.err
	default:
		return nil
	}
}

// startCommitter starts the committer goroutine; the returned function
// waits until every batch sent has been journaled or failed.
func (r *Runner) startCommitter() (stop func()) {
	r.pipe.commits = make(chan *inflight, pipelineDepth)
	r.pipe.failed = make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for f := range r.pipe.commits {
			r.commit(f)
			r.pipe.inFlight.Done()
		}
	}()
	return func() {
		close(r.pipe.commits)
		<-done
	}
}

// settle waits until nothing is in flight (writer goroutine): the engine
// is then exactly the fold of the journal, unless a write failed.
func (r *Runner) settle() error {
	r.pipe.inFlight.Wait()
	return r.pipe.failure()
}

// commit journals one batch, then makes it visible and answers its
// submitters (committer goroutine).
func (r *Runner) commit(f *inflight) {
	err := r.pipe.failure()
	if err == nil {
		if err = r.journal.Append(f.ctx, f.recs); err != nil {
			err = fmt.Errorf("journal append: %w", err)
			r.pipe.fail(err)
		}
	}
	if err != nil {
		// Nobody has seen these outcomes; the engine is ahead of the journal.
		for i := range f.results {
			f.results[i] = submitResult{err: err}
		}
	} else {
		if len(f.recs) > 0 {
			r.fold.Took(&f.recs[len(f.recs)-1])
			r.last = f.recs[len(f.recs)-1]
		}
		for i := range f.recs {
			r.noteOrigin(f.recs[i].Origin)
			if r.cfg.Observe != nil {
				r.cfg.Observe(f.recs[i])
			}
		}
		r.counts.Batches.Add(1)
		r.counts.Inputs.Store(f.counts[0])
		r.counts.Applied.Store(f.counts[1])
		r.counts.Duplicates.Store(f.counts[2])
		r.counts.Rejected.Store(f.counts[3])
		r.counts.JournalSeq.Store(r.fold.Seq)
		if f.views != nil {
			// Journaled: its documents go out even when the writer is being
			// stopped (the read model bounds each write by its own timeout).
			r.publish(context.WithoutCancel(f.ctx), *f.views)
		}
	}
	for i, s := range f.batch {
		r.counts.Pending.Add(-int64(len(s.items)))
		s.reply <- f.results[i]
	}
}
