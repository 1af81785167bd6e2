package bolt

import (
	"errors"
	"fmt"
	"runtime/debug"

	bbolt "go.etcd.io/bbolt"
)

// ErrDamaged: the journal file's pages are not a bbolt database any more
// (a disk error, bytes written over it): the file is refused with the
// page or the operation where it showed, never read on as if whole.
var ErrDamaged = errors.New("journal file is damaged")

// guard turns what bbolt does on a damaged file into ErrDamaged: bbolt
// panics on a page of the wrong type and reads wherever a garbled page id
// points, which faults when it points past the file (SIGBUS, SIGSEGV:
// turned into panics for the calling goroutine by SetPanicOnFault). Call
// it as `defer guard(&err, "what")()` in the goroutine that reads bbolt.
func guard(err *error, what string) func() {
	old := debug.SetPanicOnFault(true)
	return func() {
		debug.SetPanicOnFault(old)
		if v := recover(); v != nil {
			if c, ok := v.(callerPanic); ok {
				panic(c.v) // not bbolt's: a bug of the caller's function
			}
			*err = fmt.Errorf("%w (%s): %v; restore it from a backup, or check it with `techcredit verify`", ErrDamaged, what, v)
		}
	}
}

// callerPanic carries a panic of a callback that Replay runs inside a
// guarded transaction, so that guard does not mistake it for damage.
type callerPanic struct{ v any }

// callGuarded runs fn, a caller's callback, marking a panic of its own.
func callGuarded[T any](fn func(T) error, v T) (err error) {
	defer func() {
		if p := recover(); p != nil {
			panic(callerPanic{p})
		}
	}()
	return fn(v)
}

// checkFile reads every page the journal reaches, then runs bbolt's own
// consistency check (freelist, reachability, key order). The walk comes
// first and in this goroutine, where a fault is caught: bbolt checks in a
// goroutine of its own, where a garbled page id would end the process.
func checkFile(db *bbolt.DB) (err error) {
	defer guard(&err, "checking the file")()
	return db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketRecords)
		if b == nil {
			return nil // a new file: the bucket is created next
		}
		if err := b.ForEach(func(k, _ []byte) error {
			if len(k) != 8 {
				return fmt.Errorf("%w: a key of %d bytes", ErrDamaged, len(k))
			}
			return nil
		}); err != nil {
			return err
		}
		var first error
		for e := range tx.Check() { // drained whole: the checker stops only then
			if first == nil {
				first = fmt.Errorf("%w: %v; restore it from a backup", ErrDamaged, e)
			}
		}
		return first
	})
}
