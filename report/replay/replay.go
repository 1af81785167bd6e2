// Package replay folds journals for reports: each journal (a Kafka
// partition, or the embedded journal) into an engine as of a date, with a
// report.Recorder watching every input on the way.
package replay

import (
	"context"
	"errors"
	"fmt"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/report"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
)

// Progress, when set, is told the inputs folded so far (every
// ProgressEvery of them, and once at the end of each journal).
type Progress func(inputs int64)

// ProgressEvery is how often a fold reports progress, in inputs.
const ProgressEvery = 10000

// Books folds each journal as of to ("": all of it) and returns one book
// per journal that has programs; a journal nothing was ever written to is
// left out. It fails when none has programs.
func Books(ctx context.Context, journals []journal.Journal, to string, progress Progress) ([]*report.Book, error) {
	var books []*report.Book
	var total int64
	for i, j := range journals {
		rec := report.NewRecorder(to)
		e, err := stream.FoldAsOf(ctx, j, stream.FoldHooks{
			Take: func(r *journal.Record) bool { return rec.Take(r.Item().Raw) },
			After: func(e *ledger.Engine, _ journal.Item, out ledger.Outcome) error {
				if progress != nil && (total+rec.Inputs)%ProgressEvery == 0 {
					progress(total + rec.Inputs)
				}
				return rec.Observe(e, out)
			},
		})
		if errors.Is(err, stream.ErrNoPrograms) {
			continue
		}
		if err != nil {
			if len(journals) > 1 {
				return nil, fmt.Errorf("journal partition %d: %w", i, err)
			}
			return nil, err
		}
		total += rec.Inputs
		if progress != nil {
			progress(total)
		}
		books = append(books, &report.Book{Engine: e, Recorder: rec})
	}
	if len(books) == 0 {
		return nil, stream.ErrNoPrograms
	}
	return books, nil
}

// Build folds the journals as of q.To and builds the report.
func Build(ctx context.Context, journals []journal.Journal, q report.Query, progress Progress) (*report.Table, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	books, err := Books(ctx, journals, q.To, progress)
	if err != nil {
		return nil, err
	}
	return report.Build(books, q)
}
