package streamtest

import (
	"context"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
)

// Loop is a run loop (a writer's or an engine's Run) that a test started
// in a goroutine of its own.
type Loop struct {
	cancel context.CancelFunc
	done   chan error
}

// Go runs run until the loop is stopped.
func Go(run func(ctx context.Context) error) *Loop {
	ctx, cancel := context.WithCancel(context.Background())
	l := &Loop{cancel: cancel, done: make(chan error, 1)}
	go func() { l.done <- run(ctx) }()
	return l
}

// Stop ends the loop and returns what its run returned; a loop that does
// not return within the deadline fails the test. A loop stopped already
// returns nil.
func (l *Loop) Stop(t testing.TB, within time.Duration) error {
	t.Helper()
	if l.cancel == nil {
		return nil
	}
	l.cancel()
	l.cancel = nil
	select {
	case err := <-l.done:
		return err
	case <-time.After(within):
		t.Fatalf("the run loop did not stop within %s", within)
		return nil
	}
}

// Stopped reports whether Stop was called.
func (l *Loop) Stopped() bool { return l.cancel == nil }

// EngineState is the state document of the engine that do (a writer's Do)
// runs its task on.
func EngineState(t testing.TB, do func(context.Context, func(*ledger.Engine)) error) []byte {
	t.Helper()
	var out []byte
	if err := do(context.Background(), func(e *ledger.Engine) { out, _ = ledger.MarshalState(e.State()) }); err != nil {
		t.Fatal(err)
	}
	return out
}
