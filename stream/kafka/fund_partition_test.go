package kafka

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
)

// TestKafkaFundExample: the fund's worked example (SPEC §13, example 11)
// through the Kafka mode with 3 partitions gives the embedded engine's
// fund, to the cent and the fourth decimal: the fund's inputs are keyed by
// the fund id, and the registrations a fund's shares read (enterprises,
// projects: inputs of no program) reach every partition.
func TestKafkaFundExample(t *testing.T) {
	cfg := testKafka(t, 3)
	programs, lines := exampleInputs(t, examples+"11-transformation-fund")
	rk := startKafkaEngine(t, cfg, programs)
	rk.waitOwningAll(t, 60*time.Second)
	prod, err := NewProducer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer prod.Close()
	ctx := context.Background()
	// One input at a time, each journaled before the next: the file's
	// order holds across the two input topics.
	for _, l := range lines {
		before := rk.totals()
		sent, err := prod.Produce(ctx, [][]byte{l})
		if err != nil {
			t.Fatal(err)
		}
		n := int64(0)
		for _, c := range sent {
			n += int64(c)
		}
		waitFor(t, "the input to be journaled", 20*time.Second, func() bool { return rk.totals() == before+n })
	}
	var states []*ledger.State
	if err := rk.k.State(ctx, func(_ int, e *ledger.Engine) { states = append(states, e.State()) }); err != nil {
		t.Fatal(err)
	}
	got := ledger.MergeStates(states)
	embeddedDoc := replayState(t, programs, lines)
	var embedded ledger.State
	if err := json.Unmarshal(embeddedDoc, &embedded); err != nil {
		t.Fatal(err)
	}
	if got.Funds == nil || embedded.Funds == nil || len(*got.Funds) != 1 {
		t.Fatalf("funds: Kafka %v, embedded %v", got.Funds, embedded.Funds)
	}
	g, _ := json.Marshal((*got.Funds)[0])
	w, _ := json.Marshal((*embedded.Funds)[0])
	if string(g) != string(w) {
		t.Errorf("fund in the Kafka mode:\n%s\nembedded:\n%s", g, w)
	}
	f := (*got.Funds)[0]
	if f.Committed != "100000000.00" || f.Invested != "7000000.00" || f.Leverage == nil || *f.Leverage != "4.2857" {
		t.Errorf("fund: committed %s, invested %s, leverage %v; want 100000000.00, 7000000.00, 4.2857", f.Committed, f.Invested, f.Leverage)
	}
	// The projects as the documents write them (a null member stays null:
	// a round trip through ledger.State would drop it).
	var wantDoc struct{ Projects json.RawMessage }
	if err := json.Unmarshal(embeddedDoc, &wantDoc); err != nil {
		t.Fatal(err)
	}
	gp, wp := normalJSON(t, got.Projects), normalJSON(t, wantDoc.Projects)
	if gp != wp {
		t.Errorf("projects in the Kafka mode:\n%s\nembedded:\n%s", gp, wp)
	}
}

// normalJSON is v (or JSON bytes) decoded and encoded again, so that two
// documents compare by value, not by layout.
func normalJSON(t *testing.T, v any) string {
	t.Helper()
	b, ok := v.(json.RawMessage)
	if !ok {
		var err error
		if b, err = json.Marshal(v); err != nil {
			t.Fatal(err)
		}
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(x)
	return string(out)
}
