package stream

import (
	"context"
	"fmt"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

// FoldHooks are what FoldAsOf asks of its caller: which inputs to apply
// and what to do after each one.
type FoldHooks struct {
	// Take reports whether an input record is part of the fold (a report
	// "as of" a date takes the inputs dated on or before it). Nil: all.
	Take func(rec *journal.Record) bool
	// After sees each applied, duplicate or rejected input taken, with the
	// engine right after it. Nil: nothing.
	After func(e *ledger.Engine, it journal.Item, out ledger.Outcome) error
}

// FoldAsOf folds a journal like Fold, applying only the input records
// hooks.Take takes and showing each one's outcome to hooks.After. Until the
// first record left out, every input must give again its journaled outcome
// (the tamper check of Fold); after one, later inputs may rightly be judged
// otherwise (a repayment of a loan disbursed after the date is unknown_loan),
// so they are applied unchecked.
func FoldAsOf(ctx context.Context, j journal.Journal, hooks FoldHooks) (*ledger.Engine, error) {
	skipped := false
	return foldWith(ctx, j, func(engine *ledger.Engine, rec *journal.Record) (*ledger.Engine, error) {
		if rec.Kind != journal.KindInput {
			return foldRecord(engine, rec)
		}
		if engine == nil {
			return nil, fmt.Errorf("input before any programs record")
		}
		if hooks.Take != nil && !hooks.Take(rec) {
			skipped = true
			return engine, nil
		}
		it := rec.Item()
		out, err := applyItem(engine, it)
		if err == nil && !skipped {
			err = journal.CheckOutcome(rec, out)
		}
		if err == nil && hooks.After != nil {
			err = hooks.After(engine, it, out)
		}
		return engine, err
	})
}
