package retry

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestDo(t *testing.T) {
	transient := errors.New("broker away")
	for _, tc := range []struct {
		name      string
		failures  int   // calls that fail before one succeeds (each waits: keep it small)
		err       error // what they fail with
		wantCalls int
		wantErr   error
	}{
		{"first try", 0, transient, 1, nil},
		{"second try", 1, transient, 2, nil},
		{"permanent", AttemptsMax, fmt.Errorf("%w: 400", ErrPermanent), 1, ErrPermanent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			err := Do(context.Background(), func() error {
				calls++
				if calls <= tc.failures {
					return tc.err
				}
				return nil
			})
			if calls != tc.wantCalls || !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Errorf("got %d calls and %v, want %d calls and %v", calls, err, tc.wantCalls, tc.wantErr)
			}
		})
	}
}

// TestDoStopsWithTheContext: a cancelled context ends the waits at once.
func TestDoStopsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := Do(ctx, func() error {
		calls++
		cancel()
		return errors.New("broker away")
	})
	if calls != 1 || !errors.Is(err, context.Canceled) {
		t.Errorf("got %d calls and %v, want 1 call and context.Canceled", calls, err)
	}
}
