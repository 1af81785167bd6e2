package stream

import (
	"log/slog"
	"strconv"
	"time"
)

// kafkaSnapshots is how the Kafka engine's partition runners snapshot.
type kafkaSnapshots struct {
	store    SnapshotStore
	every    int
	interval time.Duration
}

// UseSnapshots makes every partition's runner save snapshots to store
// (every records or interval, whichever first; zero values take the
// runner's defaults) and restore from them when it takes a partition
// over. Call it before Run. Each partition's snapshot is named after its
// journal topic and partition ("techcredit.journal-2").
func (k *KafkaEngine) UseSnapshots(store SnapshotStore, every int, interval time.Duration) {
	k.snapshots = kafkaSnapshots{store: store, every: every, interval: interval}
}

// runnerConfig is the configuration of partition p's runner.
func (k *KafkaEngine) runnerConfig(p int, log *slog.Logger) RunnerConfig {
	return RunnerConfig{BatchMax: k.cfg.BatchMax, Logger: log, ClaimOwnership: true,
		OwnsProgram:       func(id string) bool { return ProgramPartition(id, k.cfg.Partitions) == p },
		SnapshotPartition: k.cfg.Topic(TopicJournal) + "-" + strconv.Itoa(p),
		Snapshots:         k.snapshots.store, SnapshotEvery: k.snapshots.every, SnapshotInterval: k.snapshots.interval}
}
