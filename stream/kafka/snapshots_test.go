package kafka

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

// TestKafkaPartitionsRestartFromSnapshots: in the Kafka mode each
// partition's runner saves its own snapshot; an engine that takes the
// partitions over restores them, after checking them against the journal's
// fencing, and holds the same state.
func TestKafkaPartitionsRestartFromSnapshots(t *testing.T) {
	cfg := testKafka(t, 3)
	programs, lines := simLines(t, 60, 8)
	store := streamtest.NewMemorySnapshots()
	start := func() *runningKafka {
		k, err := NewEngine(cfg, programs, readmodel.NewMemory(), quietLogger())
		if err != nil {
			t.Fatal(err)
		}
		k.UseSnapshots(store, 40, time.Hour)
		rk := runKafkaEngine(t, k)
		rk.waitOwningAll(t, 30*time.Second)
		return rk
	}
	states := func(rk *runningKafka) map[int][]byte {
		out := map[int][]byte{}
		if err := rk.k.State(context.Background(), func(p int, e *ledger.Engine) { out[p], _ = ledger.MarshalState(e.State()) }); err != nil {
			t.Fatal(err)
		}
		return out
	}

	rk := start()
	produce(t, cfg, lines)
	waitFor(t, "every input to be journaled", 30*time.Second, func() bool { return rk.totals() == int64(len(lines)) })
	for p, r := range rk.k.Owned() {
		if err := r.SaveSnapshot(context.Background()); err != nil {
			t.Fatalf("partition %d: %v", p, err)
		}
	}
	want := states(rk)
	rk.stop(t)

	rk = start()
	for p, r := range rk.k.Owned() {
		if r.Counts().RestoredSeq.Load() == 0 {
			t.Errorf("partition %d did not restore its snapshot (refused %d)", p, r.Counts().SnapshotsRefused.Load())
		}
		if store.Stored(cfg.Topic(TopicJournal)+"-"+itoa(p)) == nil {
			t.Errorf("no snapshot named after partition %d", p)
		}
	}
	got := states(rk)
	for p := range want {
		if !bytes.Equal(got[p], want[p]) {
			t.Errorf("partition %d: state after the restart from its snapshot differs", p)
		}
	}
}
