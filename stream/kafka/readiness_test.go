package kafka

import (
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/techcredit/techcredit/stream"
)

// TestKafkaReadyMeansOwnedAndCaughtUp: inputs wait in the topics before
// the engine starts; whenever it answers ready, its partitions have
// journaled every one of them (the end offsets read at assignment). A
// second instance joining starts a rebalance: the first is not ready
// between the generations, and both are ready once they share the
// partitions.
func TestKafkaReadyMeansOwnedAndCaughtUp(t *testing.T) {
	cfg := testKafka(t, 3)
	programs, lines := simLines(t, 60, 7)
	if err := EnsureTopics(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	produce(t, cfg, lines)
	want := int64(len(lines))
	a := startKafkaEngine(t, cfg, programs)
	waitFor(t, "a to be ready", 60*time.Second, func() bool {
		ready := a.k.Ready()
		if got := a.totals(); ready && got < want {
			t.Fatalf("ready with %d of the %d inputs waiting at assignment journaled", got, want)
		}
		return ready
	})
	if got := a.totals(); got != want || len(a.k.Owned()) != 3 {
		t.Fatalf("a ready: %d inputs journaled on %d partitions, want %d on 3", got, len(a.k.Owned()), want)
	}
	b := startKafkaEngine(t, cfg, programs)
	waitFor(t, "both to be ready on shared partitions", 60*time.Second, func() bool {
		return a.k.Ready() && b.k.Ready() && len(a.k.Owned()) > 0 && len(b.k.Owned()) > 0 && len(a.k.Owned())+len(b.k.Owned()) == 3
	})
	if got := a.totals() + b.totals(); got < want {
		t.Errorf("after the rebalance: %d inputs journaled, want at least %d", got, want)
	}
}

// TestCatchUpDone: a partition is caught up once every topic's next
// offset reaches the end read at assignment, and a topic that was empty
// (or already journaled) needs nothing.
func TestCatchUpDone(t *testing.T) {
	c := &catchUp{target: map[string]int64{"bank": 5, "commands": 0}, next: map[string]int64{"bank": 3}}
	if c.done() {
		t.Fatalf("bank at 3 of 5: got done, want not")
	}
	c.next["bank"] = 5
	if !c.done() {
		t.Fatalf("bank at 5 of 5, commands empty: got not done, want done")
	}
}

// TestReadyBetweenGenerations: when the generation that assigned the
// partitions ends, the instance is not ready, although its partitions'
// runners have not stopped yet; the end of a generation that is no longer
// the current one changes nothing; a generation that assigns nothing is
// never ready.
func TestReadyBetweenGenerations(t *testing.T) {
	caught := &catchUp{target: map[string]int64{"bank": 1}, next: map[string]int64{"bank": 1}}
	old, cur := &kafkago.Generation{ID: 1}, &kafkago.Generation{ID: 2}
	k := &Engine{owned: map[int]*stream.Runner{0: nil}, catchUps: map[int]*catchUp{0: caught}}
	k.assigned, k.generation = 1, cur
	k.endGeneration(old)
	if k.assigned != 1 {
		t.Fatalf("the end of an older generation reset the current one")
	}
	k.endGeneration(cur)
	if k.Ready() {
		t.Fatalf("ready after the generation ended, want not ready")
	}
	k.assigned, k.generation = 0, cur
	k.owned = map[int]*stream.Runner{}
	if k.Ready() {
		t.Fatalf("ready in a generation that assigned nothing, want not ready")
	}
}
