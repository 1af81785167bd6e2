package kafka

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
)

// TestKafkaGuarantorLeverageOnOneKey: two guarantee programs whose ids
// fall on different partitions share a kafka_key, so a guarantor's loans
// in both meet on one partition's engine. Net assets 1,000,000.00 allow a
// liability of 10,000,000.00 (limit 10×, medium borrowers weigh 1.00): a
// 6,000,000.00 loan in one program is covered, a 5,000,000.00 loan in the
// other would make 11,000,000.00 and is refused coverage
// (guarantor_leverage), exactly as one embedded engine decides. A fund's
// input (SPEC §13) goes to its fund id's partition.
func TestKafkaGuarantorLeverageOnOneKey(t *testing.T) {
	cfg := testKafka(t, 3)
	ids, programs := guaranteeProgramsApart(cfg, "guarantees")
	pc := checkedPrograms(t, programs)
	netAssets := []byte(`{"id":"na","type":"guarantor.net_assets","source":"guarantor:g1","at":"2026-01-01T09:00:00+08:00",` +
		`"data":{"guarantor":"g1","net_assets":"1000000.00","as_of":"2025-12-31"}}`)
	fund := []byte(`{"id":"f1","type":"fund.committed","source":"bank:b1","fund":"dz-transfer","at":"2026-02-02T09:00:00+08:00","data":{}}`)
	lines := [][]byte{netAssets, guarantorLoan("b1-La", ids[0], "6000000.00"), guarantorLoan("b1-Lb", ids[1], "5000000.00")}

	rk := startKafkaEngine(t, cfg, programs)
	rk.waitOwningAll(t, 60*time.Second)
	prod := keyedProducer(t, cfg, pc)
	ctx := context.Background()
	// Net assets first and journaled on every partition, then the loans in
	// order (one topic, one partition: their order holds).
	for _, batch := range [][][]byte{lines[:1], lines[1:], {fund}} {
		before := rk.totals()
		if _, err := prod.Produce(ctx, batch); err != nil {
			t.Fatal(err)
		}
		n := int64(len(batch))
		if bytes.Contains(batch[0], []byte("net_assets")) {
			n = int64(cfg.Partitions)
		}
		waitFor(t, "the batch to be journaled", 20*time.Second, func() bool { return rk.totals() == before+n })
	}
	var states []*ledger.State
	perPartition := map[int]int64{}
	if err := rk.k.State(ctx, func(p int, e *ledger.Engine) {
		s := e.State()
		states = append(states, s)
		perPartition[p] = s.Inputs
	}); err != nil {
		t.Fatal(err)
	}
	got := ledger.MergeStates(states)
	var embedded ledger.State
	if err := json.Unmarshal(replayState(t, programs, lines), &embedded); err != nil {
		t.Fatal(err)
	}
	for i, l := range got.Loans {
		w := embedded.Loans[i]
		if fmt.Sprint(l.ID, l.Covered, l.UncoveredReason) != fmt.Sprint(w.ID, w.Covered, w.UncoveredReason) {
			t.Errorf("loan %s: Kafka covered %v (%s), embedded %s covered %v (%s)", l.ID, l.Covered, l.UncoveredReason, w.ID, w.Covered, w.UncoveredReason)
		}
	}
	if len(got.Loans) != 2 || !got.Loans[0].Covered || got.Loans[1].Covered || got.Loans[1].UncoveredReason != "guarantor_leverage" {
		t.Errorf("loans in the Kafka mode: %+v, want b1-La covered and b1-Lb uncovered guarantor_leverage", got.Loans)
	}
	if len(got.Guarantors) != 1 || got.Guarantors[0].Liability != "6000000.00" {
		t.Errorf("guarantors: %+v, want g1 liable for 6000000.00", got.Guarantors)
	}
	// Every partition has the net assets; the key's partition the two
	// loans; the fund id's partition the fund's input.
	want := map[int]int64{0: 1, 1: 1, 2: 1}
	want[ProgramPartition("guarantees", 3)] += 2
	want[ProgramPartition("dz-transfer", 3)]++
	if fmt.Sprint(perPartition) != fmt.Sprint(want) {
		t.Errorf("inputs per partition: got %v, want %v", perPartition, want)
	}
}
