package journal

import "context"

// Journal is the book of record: an append-only sequence of records
// numbered from 1. Append returns once the records are durable.
type Journal interface {
	// Append writes records whose Seq continue the journal, in one durable
	// write (one fsync, or one acknowledged produce).
	Append(ctx context.Context, recs []Record) error
	// Replay calls fn for every record with Seq > after, in order.
	Replay(ctx context.Context, after int64, fn func(Record) error) error
	// LastSeq is the Seq of the last record, 0 for an empty journal.
	LastSeq(ctx context.Context) (int64, error)
	Close() error
}
