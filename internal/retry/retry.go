// Package retry tries an operation a bounded number of times with
// doubling waits: how ingest and its tests resend a batch of inputs, which
// is safe because inputs carry their ids (a batch sent twice is applied
// once).
package retry

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Limits of Do.
const (
	AttemptsMax = 6                      // tries of one operation
	WaitFirst   = 200 * time.Millisecond // wait after the first failure
	WaitMax     = 5 * time.Second        // longest wait between tries
)

// ErrPermanent marks an error that another try cannot fix: Do returns it
// at once. Wrap it: fmt.Errorf("%w: ...", retry.ErrPermanent).
var ErrPermanent = errors.New("not retried")

// Do calls fn until it succeeds, fails with ErrPermanent, ctx ends or
// AttemptsMax tries failed.
func Do(ctx context.Context, fn func() error) error {
	wait := WaitFirst
	var err error
	for attempt := 1; attempt <= AttemptsMax; attempt++ {
		if err = fn(); err == nil || errors.Is(err, ErrPermanent) {
			return err
		}
		if attempt == AttemptsMax {
			break
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(2*wait, WaitMax)
	}
	return fmt.Errorf("after %d attempts: %w", AttemptsMax, err)
}
