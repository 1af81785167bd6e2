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
//   - any other record must carry the next Seq;
//   - and continue the hash chain (chain.go): its prev is the hash of the
//     record folded in before it, and once a record with a hash was folded
//     in, every record after it has one (a journal written before the
//     chain starts it at its first record with a hash, whose prev is "").
//
// The zero Fold is the start of a journal; a fold that starts after
// records it did not read (a snapshot's anchor) sets Head to "" and
// Resumed, and takes its first record's prev as given.
type Fold struct {
	Seq    int64 // Seq of the last record folded in
	Epoch  int64 // the highest ownership epoch claimed
	Fenced int64 // records skipped because an owner wrote them after it was fenced off
	// Head is the hash of the last record folded in ("" before the chain).
	Head string
	// Chained: a record with a hash was folded in.
	Chained bool
	// Resumed: the fold began after records it did not read, so its first
	// record's prev cannot be checked here.
	Resumed bool
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
	if err := f.checkChain(rec); err != nil {
		return err
	}
	if rec.Kind == KindClaim {
		f.Epoch = rec.Epoch
	}
	if err := apply(rec); err != nil {
		return err
	}
	f.Took(rec)
	return nil
}

// Took advances the fold past rec, a record the fold took or that its own
// writer journaled after it (sealed with Head).
func (f *Fold) Took(rec *Record) {
	f.Seq, f.Resumed = rec.Seq, false
	if rec.Kind == KindClaim && rec.Epoch > f.Epoch {
		f.Epoch = rec.Epoch
	}
	if rec.Hash != "" {
		f.Head, f.Chained = rec.Hash, true
	}
}

// checkChain tells whether rec continues the chain. Its own hash was
// checked against its bytes when it was decoded.
func (f *Fold) checkChain(rec *Record) error {
	switch {
	case rec.Hash == "" && f.Chained:
		return fmt.Errorf("%w: the record has no hash, after the chain began", ErrChain)
	case rec.Hash == "":
		return nil
	case f.Resumed && !f.Chained:
		return nil
	case rec.Prev != f.Head:
		return fmt.Errorf("%w: the record does not follow record %d (its prev is not that record's hash): a record was changed, removed or inserted",
			ErrChain, f.Seq)
	}
	return nil
}
