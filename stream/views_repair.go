package stream

import (
	"context"
	"time"
)

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
	if err := r.views.Rebuild(ctx, r.viewsOf(r.engine.AllChanges())); err != nil {
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
	pctx, cancel := context.WithTimeout(ctx, r.cfg.ViewRetryInterval)
	err := r.views.Ping(pctx)
	cancel()
	if err != nil {
		return
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
	if r.views == nil || r.viewsStale.Load() {
		return
	}
	cctx, cancel := context.WithTimeout(ctx, r.cfg.ViewRetryInterval)
	intact, err := r.views.Intact(cctx)
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
