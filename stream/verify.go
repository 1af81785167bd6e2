package stream

import (
	"context"
	"errors"
	"io"
	"log/slog"

	"github.com/techcredit/techcredit/stream/journal"
)

// Verified is what Verify found in a journal that holds.
type Verified struct {
	Records int64  // records read
	Seq     int64  // the last record's Seq
	Fenced  int64  // records an old owner wrote after it was fenced off (Kafka)
	Chained bool   // the journal has the hash chain
	Head    string // the hash of the last record ("" before the chain)
}

// ErrUnreadable wraps what keeps Verify from reading the journal at all
// (techcredit verify exits 2), as against a record that does not hold (1).
var ErrUnreadable = errors.New("the journal cannot be read")

// Verify walks a whole journal as a replay from nothing does and checks
// every record (SPEC §14): its hash against its bytes, the chain from the
// record before, the journal's order and fencing rules, and the paired
// check, re-applying each input with a fresh engine and comparing outcome,
// code and postings with the record. It returns the first record that does
// not hold, named in the error.
func Verify(ctx context.Context, j journal.Journal) (Verified, error) {
	if _, err := j.LastSeq(ctx); err != nil {
		return Verified{}, errors.Join(ErrUnreadable, err)
	}
	r := NewRunner(j, nil, RunnerConfig{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	n, err := r.replayJournal(ctx)
	v := Verified{Records: n, Seq: r.fold.Seq, Fenced: r.fold.Fenced, Chained: r.fold.Chained, Head: r.fold.Head}
	return v, err
}
