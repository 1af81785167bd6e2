package stream

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

// gatedJournal holds every Append until the test opens the gate, then
// lets it through or fails it.
type gatedJournal struct {
	*bolt.Journal
	entered chan struct{} // one value per Append that reached the gate
	gate    chan error    // the verdict of each held Append: nil lets it through
}

func (g *gatedJournal) Append(ctx context.Context, recs []journal.Record) error {
	g.entered <- struct{}{}
	if err := <-g.gate; err != nil {
		return err
	}
	return g.Journal.Append(ctx, recs)
}

// startGated recovers a runner over a gated journal (the programs record
// passes) and runs it.
func startGated(t *testing.T) (*Runner, *gatedJournal, [][]byte, chan error) {
	t.Helper()
	programs, lines := exampleInputs(t, examples+"1-lukedai-default")
	bj, err := bolt.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bj.Close() })
	g := &gatedJournal{Journal: bj, entered: make(chan struct{}, 8), gate: make(chan error, 8)}
	g.gate <- nil // the programs record
	r := NewRunner(g, nil, RunnerConfig{})
	if err := r.Recover(context.Background(), programs); err != nil {
		t.Fatal(err)
	}
	<-g.entered
	done := make(chan error, 1)
	go func() { done <- r.Run(context.Background()) }()
	return r, g, lines, done
}

// submitAsync submits one input and reports when the engine read its
// envelope (through the transport's check) and when Submit returned.
func submitAsync(r *Runner, raw []byte) (applied chan struct{}, result chan error) {
	applied, result = make(chan struct{}), make(chan error, 1)
	admit := func(string, string) *ledger.Reject { close(applied); return nil }
	go func() {
		_, err := r.Submit(context.Background(), []journal.Item{{Raw: raw, Meta: ledger.Meta{Admit: admit}}})
		result <- err
	}()
	return applied, result
}

// twoBatchesInFlight starts a gated runner and submits two inputs: the
// first one's batch held at the journal's gate, the second applied while
// the first is being journaled. It returns what each Submit returns.
func twoBatchesInFlight(t *testing.T) (r *Runner, g *gatedJournal, result1, result2, done chan error) {
	t.Helper()
	r, g, lines, done := startGated(t)
	applied1, result1 := submitAsync(r, lines[0])
	within(t, "the first input to be applied", applied1)
	within(t, "the first batch to reach the journal", g.entered)
	applied2, result2 := submitAsync(r, lines[1])
	within(t, "the second input to be applied while the first is being journaled", applied2)
	return r, g, result1, result2, done
}

func within(t *testing.T, what string, c <-chan struct{}) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out after 10 s waiting for %s", what)
	}
}

// TestRunnerPipelineHidesUnjournaledBatches: the writer applies a batch
// while the previous one is being journaled, but no count, answer or
// task sees a batch before the journal has it.
func TestRunnerPipelineHidesUnjournaledBatches(t *testing.T) {
	r, g, result1, result2, done := twoBatchesInFlight(t)

	if n := r.Counts().Inputs.Load(); n != 0 {
		t.Errorf("journaled inputs counted before the journal has them: %d, want 0", n)
	}
	type seen struct{ engine, journal int64 }
	task := make(chan seen, 1)
	go r.Do(context.Background(), func(e *ledger.Engine) {
		inputs, _, _, _ := e.Counts()
		seq, _ := g.Journal.LastSeq(context.Background())
		task <- seen{inputs, seq - 1} // the first record is the programs version
	})
	select {
	case s := <-task:
		t.Fatalf("a task ran with batches in flight: engine %d inputs, journal %d", s.engine, s.journal)
	case err := <-result1:
		t.Fatalf("Submit returned before its batch was journaled: %v", err)
	case <-time.After(200 * time.Millisecond): // must not happen at all: a short look is enough
	}
	g.gate <- nil
	within(t, "the second batch to reach the journal", g.entered)
	g.gate <- nil
	for i, res := range []chan error{result1, result2} {
		if err := <-res; err != nil {
			t.Fatalf("submit %d: %v", i+1, err)
		}
	}
	if s := <-task; s.engine != 2 || s.journal != 2 {
		t.Errorf("task saw engine %d inputs and journal %d, want 2 and 2", s.engine, s.journal)
	}
	if n := r.Counts().Inputs.Load(); n != 2 {
		t.Errorf("journaled inputs: got %d, want 2", n)
	}
	select {
	case err := <-done:
		t.Fatalf("runner stopped: %v", err)
	default:
	}
}

// TestRunnerPipelineFailsEveryBatchInFlight: when a journal write fails,
// the batch behind it, already applied, is answered with the error too,
// nothing of either is journaled, and the runner stops.
func TestRunnerPipelineFailsEveryBatchInFlight(t *testing.T) {
	r, g, result1, result2, done := twoBatchesInFlight(t)
	g.gate <- errors.New("disk full")
	for i, res := range []chan error{result1, result2} {
		if err := <-res; err == nil || errors.Is(err, ErrStopped) && i == 0 {
			t.Errorf("submit %d: got %v, want the journal's error", i+1, err)
		}
	}
	expectStoppedByFailure(t, done)
	if seq, _ := g.Journal.LastSeq(context.Background()); seq != 1 {
		t.Errorf("journal seq: got %d, want 1 (the programs record only)", seq)
	}
	if n := r.Counts().Inputs.Load(); n != 0 {
		t.Errorf("journaled inputs: got %d, want 0", n)
	}
	if err := r.Do(context.Background(), func(*ledger.Engine) {}); !errors.Is(err, ErrStopped) {
		t.Errorf("Do after the failure: got %v, want ErrStopped", err)
	}
}
