package kafka

import (
	"testing"

	kafkago "github.com/segmentio/kafka-go"
)

// TestRouter: an input keyed by program lands on ProgramPartition; one
// without a program is copied to every partition, each copy where its
// header says; extra headers go on every copy.
func TestRouter(t *testing.T) {
	const n = 5
	parts := []int{0, 1, 2, 3, 4}
	extra := []kafkago.Header{{Key: HeaderSource, Value: []byte("bank:b1")}}
	for _, program := range []string{"dz-lukedai", "lukedan", "p"} {
		msgs, targets := InputMessages("t", program, []byte("{}"), n, extra)
		if len(msgs) != 1 || len(targets) != 1 {
			t.Fatalf("%s: %d messages, want 1", program, len(msgs))
		}
		if got, want := (Router{}).Balance(msgs[0], parts...), ProgramPartition(program, n); got != want || targets[0] != want {
			t.Errorf("%s: routed to %d (target %d), want %d", program, got, targets[0], want)
		}
		if len(msgs[0].Headers) != 1 {
			t.Errorf("%s: headers %v, want the source only", program, msgs[0].Headers)
		}
	}
	msgs, targets := InputMessages("t", "", []byte("{}"), n, extra)
	if len(msgs) != n {
		t.Fatalf("no program: %d messages, want %d", len(msgs), n)
	}
	for i, m := range msgs {
		if got := (Router{}).Balance(m, parts...); got != i || targets[i] != i {
			t.Errorf("copy %d: routed to %d (target %d)", i, got, targets[i])
		}
		if len(m.Headers) != 2 || string(m.Headers[1].Value) != "bank:b1" {
			t.Errorf("copy %d: headers %v", i, m.Headers)
		}
	}
	bad := kafkago.Message{Key: []byte("lukedan"), Headers: []kafkago.Header{{Key: HeaderPartition, Value: []byte("9")}}}
	if got, want := (Router{}).Balance(bad, parts...), ProgramPartition("lukedan", n); got != want {
		t.Errorf("header out of range: routed to %d, want the key's partition %d", got, want)
	}
}
