package kafka

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/risk"
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

// guaranteeProgramsApart is a programs file of two guarantee programs whose
// ids fall on different partitions, with their ids; both carry kafka_key key
// unless it is empty.
func guaranteeProgramsApart(cfg Config, key string) (ids []string, programs []byte) {
	taken := map[int]bool{}
	for i := 0; len(ids) < 2; i++ {
		id := fmt.Sprintf("gp-%d", i)
		if p := ProgramPartition(id, cfg.Partitions); !taken[p] {
			taken[p] = true
			ids = append(ids, id)
		}
	}
	keyMember := ""
	if key != "" {
		keyMember = `"kafka_key":"` + key + `",`
	}
	program := func(id string) string {
		return `{"id":"` + id + `","name":"` + id + `","kind":"guarantee_program","currency":"CNY",` + keyMember + `"shares":[` +
			`{"party":"guarantor","ratio":"0.40"},{"party":"reguarantor","ratio":"0.30"},{"party":"bank","ratio":"0.20"},{"party":"government","ratio":"0.10"}]}`
	}
	return ids, []byte(`{"programs":[` + program(ids[0]) + `,` + program(ids[1]) + `]}`)
}

// guarantorLoan is the disbursement of a medium borrower's loan in program,
// guaranteed by g1.
func guarantorLoan(id, program, principal string) []byte {
	return []byte(`{"id":"d-` + id + `","type":"loan.disbursed","source":"bank:b1","program":"` + program +
		`","at":"2026-02-01T09:00:00+08:00","data":{"loan":"` + id + `","borrower":{"id":"e-` + id +
		`","name":"n","sector":"software","size":"medium"},"principal":"` + principal +
		`","annual_rate":"0.04","term_months":36,"disbursed_on":"2026-02-01","guarantor":"g1"}}`)
}

// checkedPrograms parses a programs file and checks its guarantee
// programs' keys, as the Kafka mode does before it starts.
func checkedPrograms(t *testing.T, programs []byte) *risk.Config {
	t.Helper()
	pc, err := risk.ParsePrograms(bytes.NewReader(programs))
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckGuaranteeKeys(pc); err != nil {
		t.Fatal(err)
	}
	return pc
}

// keyedProducer is a producer that keys inputs by the programs' kafka
// keys; it is closed at the end of the test.
func keyedProducer(t *testing.T, cfg Config, pc *risk.Config) *Producer {
	t.Helper()
	cfg.Keys = KeysOf(pc)
	prod, err := NewProducer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { prod.Close() })
	return prod
}
