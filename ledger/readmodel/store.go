package readmodel

import (
	"context"

	"github.com/techcredit/techcredit/ledger"
)

// Store is the read model as the single writers see it. It is shared by
// the writers of every journal partition (the Kafka mode runs several in
// one process), and each writes through the PartitionStore of its own
// partition, so that a loss one partition notices is its own to repair.
// Memory and redisstore.Store satisfy it.
type Store interface {
	ForPartition(partition string) PartitionStore
}

// PartitionStore receives one journal partition's documents. The read
// model is a cache of the engine's documents: when a Put fails (Redis
// stopped), the writer stops sending updates, probes with Ping every
// retry interval, and once it answers sends every document in one
// Rebuild. Intact lets it notice, between inputs, a read model that lost
// its documents while nothing was written (Redis restarted empty).
type PartitionStore interface {
	// Put stores a batch of refreshed documents. It may fail after storing
	// them, to tell that earlier documents were lost: the writer rebuilds.
	Put(ctx context.Context, v ledger.Views) error
	// Rebuild stores every document of the partition and records that the
	// read model holds them all.
	Rebuild(ctx context.Context, v ledger.Views) error
	// Ping is a cheap probe: nil once the read model answers again.
	Ping(ctx context.Context) error
	// Intact reports, without a write, whether the read model still holds
	// what it was given. An error proves nothing either way.
	Intact(ctx context.Context) (bool, error)
}
