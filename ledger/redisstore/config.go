// Package redisstore keeps the engine's read model and snapshots in Redis,
// so that several API instances read the documents one engine per journal
// partition writes, and an engine restarts from its latest snapshot instead
// of replaying its whole journal. Redis is a cache: everything in it can be
// rebuilt from the journal.
package redisstore

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// Defaults of Config.
const (
	DefaultKeyPrefix       = "techcredit:"
	DefaultDialTimeout     = time.Second
	DefaultReadTimeout     = 500 * time.Millisecond
	DefaultWriteTimeout    = 5 * time.Second
	DefaultSnapshotTimeout = 2 * time.Minute
	DefaultPutChunkMax     = 2000
	DefaultMaxRetries      = 1
)

// Config is how to reach Redis and how long to wait for it. Zero fields
// take their defaults.
type Config struct {
	// Addr is the server's host:port (required).
	Addr string
	// Username and Password authenticate (AUTH, Redis 6 ACL users); empty
	// means none.
	Username string
	Password string
	// DB is the database number. Default 0.
	DB int
	// TLS, when set, connects over TLS with this configuration. Default
	// nil: plain TCP.
	TLS *tls.Config
	// KeyPrefix starts every key this package writes, so that several
	// deployments share one Redis. Default DefaultKeyPrefix ("techcredit:").
	KeyPrefix string
	// DialTimeout bounds opening one connection. Default 1 s.
	DialTimeout time.Duration
	// ReadTimeout bounds one read of the read model: while Redis is away,
	// API requests fail after it (503) instead of hanging. Default 500 ms.
	ReadTimeout time.Duration
	// WriteTimeout bounds one batch of read-model writes, and a probe of a
	// Redis that was away. Default 5 s.
	WriteTimeout time.Duration
	// SnapshotTimeout bounds saving or loading one snapshot (tens of
	// megabytes for 100,000 loans). Default 2 min.
	SnapshotTimeout time.Duration
	// PoolSize is the most connections open at once. Default 0: go-redis's
	// default, 10 per CPU.
	PoolSize int
	// MaxRetries is how often a failed command is retried. Default 1; -1
	// means never.
	MaxRetries int
	// PutChunkMax is the most documents written in one MULTI/EXEC round
	// trip; a larger Put (a rebuild) takes several. Default 2000.
	PutChunkMax int
}

// Validate reports a missing address or a negative limit.
func (c *Config) Validate() error {
	var errs []error
	if c.Addr == "" {
		errs = append(errs, errors.New("redis config: Addr is required"))
	} else if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("redis config: Addr %q: %v", c.Addr, err))
	}
	if strings.ContainsAny(c.KeyPrefix, " \t\r\n") {
		errs = append(errs, fmt.Errorf("redis config: KeyPrefix %q must not contain white space", c.KeyPrefix))
	}
	for name, d := range map[string]time.Duration{"DialTimeout": c.DialTimeout, "ReadTimeout": c.ReadTimeout,
		"WriteTimeout": c.WriteTimeout, "SnapshotTimeout": c.SnapshotTimeout} {
		if d < 0 {
			errs = append(errs, fmt.Errorf("redis config: %s must not be negative", name))
		}
	}
	if c.DB < 0 || c.PoolSize < 0 || c.PutChunkMax < 0 || c.MaxRetries < -1 {
		errs = append(errs, errors.New("redis config: DB, PoolSize and PutChunkMax must not be negative, MaxRetries not below -1"))
	}
	return errors.Join(errs...)
}

func (c *Config) setDefaults() {
	if c.KeyPrefix == "" {
		c.KeyPrefix = DefaultKeyPrefix
	}
	if c.DialTimeout == 0 {
		c.DialTimeout = DefaultDialTimeout
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = DefaultReadTimeout
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = DefaultWriteTimeout
	}
	if c.SnapshotTimeout == 0 {
		c.SnapshotTimeout = DefaultSnapshotTimeout
	}
	if c.MaxRetries == 0 {
		c.MaxRetries = DefaultMaxRetries
	}
	if c.PutChunkMax == 0 {
		c.PutChunkMax = DefaultPutChunkMax
	}
}
