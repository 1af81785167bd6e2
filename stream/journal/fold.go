package journal

import (
	"errors"
	"fmt"
)

// ErrOutOfOrder: a record's Seq does not continue the fold, and it is
// neither fenced off nor a retried copy. The journal was altered, or is
// not the one the fold began on.
var ErrOutOfOrder = errors.New("out of order")

// Fold applies the journal's rules of ownership and order to the records
// a replay reads, the one place they are written:
//
//   - a claim record (KindClaim) starts a new ownership epoch; a record of
//     an older epoch was written by an owner that had already lost the
//     journal (Kafka) and is not part of the fold (counted in Fenced);
//   - a record of the current epoch whose Seq the fold already has is a
//     copy of a produce retried after it had in fact succeeded (the single
//     writer never reuses a Seq) and is skipped;
//   - any other record must carry the next Seq.
//
// The zero Fold is the start of a journal.
type Fold struct {
	Seq    int64 // Seq of the last record folded in
	Epoch  int64 // the highest ownership epoch claimed
	Fenced int64 // records skipped because an owner wrote them after it was fenced off
}

// Next folds rec in: it skips rec, or fails with ErrOutOfOrder, or calls
// apply with it (after a claim's epoch is in force) and, when apply
// succeeds, advances Seq. A claim's epoch stays in force even when apply
// fails; the fold is then to be abandoned.
func (f *Fold) Next(rec *Record, apply func(*Record) error) error {
	if rec.Epoch < f.Epoch {
		// Its inputs are consumed again after the resume offset.
		f.Fenced++
		return nil
	}
	if rec.Seq <= f.Seq && rec.Epoch == f.Epoch && rec.Kind != KindClaim {
		return nil
	}
	if rec.Seq != f.Seq+1 {
		return fmt.Errorf("%w: want seq %d", ErrOutOfOrder, f.Seq+1)
	}
	if rec.Kind == KindClaim {
		f.Epoch = rec.Epoch
	}
	if err := apply(rec); err != nil {
		return err
	}
	f.Seq = rec.Seq
	return nil
}
