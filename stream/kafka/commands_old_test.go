package kafka

import (
	"context"
	"fmt"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

// submitPerRequestReaders is the submitter as it was before its journal
// tailers (kept for BenchmarkKafkaSubmitLatency only): each request lists
// the journal's end offsets, produces, then opens a reader per partition
// and decodes every record written since until it finds its own.
func (s *Submitter) submitPerRequestReaders(ctx context.Context, items []journal.Item) ([]ledger.Outcome, error) {
	outs := make([]ledger.Outcome, len(items))
	msgs, waits := s.messages(items, outs)
	parts := map[int]bool{}
	for _, w := range waits {
		parts[w.partition] = true
	}
	starts := map[int]int64{}
	for p := range parts {
		// The old code did not close this journal: each request left a
		// connection open, which a long benchmark turned into an in-process
		// broker out of file descriptors. Closed here, so that the
		// comparison is of latency only.
		jr := NewJournal(s.cfg, p)
		end, err := jr.endOffset(ctx)
		jr.Close()
		if err != nil {
			return nil, err
		}
		starts[p] = end
	}
	if err := s.writer.WriteMessages(ctx, msgs...); err != nil {
		return nil, fmt.Errorf("produce: %w", err)
	}
	for p := range parts {
		if err := awaitOutcomesFromOffset(ctx, s.cfg, p, starts[p], waits, outs); err != nil {
			return nil, err
		}
	}
	return outs, nil
}

// awaitOutcomesFromOffset reads journal partition p from start until every
// input awaited there has its record.
func awaitOutcomesFromOffset(ctx context.Context, cfg Config, p int, start int64, waits []awaited, outs []ledger.Outcome) error {
	pending := map[waitKey][]int{}
	for _, w := range waits {
		if w.partition == p {
			pending[w.key] = append(pending[w.key], w.index)
		}
	}
	r := partitionReader(cfg, cfg.Topic(TopicJournal), p)
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
		k, out := recordOutcome(&rec)
		idx, ok := pending[k]
		if !ok {
			continue
		}
		outs[idx[0]] = out
		if len(idx) == 1 {
			delete(pending, k)
		} else {
			pending[k] = idx[1:]
		}
	}
	return nil
}
