package bolt

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/techcredit/techcredit/stream/journal"
)

// File is the journal's file name under the data directory.
const File = "journal.db"

var bucketRecords = []byte("records")

// Journal is the embedded journal: one bbolt file, one record per key
// (the big-endian Seq), a batch per transaction, so one fsync per batch
// (group commit). bbolt's copy-on-write pages make a torn write at a crash
// invisible: the file holds every committed batch and nothing else.
type Journal struct {
	db *bbolt.DB
}

// Open opens or creates the journal under dir. Another process
// holding the file makes it fail after timeout instead of waiting forever.
func Open(dir string, timeout time.Duration) (*Journal, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("journal directory: %w", err)
	}
	if err := checkNotTruncated(filepath.Join(dir, File)); err != nil {
		return nil, err
	}
	db, err := bbolt.Open(filepath.Join(dir, File), 0o640, &bbolt.Options{Timeout: timeout})
	if err != nil {
		return nil, fmt.Errorf("open journal %s: %w", filepath.Join(dir, File), err)
	}
	if err := db.Update(func(tx *bbolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketRecords)
		return err
	}); err != nil {
		db.Close()
		return nil, fmt.Errorf("open journal: %w", err)
	}
	return &Journal{db: db}, nil
}

func seqKey(seq int64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], uint64(seq))
	return k[:]
}

// Append writes the records in one transaction.
func (j *Journal) Append(_ context.Context, recs []journal.Record) error {
	if len(recs) == 0 {
		return nil
	}
	return j.db.Update(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketRecords)
		next := int64(1)
		if k, _ := b.Cursor().Last(); k != nil {
			next = int64(binary.BigEndian.Uint64(k)) + 1
		}
		for i := range recs {
			if recs[i].Seq != next {
				return fmt.Errorf("journal append: record seq %d, want %d", recs[i].Seq, next)
			}
			v, err := journal.Encode(&recs[i])
			if err != nil {
				return err
			}
			if err := b.Put(seqKey(next), v); err != nil {
				return err
			}
			next++
		}
		return nil
	})
}

// errStopReplay lets a replay end early without an error.
var errStopReplay = errors.New("stop replay")

// Replay reads the records after the given Seq in order.
func (j *Journal) Replay(ctx context.Context, after int64, fn func(journal.Record) error) error {
	return j.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketRecords).Cursor()
		for k, v := c.Seek(seqKey(after + 1)); k != nil; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			rec, err := journal.Decode(v)
			if err != nil {
				return fmt.Errorf("record %d: %w", binary.BigEndian.Uint64(k), err)
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// LastSeq returns the Seq of the last record.
func (j *Journal) LastSeq(_ context.Context) (int64, error) {
	var last int64
	err := j.db.View(func(tx *bbolt.Tx) error {
		if k, _ := tx.Bucket(bucketRecords).Cursor().Last(); k != nil {
			last = int64(binary.BigEndian.Uint64(k))
		}
		return nil
	})
	return last, err
}

// The embedded journal is a journal.
var _ journal.Journal = (*Journal)(nil)

// Close closes the file.
func (j *Journal) Close() error { return j.db.Close() }

// ErrTruncated: the journal file ends before the pages its last
// committed transaction uses, so committed records are missing. The
// journal is refused: nothing may be applied on top of a lost history.
var ErrTruncated = errors.New("journal file is truncated")
