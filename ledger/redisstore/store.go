package redisstore

import (
	"context"
	"fmt"
	"net/url"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// Store is a Redis read model (it satisfies readmodel.Reader and readmodel.Store)
// and a snapshot store (stream.SnapshotStore). It is safe for concurrent
// use. Key layout, under Config.KeyPrefix (P):
//
//	P doc:<kind>                              hash id → JSON document; kind: program, claim, loan, project
//	P doc:guarantor:<id>                      hash journal partition → the guarantor's part (merged on read)
//	P ids:<kind>                              sorted set of every id (score 0, ordered by id: cursor pages)
//	P ids:claim:status:<s>                    claims by status
//	P ids:claim:program:<p>                   claims by program
//	P ids:claim:program:<p>:status:<s>        claims by program and status
//	P ids:claim:bank:<b>                      claims by bank; with :program:<p>, :status:<s> or both
//	                                          appended, by bank and program, status or both
//	P ids:loan:bank:<b>                       loans by bank
//	P ids:project:sector:<s>                  projects by sector, by stage, by both
//	P ids:project:stage:<st>
//	P ids:project:sector:<s>:stage:<st>
//	P idx:project                             hash id → the index sets the project is in (to move it)
//	P <an ids: set>:by:amount, :by:date       its documents in another order (sorted.go); claims,
//	                                          loans, projects, filings, subsidies, enterprises
//	P idx:<kind>:pos                          hash id → the document's positions when last written
//	P snapshot:<partition>                    hash: data (the snapshot), journal_seq, epoch, programs_version, bytes, saved_at
//
// Variable parts are query-escaped, so no id can forge another key.
// Scripts touch keys they compute, so the store needs one Redis (or one
// cluster slot), not a cluster spread over nodes.
type Store struct {
	cfg Config
	rdb *redis.Client
}

// New returns a store for cfg. It does not connect: Redis may be away at
// start and come later (the engine keeps journaling meanwhile).
func New(cfg Config) (*Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.setDefaults()
	// Socket deadlines are the longest bound (a snapshot); each call
	// carries its own, shorter context deadline.
	socket := max(cfg.SnapshotTimeout, cfg.WriteTimeout, cfg.ReadTimeout)
	rdb := redis.NewClient(&redis.Options{
		Addr: cfg.Addr, Username: cfg.Username, Password: cfg.Password, DB: cfg.DB, TLSConfig: cfg.TLS,
		DialTimeout: cfg.DialTimeout, DialerRetries: 1, ReadTimeout: socket, WriteTimeout: socket,
		ContextTimeoutEnabled: true, PoolSize: cfg.PoolSize, PoolTimeout: cfg.WriteTimeout,
		MaxRetries: cfg.MaxRetries, DisableIdentity: true,
		MaintNotificationsConfig: &maintnotifications.Config{Mode: maintnotifications.ModeDisabled},
	})
	return &Store{cfg: cfg, rdb: rdb}, nil
}

// Close closes the connections.
func (s *Store) Close() error { return s.rdb.Close() }

// Ping checks that Redis answers, within WriteTimeout at most.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.WriteTimeout)
	defer cancel()
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis %s: %w", s.cfg.Addr, err)
	}
	return nil
}

// Client is the underlying client (tests, tools).
func (s *Store) Client() *redis.Client { return s.rdb }

// KeyPrefix is the prefix of every key of this store.
func (s *Store) KeyPrefix() string { return s.cfg.KeyPrefix }

// k joins the prefix and fixed key words.
func (s *Store) k(words string) string { return s.cfg.KeyPrefix + words }

// esc escapes a variable part of a key (an id, a status, a sector).
func esc(v string) string { return url.QueryEscape(v) }
