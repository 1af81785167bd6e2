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
//
// A damaged file is refused (ErrDamaged, ErrTruncated), never read on: the
// meta pages must both be whole, and every page the journal reaches is read
// and checked with bbolt's consistency check before a record is (for a
// journal of a million records, a second or so at each start).
func Open(dir string, timeout time.Duration) (j *Journal, err error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("journal directory: %w", err)
	}
	path := filepath.Join(dir, File)
	if mp, exists, err := readMetaPages(path); err != nil {
		return nil, err
	} else if exists {
		if err := checkNotTruncated(path, mp); err != nil {
			return nil, err
		}
		if err := checkMetaPages(path, mp); err != nil {
			return nil, err
		}
	}
	var db *bbolt.DB
	func() {
		defer guard(&err, "opening "+path)()
		db, err = bbolt.Open(path, 0o640, &bbolt.Options{Timeout: timeout})
	}()
	if err != nil {
		return nil, fmt.Errorf("open journal %s: %w", path, err)
	}
	if err := checkFile(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open journal %s: %w", path, err)
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
func (j *Journal) Append(_ context.Context, recs []journal.Record) (err error) {
	if len(recs) == 0 {
		return nil
	}
	defer guard(&err, "appending")()
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
func (j *Journal) Replay(ctx context.Context, after int64, fn func(journal.Record) error) (err error) {
	defer guard(&err, "reading records")()
	return j.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketRecords).Cursor()
		for k, v := c.Seek(seqKey(after + 1)); k != nil; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			if len(k) != 8 {
				return fmt.Errorf("%w: a key of %d bytes after record %d", ErrDamaged, len(k), after)
			}
			seq := int64(binary.BigEndian.Uint64(k))
			rec, err := journal.Decode(v)
			if err != nil {
				return fmt.Errorf("journal record %d: %w", seq, err)
			}
			if rec.Seq != seq {
				return fmt.Errorf("%w: the record under key %d says seq %d", ErrDamaged, seq, rec.Seq)
			}
			if err := callGuarded(fn, rec); err != nil {
				return err
			}
			after = seq
		}
		return nil
	})
}

// LastSeq returns the Seq of the last record.
func (j *Journal) LastSeq(_ context.Context) (last int64, err error) {
	defer guard(&err, "reading the last record")()
	err = j.db.View(func(tx *bbolt.Tx) error {
		if k, _ := tx.Bucket(bucketRecords).Cursor().Last(); k != nil {
			last = int64(binary.BigEndian.Uint64(k))
		}
		return nil
	})
	return last, err
}

// CommittedBytes is the size of file that the last committed transaction
// needs, as bbolt reads it (its high-water mark of pages).
func (j *Journal) CommittedBytes() (n int64, err error) {
	defer guard(&err, "reading the size")()
	err = j.db.View(func(tx *bbolt.Tx) error { n = tx.Size(); return nil })
	return n, err
}

// The embedded journal is a journal.
var _ journal.Journal = (*Journal)(nil)

// Close closes the file.
func (j *Journal) Close() error { return j.db.Close() }

// ErrTruncated: the journal file ends before the pages its last
// committed transaction uses, so committed records are missing. The
// journal is refused: nothing may be applied on top of a lost history.
var ErrTruncated = errors.New("journal file is truncated")
