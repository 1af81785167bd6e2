package kafka

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

// tailer reads one journal partition for a Submitter, from the end the
// partition had when the tailer started, and answers the waiters of each
// input record's (source, id). Its goroutine is owned by the Submitter
// and ends with the Submitter's context (Close).
type tailer struct {
	s *Submitter
	p int

	ready   chan struct{} // closed once the tailer knows where it starts
	readyMu sync.Mutex
	lastErr error // why the start is not known yet (under readyMu)

	// waiters of the inputs produced to this partition, first registered
	// first answered; guarded by Submitter.mu.
	waiters map[waitKey][]slot

	fold tailFold     // read and written by the tailer's goroutine only
	next atomic.Int64 // the offset after the last record read (tests wait on it)
}

func newTailer(s *Submitter, p int) *tailer {
	return &tailer{s: s, p: p, ready: make(chan struct{}), waiters: map[waitKey][]slot{}}
}

// await waits until the tailer knows where the journal ended when it
// started: a record produced after await returns is read.
func (t *tailer) await(ctx context.Context) error {
	select {
	case <-t.ready:
		return nil
	case <-t.s.tailCtx.Done():
		return ErrSubmitterClosed
	case <-ctx.Done():
		t.readyMu.Lock()
		defer t.readyMu.Unlock()
		if t.lastErr != nil {
			return fmt.Errorf("journal partition %d tailer not started: %w (%w)", t.p, ctx.Err(), t.lastErr)
		}
		return fmt.Errorf("journal partition %d tailer not started: %w", t.p, ctx.Err())
	}
}

// run finds the partition's end, then reads from there until ctx ends. A
// reader that fails is replaced after a bounded backoff and resumes after
// the last record read (kafka-go's reader itself reconnects after a lost
// connection).
func (t *tailer) run(ctx context.Context) {
	jr := NewJournal(t.s.cfg, t.p)
	defer jr.Close()
	backoff := newBackoff(t.s.cfg.RetryBackoffMax)
	next := int64(-1) // the offset to read next; -1 before the end is known
	for ctx.Err() == nil {
		if next < 0 {
			end, err := jr.endOffset(ctx)
			if err != nil {
				t.noteErr(err)
				if !backoff.wait(ctx) {
					return
				}
				continue
			}
			next = end
			close(t.ready)
		}
		read, err := t.read(ctx, next)
		next = read
		if ctx.Err() != nil {
			return
		}
		t.noteErr(err)
		if !backoff.wait(ctx) {
			return
		}
	}
}

// read reads the partition from offset until ctx ends or the reader
// fails; it returns the offset to read next.
func (t *tailer) read(ctx context.Context, offset int64) (int64, error) {
	r := partitionReader(t.s.cfg, t.s.cfg.Topic(TopicJournal), t.p)
	defer r.Close()
	if err := r.SetOffset(offset); err != nil {
		return offset, err
	}
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return offset, err
		}
		offset = m.Offset + 1
		t.deliver(m.Value)
		t.next.Store(offset)
	}
}

func (t *tailer) noteErr(err error) {
	t.readyMu.Lock()
	t.lastErr = err
	t.readyMu.Unlock()
}

// deliver decodes a journal record, when anyone waits on this partition,
// and answers the first waiter of its (source, id).
func (t *tailer) deliver(value []byte) {
	t.s.mu.Lock()
	idle := len(t.waiters) == 0
	t.s.mu.Unlock()
	if idle {
		// Nobody to answer: not decoded. The fold starts again from the
		// next record decoded.
		t.fold.based = false
		return
	}
	rec, err := journal.Decode(value)
	if err != nil || !t.fold.next(&rec) || rec.Kind != journal.KindInput {
		return
	}
	key, out := recordOutcome(&rec)
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	q := t.waiters[key]
	if len(q) == 0 {
		return
	}
	// The same (source, id) awaited twice (in one request, or by two): the
	// first record answers the first waiter, the next the next.
	sl := q[0]
	if len(q) == 1 {
		delete(t.waiters, key)
	} else {
		t.waiters[key] = q[1:]
	}
	t.s.waiting--
	sl.req.outs[sl.index] = out
	if sl.req.left--; sl.req.left == 0 {
		close(sl.req.done)
	}
}

// failAll answers every waiter's request with ErrSubmitterClosed; under
// Submitter.mu.
func (t *tailer) failAll() {
	for key, q := range t.waiters {
		for _, sl := range q {
			if sl.req.left > 0 {
				sl.req.left = 0
				sl.req.failure = ErrSubmitterClosed
				close(sl.req.done)
			}
			t.s.waiting--
		}
		delete(t.waiters, key)
	}
}

// recordOutcome is an input record's idempotency key and outcome.
func recordOutcome(rec *journal.Record) (waitKey, ledger.Outcome) {
	var env struct{ ID, Source, Type, Program string }
	_ = json.Unmarshal(rec.Raw(), &env)
	if rec.Source != "" {
		env.Source = rec.Source
	}
	status, _ := ledger.StatusFromString(rec.Status)
	code, _ := ledger.CodeFromString(rec.Code)
	return waitKey{env.Source, env.ID}, ledger.Outcome{ID: env.ID, Source: env.Source, Type: env.Type, Program: env.Program,
		Status: status, Code: code, Message: rec.Message}
}

// tailFold applies the journal's rules of ownership and order
// (journal.Fold) to the records a tailer reads, so that a waiter is never
// answered by a record that replay skips: one an owner wrote after it was
// fenced off, or a second copy of a retried produce. A tailer starts in the
// middle of the journal, so the first record it decodes is the fold's base.
type tailFold struct {
	based bool
	f     journal.Fold
}

// next reports whether rec is part of the journal as replay folds it.
func (t *tailFold) next(rec *journal.Record) bool {
	if !t.based {
		t.rebase(rec)
	}
	in := false
	err := t.f.Next(rec, func(*journal.Record) error { in = true; return nil })
	if errors.Is(err, journal.ErrOutOfOrder) || errors.Is(err, journal.ErrChain) {
		// A gap the tailer cannot judge from where it started (it was not
		// decoding, or an owner's claim raced another's records): this
		// record is the new base. (Replay, not the tailer, is the judge of
		// the hash chain: it refuses a journal whose chain breaks.)
		t.rebase(rec)
		_ = t.f.Next(rec, func(*journal.Record) error { in = true; return nil })
	}
	return in
}

func (t *tailFold) rebase(rec *journal.Record) {
	// Resumed: the chain before the base was not read, so the base's prev
	// is taken as given.
	t.f, t.based = journal.Fold{Seq: rec.Seq - 1, Epoch: rec.Epoch, Resumed: true}, true
}
