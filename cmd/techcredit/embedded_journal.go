package main

import (
	"errors"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/techcredit/techcredit/stream/journal/bolt"
)

// errServeHolds: a running serve holds the embedded journal, and bbolt
// lets one process at a time open it.
var errServeHolds = errors.New("serve holds the journal")

// openStoppedJournal opens the embedded journal under dir for a command
// that reads it, waiting a second at most: errServeHolds when serve has
// it open.
func openStoppedJournal(dir string) (*bolt.Journal, error) {
	j, err := bolt.Open(dir, time.Second)
	if errors.Is(err, bbolt.ErrTimeout) {
		err = errServeHolds
	}
	if err != nil {
		return nil, err
	}
	return j, nil
}
