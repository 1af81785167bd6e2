package redisstore

import (
	"context"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

// PartitionWriter writes the read-model documents of one journal
// partition. Beside the documents it keeps a marker key,
// P alive:<partition>, set by every rebuild: when Redis loses its data (a
// restart without persistence, a flush), the marker goes with it, the next
// Put fails with ErrReadModelLost, and the partition's runner rebuilds its
// documents. Each writer has its own marker, so the loss is noticed by
// every partition, not only by the first to write.
type PartitionWriter struct {
	s     *Store
	alive string
}

// ForPartition returns the writer of one partition's documents (the
// runner asks for it: readmodel.Store).
func (s *Store) ForPartition(partition string) readmodel.PartitionStore {
	return &PartitionWriter{s: s, alive: s.k("alive:" + esc(partition))}
}

// Put stores refreshed documents; ErrReadModelLost (after storing them)
// when the documents of earlier Puts were lost.
func (w *PartitionWriter) Put(ctx context.Context, v ledger.Views) error {
	return w.s.put(ctx, v, w.alive, "")
}

// Rebuild stores every document of the partition and marks them present.
func (w *PartitionWriter) Rebuild(ctx context.Context, v ledger.Views) error {
	return w.s.put(ctx, v, "", w.alive)
}

// Intact reports whether the partition's documents are still there (its
// marker key exists): the runner asks between inputs, so that a Redis
// that restarted empty is rebuilt even while no input arrives.
func (w *PartitionWriter) Intact(ctx context.Context) (bool, error) {
	n, err := w.s.rdb.Exists(ctx, w.alive).Result()
	return n == 1, err
}

// Ping checks that Redis answers.
func (w *PartitionWriter) Ping(ctx context.Context) error { return w.s.Ping(ctx) }
