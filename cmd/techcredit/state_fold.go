package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
)

// foldJournal replays a journal nobody writes into a fresh engine, under
// the journal's rules of ownership and order (journal.Fold): no writer, no
// read model, no run loop. Every input must give again the outcome
// journaled for it, as in a writer's recovery.
func foldJournal(ctx context.Context, j journal.Journal) (*ledger.Engine, error) {
	var fold journal.Fold
	var engine *ledger.Engine
	apply := func(rec *journal.Record) (err error) {
		engine, err = applyJournaled(engine, rec)
		return err
	}
	err := j.Replay(ctx, 0, func(rec journal.Record) error {
		if err := fold.Next(&rec, apply); err != nil {
			return fmt.Errorf("journal record %d: %w", rec.Seq, err)
		}
		return nil
	})
	if err == nil && engine == nil {
		err = stream.ErrNoPrograms
	}
	return engine, err
}

// applyJournaled applies one record the fold takes to e (nil before the
// first programs record) and returns the engine.
func applyJournaled(e *ledger.Engine, rec *journal.Record) (*ledger.Engine, error) {
	switch rec.Kind {
	case journal.KindClaim:
		return e, nil
	case journal.KindPrograms:
		parse := risk.ParsePrograms
		if rec.RulesVersion() < ledger.RulesStrictJSON {
			parse = risk.ParseProgramsLenient
		}
		cfg, err := parse(bytes.NewReader(rec.Programs))
		if err != nil {
			return e, err
		}
		if e == nil {
			return ledger.NewEngine(cfg), nil
		}
		return e, e.UpdatePrograms(cfg)
	case journal.KindInput:
		if e == nil {
			return e, errors.New("input before any programs record")
		}
		return e, checkOutcome(e, rec)
	default:
		return e, fmt.Errorf("unknown record kind %q", rec.Kind)
	}
}

// checkOutcome applies a journaled input and compares its outcome.
func checkOutcome(e *ledger.Engine, rec *journal.Record) error {
	it := rec.Item()
	var out ledger.Outcome
	if it.Reject != nil {
		out = e.Reject(it.Raw, it.Meta, it.Reject.Code, it.Reject.Message)
	} else {
		var err error
		if out, err = e.Apply(it.Raw, it.Meta); err != nil {
			return err
		}
	}
	code := ""
	if out.Code != ledger.CodeNone {
		code = out.Code.String()
	}
	if out.Status.String() != rec.Status || code != rec.Code {
		return fmt.Errorf("replay gave %s %s, the journal says %s %s: the engine is not deterministic or the journal was altered",
			out.Status, code, rec.Status, rec.Code)
	}
	return nil
}
