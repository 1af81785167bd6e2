package kafka

import (
	"context"
	"fmt"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

// TestKafkaGuarantorAcrossPartitions: a guarantor's loans lie in two
// programs on two partitions; each partition's engine publishes its part of
// the guarantor into the shared read model, which serves them merged: the
// liability summed and the leverage over it, as the merged state has it.
func TestKafkaGuarantorAcrossPartitions(t *testing.T) {
	cfg := testKafka(t, 3)
	ids, programs := guaranteeProgramsApart(cfg, "")
	views := readmodel.NewMemory()
	rk := startKafkaEngineViews(t, cfg, programs, views)
	k, ctx := rk.k, context.Background()
	rk.waitOwningAll(t, 30*time.Second)

	// Net assets have no program: every partition gets them, as ingest sends them.
	netAssets := `{"id":"na","type":"guarantor.net_assets","source":"finance:li","at":"2026-01-01T09:00:00+08:00",` +
		`"data":{"guarantor":"g1","net_assets":"200000000.00","as_of":"2025-12-31"}}`
	for p := 0; p < cfg.Partitions; p++ {
		w := &kafkago.Writer{Addr: kafkago.TCP(cfg.Brokers...), Topic: cfg.Topic(TopicCommands), Balancer: fixedPartition(p),
			RequiredAcks: kafkago.RequireAll, BatchTimeout: time.Millisecond}
		if err := w.WriteMessages(ctx, kafkago.Message{Value: []byte(netAssets)}); err != nil {
			t.Fatal(err)
		}
		w.Close()
	}
	// Loans of a guarantor whose net assets a partition does not know yet
	// are uncovered: the two topics are read side by side, so wait.
	waitFor(t, "the net assets on every partition", 20*time.Second, func() bool { return rk.totals() == int64(cfg.Partitions) })
	produce(t, cfg, [][]byte{guarantorLoan("b1-La", ids[0], "3000000.00"), guarantorLoan("b1-Lb", ids[1], "2500000.00")})
	waitFor(t, "every input to be journaled", 20*time.Second, func() bool { return rk.totals() == int64(cfg.Partitions)+2 })

	var states []*ledger.State
	for _, r := range k.Owned() {
		if err := r.Do(ctx, func(e *ledger.Engine) { states = append(states, e.State()) }); err != nil {
			t.Fatal(err)
		}
	}
	merged := ledger.MergeStates(states)
	if len(merged.Guarantors) != 1 {
		t.Fatalf("merged state guarantors: %+v, want g1", merged.Guarantors)
	}
	want := merged.Guarantors[0]
	if want.Liability != "5500000.00" || want.Leverage == nil || *want.Leverage != "0.0275" {
		t.Fatalf("merged state g1: liability %s leverage %v, want 5500000.00 and 0.0275", want.Liability, want.Leverage)
	}
	got, ok, err := views.Guarantor(ctx, "g1")
	if err != nil || !ok {
		t.Fatalf("read model g1: %v %v", ok, err)
	}
	if fmt.Sprint(got.ID, got.Liability, *got.Leverage, got.Limit, *got.NetAssets) !=
		fmt.Sprint(want.ID, want.Liability, *want.Leverage, want.Limit, *want.NetAssets) {
		t.Errorf("read model g1: got %+v (leverage %s), want %+v (leverage %s)", got, *got.Leverage, want, *want.Leverage)
	}
	if got.Partition != "" {
		t.Errorf("merged document carries partition %q", got.Partition)
	}
}
