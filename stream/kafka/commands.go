package kafka

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/stream/journal"
)

// Submitter sends the API's inputs through Kafka like any producer:
// bank and guarantor inputs to bank events, finance and admin inputs to
// commands, keyed by program; an input without a program goes to every
// partition. It then reads each input's outcome from the journal, so the
// caller gets the outcome once it is journaled, whichever instance owns
// the partition.
type Submitter struct {
	cfg     Config
	writer  *kafkago.Writer
	scratch *ledger.Engine // decides the verdict of inputs without a readable envelope
	mu      sync.Mutex
}

// NewSubmitter returns a submitter; programsFile lets it answer
// unreadable inputs (bad_json, bad_envelope) the way the engine does.
func NewSubmitter(cfg Config, programsFile []byte) (*Submitter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	pc, err := risk.ParsePrograms(bytes.NewReader(programsFile))
	if err != nil {
		return nil, err
	}
	w := &kafkago.Writer{Addr: kafkago.TCP(cfg.Brokers...), Balancer: Router{}, RequiredAcks: kafkago.RequireAll,
		BatchTimeout: time.Millisecond, WriteTimeout: cfg.IOTimeout, MaxAttempts: 3}
	return &Submitter{cfg: cfg, writer: w, scratch: ledger.NewEngine(pc)}, nil
}

// Close closes the producer.
func (s *Submitter) Close() error { return s.writer.Close() }

// awaited is an input whose outcome is read from one journal partition.
type awaited struct {
	index     int
	source    string
	id        string
	partition int
}

// Submit produces the inputs and waits, until ctx ends, for their outcomes.
func (s *Submitter) Submit(ctx context.Context, items []journal.Item) ([]ledger.Outcome, error) {
	outs := make([]ledger.Outcome, len(items))
	var msgs []kafkago.Message
	var waits []awaited
	parts := map[int]bool{}
	for i, it := range items {
		var env struct{ ID, Source, Program string }
		readable := json.Unmarshal(it.Raw, &env) == nil
		if it.Meta.Source != "" {
			env.Source = it.Meta.Source
		}
		if !readable || env.ID == "" || !strings.Contains(env.Source, ":") {
			// No (source, id) to find it by: the engine's verdict on such
			// bytes does not depend on its state, so decide it here; the
			// input is still produced, journaled and counted.
			s.mu.Lock()
			outs[i], _ = s.scratch.Apply(it.Raw, it.Meta)
			s.mu.Unlock()
		}
		var h []kafkago.Header
		if it.Meta.Source != "" {
			h = append(h, kafkago.Header{Key: HeaderSource, Value: []byte(it.Meta.Source)})
		}
		if it.Meta.ImportedBy != "" {
			h = append(h, kafkago.Header{Key: HeaderImportedBy, Value: []byte(it.Meta.ImportedBy)})
		}
		ms, targets := InputMessages(s.cfg.InputTopic(env.Source), env.Program, it.Raw, s.cfg.Partitions, h)
		msgs = append(msgs, ms...)
		if outs[i].Status == 0 {
			// One copy's record answers: the first partition's.
			waits = append(waits, awaited{index: i, source: env.Source, id: env.ID, partition: targets[0]})
			parts[targets[0]] = true
		}
	}
	// Where each journal partition ends before the inputs are produced:
	// their records can only come after.
	starts := map[int]int64{}
	for p := range parts {
		end, err := NewJournal(s.cfg, p).endOffset(ctx)
		if err != nil {
			return nil, err
		}
		starts[p] = end
	}
	if err := s.writer.WriteMessages(ctx, msgs...); err != nil {
		return nil, fmt.Errorf("produce: %w", err)
	}
	for p := range parts {
		if err := s.awaitOutcomes(ctx, p, starts[p], waits, outs); err != nil {
			return nil, err
		}
	}
	return outs, nil
}

// awaitOutcomes reads journal partition p from start until every input
// awaited there has its record.
func (s *Submitter) awaitOutcomes(ctx context.Context, p int, start int64, waits []awaited, outs []ledger.Outcome) error {
	pending := map[[2]string][]int{}
	for _, w := range waits {
		if w.partition == p {
			k := [2]string{w.source, w.id}
			pending[k] = append(pending[k], w.index)
		}
	}
	r := partitionReader(s.cfg, s.cfg.Topic(TopicJournal), p)
	defer r.Close()
	if err := r.SetOffset(start); err != nil {
		return err
	}
	for len(pending) > 0 {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return fmt.Errorf("waiting for the journal of partition %d: %w", p, err)
		}
		rec, err := journal.Decode(m.Value)
		if err != nil || rec.Kind != journal.KindInput {
			continue
		}
		var env struct{ ID, Source, Type, Program string }
		_ = json.Unmarshal(rec.Raw(), &env)
		if rec.Source != "" {
			env.Source = rec.Source
		}
		k := [2]string{env.Source, env.ID}
		idx, ok := pending[k]
		if !ok {
			continue
		}
		status, _ := ledger.StatusFromString(rec.Status)
		code, _ := ledger.CodeFromString(rec.Code)
		out := ledger.Outcome{ID: env.ID, Source: env.Source, Type: env.Type, Program: env.Program,
			Status: status, Code: code, Message: rec.Message}
		// The same (source, id) twice in one request: the first record
		// answers the first, the next the next.
		outs[idx[0]] = out
		if len(idx) == 1 {
			delete(pending, k)
		} else {
			pending[k] = idx[1:]
		}
	}
	return nil
}
