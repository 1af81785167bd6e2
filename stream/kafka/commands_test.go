package kafka

import (
	"context"
	"testing"
	"time"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

// TestKafkaSubmitterThroughTopics: in the Kafka mode the API's inputs go
// through the input topics like any bank's, and the submitter answers
// each with the outcome the journal records for it.
func TestKafkaSubmitterThroughTopics(t *testing.T) {
	cfg := testKafka(t, 3)
	programs, lines := exampleInputs(t, examples+"1-lukedai-default")
	rk := startOwningAll(t, cfg, programs)
	sub := newTestSubmitter(t, cfg, programs)
	plain := streamtest.PlainEngine(t, programs) // the expected outcomes
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, l := range lines {
		want, _ := plain.Apply(l, ledger.Meta{})
		outs, err := sub.Submit(ctx, []journal.Item{{Raw: l}})
		if err != nil {
			t.Fatal(err)
		}
		if got := outs[0]; got.Status != want.Status || got.Code != want.Code || got.ID != want.ID {
			t.Errorf("input %s: got %s %s, want %s %s", want.ID, got.Status, got.Code, want.Status, want.Code)
		}
	}
	// A resend, a token-imposed source and garbage, in one request.
	outs, err := sub.Submit(ctx, []journal.Item{{Raw: lines[0]}, {Raw: []byte("garbage")},
		{Raw: []byte(`{"id":"f-9","type":"pool.funded","source":"bank:evil","program":"dz-lukedai","at":"2026-01-01T00:00:00Z","data":{"funder":"city","amount":"1.00"}}`),
			Meta: ledger.Meta{Source: "finance:li"}}})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		status ledger.Status
		code   ledger.Code
	}{{ledger.StatusDuplicate, ledger.CodeNone}, {ledger.StatusRejected, ledger.CodeBadJSON}, {ledger.StatusApplied, ledger.CodeNone}} {
		if outs[i].Status != want.status || outs[i].Code != want.code {
			t.Errorf("input %d: got %s %s, want %s %s", i, outs[i].Status, outs[i].Code, want.status, want.code)
		}
	}
	// The engine counted all of them: 6 + 3.
	waitFor(t, "the garbage input to be journaled too", 20*time.Second, func() bool { return rk.totals() >= 9 })
}
