package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/techcredit/techcredit/stream/snapshot"
)

func (s *Store) snapshotKey(partition string) string { return s.k("snapshot:" + esc(partition)) }

// Save replaces the partition's snapshot in one MULTI/EXEC: the snapshot
// in its stored form (field data, checksummed) and, for operators, its
// journal seq, epoch, programs version, size and time. A reader sees the
// old snapshot or the new one, never a mix.
func (s *Store) Save(ctx context.Context, partition string, snap snapshot.Snapshot) error {
	b, err := snap.MarshalBinary()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.SnapshotTimeout)
	defer cancel()
	key := s.snapshotKey(partition)
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, key)
		p.HSet(ctx, key, "data", b, "journal_seq", snap.JournalSeq, "epoch", snap.Epoch,
			"programs_version", snap.ProgramsVersion, "bytes", len(b), "saved_at", time.Now().UTC().Format(time.RFC3339))
		return nil
	})
	if err != nil {
		return fmt.Errorf("redis snapshot %s: %w", partition, err)
	}
	return nil
}

// Latest returns the partition's snapshot, snapshot.ErrNotFound when there
// is none, or an error wrapping ledger.ErrInvalidSnapshot when its bytes
// are damaged.
func (s *Store) Latest(ctx context.Context, partition string) (snapshot.Snapshot, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.SnapshotTimeout)
	defer cancel()
	b, err := s.rdb.HGet(ctx, s.snapshotKey(partition), "data").Bytes()
	if errors.Is(err, redis.Nil) {
		return snapshot.Snapshot{}, snapshot.ErrNotFound
	}
	if err != nil {
		return snapshot.Snapshot{}, fmt.Errorf("redis snapshot %s: %w", partition, err)
	}
	var snap snapshot.Snapshot
	if err := snap.UnmarshalBinary(b); err != nil {
		return snapshot.Snapshot{}, fmt.Errorf("redis snapshot %s: %w", partition, err)
	}
	return snap, nil
}

// SnapshotInfo is what an operator sees of a stored snapshot without
// loading it.
type SnapshotInfo struct {
	JournalSeq      int64
	Epoch           int64
	ProgramsVersion string
	Bytes           int64
	SavedAt         string
}

// SnapshotInfo reads the metadata of the partition's snapshot; false when
// there is none.
func (s *Store) SnapshotInfo(ctx context.Context, partition string) (SnapshotInfo, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ReadTimeout)
	defer cancel()
	vals, err := s.rdb.HMGet(ctx, s.snapshotKey(partition), "journal_seq", "epoch", "programs_version", "bytes", "saved_at").Result()
	if err != nil {
		return SnapshotInfo{}, false, fmt.Errorf("redis snapshot %s: %w", partition, err)
	}
	if vals[0] == nil {
		return SnapshotInfo{}, false, nil
	}
	str := func(i int) string { v, _ := vals[i].(string); return v }
	num := func(i int) int64 { n, _ := strconv.ParseInt(str(i), 10, 64); return n }
	return SnapshotInfo{JournalSeq: num(0), Epoch: num(1), ProgramsVersion: str(2), Bytes: num(3), SavedAt: str(4)}, true, nil
}
