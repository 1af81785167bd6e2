package kafka

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/stream/journal"
)

// SubmitWaitersMax is the default bound of the inputs a Submitter awaits
// the outcomes of at once, over all its requests (ten API requests of
// DefaultInputsPerRequestMax inputs each).
const SubmitWaitersMax = 10_000

// ErrSubmitterBusy: the submitter already awaits SubmitWaitersMax
// outcomes. Nothing of the request was produced: it was not taken, and is
// safe to retry.
var ErrSubmitterBusy = errors.New("kafka submitter: too many inputs awaiting their outcomes; nothing was produced")

// ErrSubmitterClosed: Submit after (or during) Close.
var ErrSubmitterClosed = errors.New("kafka submitter: closed")

// ErrOutcomeNotSeen wraps the context's error when a request ends after
// its inputs were produced and before the journal showed all their
// outcomes: the inputs are taken (the engine applies them, and a retry with
// the same id is answered duplicate with the original's outcome), their
// outcomes just came too late for this request.
var ErrOutcomeNotSeen = errors.New("kafka submitter: inputs produced, their outcomes not journaled in time")

// Submitter sends the API's inputs through Kafka like any producer:
// bank, guarantor, investor and fund inputs to bank events, finance and admin inputs to
// commands, keyed by program (its kafka_key) or fund; an input without
// either goes to every partition. It answers each input with the outcome its journal record
// shows, so the caller gets the outcome once it is journaled, whichever
// instance owns the partition.
//
// One tailer per journal partition, started by the first request that
// needs it and stopped by Close, reads the journal topic from the end it
// had at start, decodes each record once (only while someone waits on
// that partition) and wakes the waiters of the record's (source, id), the
// idempotency key of SPEC §4. A request registers its waiters before it
// produces, so no record of its inputs can pass unseen: no window of
// outcomes seen before a waiter registered is needed.
//
// A partition this instance's Engine owns is answered through the journal
// topic too, not from its writer: the runner's outcomes carry no journal
// position, so an answer from the writer and the tailer's answer of the
// same record could not be told from the next record of the same
// (source, id) (a retry's duplicate) without changing stream.Runner; and
// ownership can move between the produce and the apply, so the tailer is
// needed anyway. The journal's round trip costs about 0.1 ms at the
// median (BenchmarkKafkaSubmitLatency, journaled-floor).
type Submitter struct {
	cfg        Config
	keys       Keys // of the programs file: where each program's inputs go
	writer     *kafkago.Writer
	scratch    *ledger.Engine // decides the verdict of inputs without a readable envelope
	scratchMu  sync.Mutex
	waitersMax int
	produce    func(context.Context, ...kafkago.Message) error // the writer's WriteMessages; a test's stand-in

	stop    context.CancelFunc // ends the tailers' context
	tailCtx context.Context    // the tailers' context: the submitter's lifetime, not a request's
	tails   sync.WaitGroup     // the tailers' goroutines

	mu      sync.Mutex // guards what follows, and every tailer's waiters
	closed  bool
	tailers map[int]*tailer
	waiting int // waiters registered, over all tailers
}

// NewSubmitter returns a submitter; programsFile lets it answer
// unreadable inputs (bad_json, bad_envelope) the way the engine does. It
// does not contact the brokers: its producer and its tailers connect when
// a request needs them.
func NewSubmitter(cfg Config, programsFile []byte) (*Submitter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	pc, err := risk.ParsePrograms(bytes.NewReader(programsFile))
	if err != nil {
		return nil, err
	}
	w := &kafkago.Writer{Addr: kafkago.TCP(cfg.Brokers...), Balancer: Router{}, RequiredAcks: kafkago.RequireAll,
		BatchTimeout: time.Millisecond, WriteTimeout: cfg.IOTimeout, MaxAttempts: 3,
		Transport: &kafkago.Transport{DialTimeout: cfg.IOTimeout}}
	ctx, stop := context.WithCancel(context.Background())
	return &Submitter{cfg: cfg, keys: KeysOf(pc), writer: w, scratch: ledger.NewEngine(pc), waitersMax: SubmitWaitersMax,
		produce: w.WriteMessages, stop: stop, tailCtx: ctx, tailers: map[int]*tailer{}}, nil
}

// Close stops the tailers, fails the requests still waiting with
// ErrSubmitterClosed and closes the producer. It returns once every
// goroutine of the submitter has ended.
func (s *Submitter) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.stop()
	s.tails.Wait()
	s.mu.Lock()
	for _, t := range s.tailers {
		t.failAll()
	}
	s.mu.Unlock()
	err := s.writer.Close()
	if tr, ok := s.writer.Transport.(*kafkago.Transport); ok {
		tr.CloseIdleConnections()
	}
	return err
}

// waitKey is an input's idempotency key: (source, id).
type waitKey struct{ source, id string }

// request is one Submit's inputs that wait for their journal records.
type request struct {
	outs    []ledger.Outcome
	left    int           // waiters not yet answered (under Submitter.mu)
	done    chan struct{} // closed when left reaches 0, or by failAll
	failure error         // set by failAll before done is closed
}

// slot is one waiting input: the request and the index of its outcome.
type slot struct {
	req   *request
	index int
}

// awaited is an input whose outcome is read from one journal partition.
type awaited struct {
	index     int
	key       waitKey
	partition int
}

// Submit produces the inputs and waits, until ctx ends, for their outcomes.
// Before anything is produced it can fail with ErrSubmitterBusy,
// ErrSubmitterClosed, the context's error or a broker's error (a tailer
// that could not find the journal's end, a failed produce): nothing was
// taken then, or nothing the engine will apply twice (a retry with the
// same ids is answered as duplicate). After the inputs are produced, a
// context that ends fails it with ErrOutcomeNotSeen (and the context's
// error): taken, outcome not yet known.
func (s *Submitter) Submit(ctx context.Context, items []journal.Item) ([]ledger.Outcome, error) {
	req := &request{outs: make([]ledger.Outcome, len(items)), done: make(chan struct{})}
	msgs, waits := s.messages(items, req.outs)
	if err := s.register(ctx, req, waits); err != nil {
		return nil, err
	}
	if err := s.produce(ctx, msgs...); err != nil {
		s.unregister(req, waits)
		return nil, fmt.Errorf("produce: %w", err)
	}
	select {
	case <-req.done:
		if req.failure != nil {
			return nil, req.failure
		}
		return req.outs, nil
	case <-ctx.Done():
		if s.unregister(req, waits) {
			return req.outs, nil // the last outcome came as the context ended
		}
		return nil, fmt.Errorf("%w: %w", ErrOutcomeNotSeen, ctx.Err())
	}
}

// messages builds the messages of items and what to wait for: inputs
// without a (source, id) to find their record by are answered into outs
// at once.
func (s *Submitter) messages(items []journal.Item, outs []ledger.Outcome) ([]kafkago.Message, []awaited) {
	var msgs []kafkago.Message
	var waits []awaited
	for i, it := range items {
		var env struct{ ID, Source, Program, Fund string }
		readable := len(it.Raw) <= ledger.InputBytesMax && json.Unmarshal(it.Raw, &env) == nil
		if it.Meta.Source != "" {
			env.Source = it.Meta.Source
		}
		if !readable || env.ID == "" || !strings.Contains(env.Source, ":") {
			// No (source, id) to find it by (an input above the size limit
			// is journaled by its digest): the engine's verdict on such
			// bytes does not depend on its state, so decide it here; the
			// input is still produced, journaled and counted.
			s.scratchMu.Lock()
			outs[i], _ = s.scratch.Apply(it.Raw, it.Meta)
			s.scratchMu.Unlock()
		}
		var h []kafkago.Header
		if it.Meta.Source != "" {
			h = append(h, kafkago.Header{Key: HeaderSource, Value: []byte(it.Meta.Source)})
		}
		if it.Meta.ImportedBy != "" {
			h = append(h, kafkago.Header{Key: HeaderImportedBy, Value: []byte(it.Meta.ImportedBy)})
		}
		ms, targets := InputMessages(s.cfg.InputTopic(env.Source), s.keys.InputKey(env.Program, env.Fund), it.Raw, s.cfg.Partitions, h)
		msgs = append(msgs, ms...)
		if outs[i].Status == 0 {
			// One copy's record answers: the first partition's.
			waits = append(waits, awaited{index: i, key: waitKey{env.Source, env.ID}, partition: targets[0]})
		}
	}
	return msgs, waits
}

// register starts the tailers of the partitions waited on, waits until
// each knows where the journal ended before the inputs are produced, and
// registers the waiters. On failure nothing is registered.
func (s *Submitter) register(ctx context.Context, req *request, waits []awaited) error {
	if len(waits) > s.waitersMax {
		return fmt.Errorf("%w (%d inputs in one request, above %d)", ErrSubmitterBusy, len(waits), s.waitersMax)
	}
	var started []*tailer
	for _, w := range waits {
		t, err := s.tailer(w.partition)
		if err != nil {
			return err
		}
		started = append(started, t)
	}
	for _, t := range started {
		if err := t.await(ctx); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return ErrSubmitterClosed
	case s.waiting+len(waits) > s.waitersMax:
		return ErrSubmitterBusy
	}
	req.left = len(waits)
	if req.left == 0 {
		close(req.done)
	}
	s.waiting += len(waits)
	for _, w := range waits {
		t := s.tailers[w.partition]
		t.waiters[w.key] = append(t.waiters[w.key], slot{req: req, index: w.index})
	}
	return nil
}

// unregister removes the request's waiters that are still registered. It
// reports whether the request had been answered in full meanwhile.
func (s *Submitter) unregister(req *request, waits []awaited) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if req.left == 0 {
		return req.failure == nil
	}
	for _, w := range waits {
		t := s.tailers[w.partition]
		q := t.waiters[w.key]
		kept := q[:0]
		for _, sl := range q {
			if sl.req != req {
				kept = append(kept, sl)
			} else {
				s.waiting--
			}
		}
		if len(kept) == 0 {
			delete(t.waiters, w.key)
		} else {
			t.waiters[w.key] = kept
		}
	}
	req.left = 0
	return false
}

// tailer returns partition p's tailer, starting it on first use.
func (s *Submitter) tailer(p int) (*tailer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrSubmitterClosed
	}
	if t := s.tailers[p]; t != nil {
		return t, nil
	}
	t := newTailer(s, p)
	s.tailers[p] = t
	s.tails.Add(1)
	go func() {
		defer s.tails.Done()
		t.run(s.tailCtx)
	}()
	return t, nil
}
