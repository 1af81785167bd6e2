package stream

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/stream/journal"
)

// Fold replays a journal nobody writes (a stopped deployment's, or a Kafka
// journal partition) into a fresh engine, under the journal's rules of
// ownership and order (journal.Fold), with the checks of a writer's
// recovery: every input must give again the outcome journaled for it. No
// writer, read model or run loop is involved. A journal without programs
// fails with ErrNoPrograms.
func Fold(ctx context.Context, j journal.Journal) (*ledger.Engine, error) {
	return foldWith(ctx, j, foldRecord)
}

// foldWith replays j under journal.Fold, handing each record the fold
// takes to apply with the engine so far (nil before the first programs
// record); apply returns the engine after it. A journal without programs
// fails with ErrNoPrograms.
func foldWith(ctx context.Context, j journal.Journal,
	apply func(e *ledger.Engine, rec *journal.Record) (*ledger.Engine, error)) (*ledger.Engine, error) {
	var fold journal.Fold
	var engine *ledger.Engine
	next := func(rec *journal.Record) (err error) {
		engine, err = apply(engine, rec)
		return err
	}
	err := j.Replay(ctx, 0, func(rec journal.Record) error {
		if err := fold.Next(&rec, next); err != nil {
			return fmt.Errorf("journal record %d: %w", rec.Seq, err)
		}
		return nil
	})
	if err == nil && engine == nil {
		err = ErrNoPrograms
	}
	return engine, err
}

// foldRecord applies one record the fold takes to e (nil before the first
// programs record) and returns the engine.
func foldRecord(e *ledger.Engine, rec *journal.Record) (*ledger.Engine, error) {
	switch rec.Kind {
	case journal.KindClaim:
		return e, nil
	case journal.KindPrograms:
		return withPrograms(e, rec.Programs, rec.RulesVersion())
	case journal.KindInput:
		if e == nil {
			return nil, errors.New("input before any programs record")
		}
		_, err := replayInput(e, rec)
		return e, err
	default:
		return e, fmt.Errorf("unknown record kind %q", rec.Kind)
	}
}

// withPrograms parses a programs version under the rules version it was
// journaled under and puts it in force: in e, or in a new engine when e is
// nil.
func withPrograms(e *ledger.Engine, file []byte, rules int) (*ledger.Engine, error) {
	parse := risk.ParsePrograms
	if rules < ledger.RulesStrictJSON {
		parse = risk.ParseProgramsLenient
	}
	cfg, err := parse(bytes.NewReader(file))
	if err != nil {
		return e, err
	}
	if e == nil {
		return ledger.NewEngine(cfg), nil
	}
	return e, e.UpdatePrograms(cfg)
}

// replayInput applies a journaled input and checks that the engine gives
// again the outcome and postings journaled (journal.CheckOutcome); it
// returns the input.
func replayInput(e *ledger.Engine, rec *journal.Record) (journal.Item, error) {
	it := rec.Item()
	out, err := applyItem(e, it)
	if err != nil {
		return it, err
	}
	return it, journal.CheckOutcome(rec, out)
}

// applyItem hands an item to the engine, or records the transport's verdict.
func applyItem(e *ledger.Engine, it journal.Item) (ledger.Outcome, error) {
	if it.Reject != nil {
		return e.Reject(it.Raw, it.Meta, it.Reject.Code, it.Reject.Message), nil
	}
	return e.Apply(it.Raw, it.Meta)
}
