package main

import (
	"crypto/tls"
	"flag"
	"log/slog"
	"net"
	"time"

	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/ledger/redisstore"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/kafka"
	"github.com/techcredit/techcredit/stream/snapshot"
)

// RedisFlags are the serve flags of the Redis read model and snapshots.
// Without --redis-addr the read model is in memory and no snapshots are
// taken (the embedded default): a restart replays the whole journal.
type RedisFlags struct {
	Addr             string        // --redis-addr: read model and snapshots in Redis
	Password         string        // --redis-password (better TECHCREDIT_REDIS_PASSWORD: flags show in ps)
	TLS              bool          // --redis-tls
	Prefix           string        // --redis-prefix
	SnapshotEvery    int           // --snapshot-every: journal records between snapshots
	SnapshotInterval time.Duration // --snapshot-interval
}

func (f *RedisFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.Addr, "redis-addr", "", "Redis host:port: read model and engine snapshots in Redis (default: read model in memory, no snapshots)")
	fs.StringVar(&f.Password, "redis-password", "", "Redis password (prefer the environment variable TECHCREDIT_REDIS_PASSWORD)")
	fs.BoolVar(&f.TLS, "redis-tls", false, "connect to Redis over TLS")
	fs.StringVar(&f.Prefix, "redis-prefix", redisstore.DefaultKeyPrefix, "prefix of every Redis key (several deployments on one Redis)")
	fs.IntVar(&f.SnapshotEvery, "snapshot-every", stream.DefaultSnapshotEvery, "journal records between two engine snapshots (with --redis-addr)")
	fs.DurationVar(&f.SnapshotInterval, "snapshot-interval", stream.DefaultSnapshotInterval, "longest time between two engine snapshots (with --redis-addr)")
}

// views is what serve needs of a read model: the writer stores documents
// in it, the API reads them.
type views interface {
	readmodel.Store
	readmodel.Reader
}

// readModel is the read model and, with Redis, the snapshot store (nil
// without: no snapshots are taken).
type readModel struct {
	views     views
	snapshots snapshot.Store
	close     func()
}

// openReadModel returns Redis with --redis-addr, else the in-memory read
// model and no snapshots. Redis may be away at start: the engine journals
// meanwhile and rebuilds the read model once Redis answers.
func openReadModel(f RedisFlags, log *slog.Logger) (readModel, error) {
	if f.Addr == "" {
		return readModel{views: readmodel.NewMemory(), close: func() {}}, nil
	}
	cfg := redisstore.Config{Addr: f.Addr, Password: f.Password, KeyPrefix: f.Prefix}
	if f.TLS {
		host, _, _ := net.SplitHostPort(f.Addr)
		cfg.TLS = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	store, err := redisstore.New(cfg)
	if err != nil {
		return readModel{}, err
	}
	redisstore.RouteClientLogs(log)
	log.Info("redis read model and snapshots", "addr", f.Addr, "prefix", f.Prefix, "tls", f.TLS,
		"snapshot_every", f.SnapshotEvery, "snapshot_interval", f.SnapshotInterval.String())
	return readModel{views: store, snapshots: store, close: func() { store.Close() }}, nil
}

// runnerConfig adds the snapshot settings to a runner's configuration.
func (rm readModel) runnerConfig(f RedisFlags, cfg stream.RunnerConfig) stream.RunnerConfig {
	if rm.snapshots != nil {
		cfg.Snapshots, cfg.SnapshotEvery, cfg.SnapshotInterval = rm.snapshots, f.SnapshotEvery, f.SnapshotInterval
	}
	return cfg
}

// useSnapshots makes the Kafka engine's partition writers take snapshots.
func (rm readModel) useSnapshots(f RedisFlags, k *kafka.Engine) {
	if rm.snapshots != nil {
		k.UseSnapshots(rm.snapshots, f.SnapshotEvery, f.SnapshotInterval)
	}
}
