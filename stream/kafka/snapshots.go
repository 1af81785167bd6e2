package kafka

import (
	"log/slog"
	"strconv"
	"time"

	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/snapshot"
)

// engineSnapshots is how the Kafka engine's partition runners snapshot.
type engineSnapshots struct {
	store    snapshot.Store
	every    int
	interval time.Duration
}

// UseSnapshots makes every partition's runner save snapshots to store
// (every records or interval, whichever first; zero values take the
// runner's defaults) and restore from them when it takes a partition
// over. Call it before Run. Each partition's snapshot is named after its
// journal topic and partition ("techcredit.journal-2").
func (k *Engine) UseSnapshots(store snapshot.Store, every int, interval time.Duration) {
	k.snapshots = engineSnapshots{store: store, every: every, interval: interval}
}

// runnerConfig is the configuration of partition p's runner.
func (k *Engine) runnerConfig(p int, log *slog.Logger) stream.RunnerConfig {
	return stream.RunnerConfig{BatchMax: k.cfg.BatchMax, Logger: log, ClaimOwnership: true,
		OwnsProgram:       func(id string) bool { return k.PartitionOf(id) == p },
		SnapshotPartition: k.cfg.Topic(TopicJournal) + "-" + strconv.Itoa(p),
		Snapshots:         k.snapshots.store, SnapshotEvery: k.snapshots.every, SnapshotInterval: k.snapshots.interval}
}
