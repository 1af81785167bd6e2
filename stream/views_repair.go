package stream

import (
	"context"
	"time"

	"github.com/techcredit/techcredit/ledger"
)

// ViewPinger is what a read model that can be unreachable (Redis) offers
// beside ViewStore: a cheap probe, so that the writer rebuilds the read
// model only once it answers again.
type ViewPinger interface {
	Ping(ctx context.Context) error
}

// ViewRebuilder is a read model told when it receives every document, so
// that it can tell later that it lost them (Redis restarted without
// persistence) and fail a Put: the runner then rebuilds it.
type ViewRebuilder interface {
	Rebuild(ctx context.Context, v ledger.Views) error
}

// ViewChecker is a read model that can tell without a write whether it
// still holds what it was given: a Redis that restarted empty while no
// input arrived is noticed at the next maintenance tick, not at the next
// input, which may be hours away.
type ViewChecker interface {
	Intact(ctx context.Context) (bool, error)
}

// PartitionedViews is a read model shared by the writers of several
// journal partitions: NewRunner writes through ForPartition of its
// SnapshotPartition, so that each partition's losses are its own.
type PartitionedViews interface {
	ForPartition(partition string) ViewStore
}

// The read model is a cache of the engine's documents. When an update
// fails (Redis stopped), the runner marks the read model stale and stops
// sending it updates, which would only fail one by one; every
// ViewRetryInterval it probes the read model and, once it answers, sends
// it every document (engine.AllChanges) in one Put: the read model catches
// up by itself and nothing is lost, since the engine holds every document.

// publishAll sends every document to the read model.
func (r *Runner) publishAll(ctx context.Context) {
	if r.views == nil {
		return
	}
	v := r.viewsOf(r.engine.AllChanges())
	var err error
	if rb, ok := r.views.(ViewRebuilder); ok {
		err = rb.Rebuild(ctx, v)
	} else {
		err = r.views.Put(ctx, v)
	}
	if err != nil {
		r.counts.ViewErrors.Add(1)
		r.viewsStale.Store(true)
		r.log.Warn("read model rebuild failed: retried once it answers", "err", err)
		return
	}
	r.viewsStale.Store(false)
	r.counts.ViewRebuilds.Add(1)
}

// repairViews probes a stale read model and rebuilds it once it answers
// (writer goroutine only).
func (r *Runner) repairViews(ctx context.Context) {
	if !r.viewsStale.Load() || r.engine == nil {
		return
	}
	// The rebuild must not be overtaken by an older batch's documents.
	if r.settle() != nil {
		return // the writer stops
	}
	if p, ok := r.views.(ViewPinger); ok {
		pctx, cancel := context.WithTimeout(ctx, r.cfg.ViewRetryInterval)
		err := p.Ping(pctx)
		cancel()
		if err != nil {
			return
		}
	}
	start := time.Now()
	r.publishAll(ctx)
	if !r.viewsStale.Load() {
		r.log.Info("read model rebuilt after failures", "ms", time.Since(start).Milliseconds())
	}
}

// checkViews marks the read model stale when it lost its documents while
// nothing was written to it.
func (r *Runner) checkViews(ctx context.Context) {
	c, ok := r.views.(ViewChecker)
	if !ok || r.viewsStale.Load() {
		return
	}
	cctx, cancel := context.WithTimeout(ctx, r.cfg.ViewRetryInterval)
	intact, err := c.Intact(cctx)
	cancel()
	if err != nil || intact {
		// A slow or absent answer proves no loss: the next write, or the
		// next tick once it answers, tells.
		return
	}
	r.counts.ViewErrors.Add(1)
	r.viewsStale.Store(true)
	r.log.Warn("read model lost its documents: rebuilt in full")
}

// maintenance returns the channel of the writer's periodic duties (read
// model repair, snapshots by interval), nil when it has none.
func (r *Runner) maintenance() (tick <-chan time.Time, stop func()) {
	if r.views == nil && r.cfg.Snapshots == nil {
		return nil, func() {}
	}
	every := r.cfg.ViewRetryInterval
	if r.cfg.Snapshots != nil {
		every = min(every, r.cfg.SnapshotInterval)
	}
	t := time.NewTicker(every)
	return t.C, t.Stop
}

// maintain runs the periodic duties on the writer goroutine.
func (r *Runner) maintain(ctx context.Context, now time.Time) {
	r.checkViews(ctx)
	r.repairViews(ctx)
	r.maybeSnapshot(now)
}
