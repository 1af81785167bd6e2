package kafka

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

// TestKafkaJournalChunksByBytes: Append cuts the records into produce
// requests by count and by bytes. 512 valid inputs of ~3 KB (a project with
// a summary; InputBytesMax is 64 KiB) made one record batch of ~1.7 MB,
// above the broker's default max.message.bytes (1 MiB; kfake enforces the
// same default): the produce failed with MESSAGE_TOO_LARGE, the runner
// stopped, and the next owner read the same backlog into the same batch.
func TestKafkaJournalChunksByBytes(t *testing.T) {
	cfg, j := testJournal(t)
	summary := strings.Repeat("x", 3000)
	recs := make([]journal.Record, cfg.BatchMax)
	for i := range recs {
		in := fmt.Sprintf(`{"id":"p-%d","type":"project.registered","source":"admin:wu","at":"2026-01-02T09:00:00+08:00","data":{"project":"p-%d","enterprise":"e-1","title":"t","sector":"software","stage":"pilot","funding_sought":"1000.00","roadshow_on":"2026-03-01","status":"listed","summary":"%s"}}`, i, i, summary)
		recs[i] = journal.Record{Seq: int64(i + 1), Kind: journal.KindInput, Input: []byte(in), Status: "applied"}
	}
	if err := j.Append(context.Background(), recs); err != nil {
		t.Errorf("journaling one batch of %d valid 3 KB inputs: %.300v", len(recs), err)
	}
	// One message the input topic accepts (its default limit is 1 MiB too),
	// rejected bad_json "above the limit" by the engine, is journaled by its
	// size and digest: its bytes would make the record too large.
	junk := make([]byte, 900<<10)
	for i := range junk {
		junk[i] = 'a' + byte(i%26)
	}
	e := newRejectEngineForStream(t)
	out, err := e.Apply(junk, ledger.Meta{})
	if err != nil || out.Code != ledger.CodeBadJSON {
		t.Fatalf("900 KB input: %s (%v), want bad_json", out.Code, err)
	}
	rec := journal.InputRecord(journal.Item{Raw: junk}, out)
	rec.Seq = int64(len(recs) + 1)
	if rec.Input != nil || rec.InputBytes != nil || rec.InputSize != len(junk) || len(rec.InputSHA256) != 64 || !rec.Transport {
		t.Fatalf("record of a 900 KB input: size %d sha %q transport %v, %d bytes kept; want its size and digest only",
			rec.InputSize, rec.InputSHA256, rec.Transport, len(rec.Input)+len(rec.InputBytes))
	}
	if err := j.Append(context.Background(), []journal.Record{rec}); err != nil {
		t.Errorf("journaling one rejected 900 KB input: %.300v", err)
	}
	// The replay gives the verdict back from the record.
	again := newRejectEngineForStream(t)
	if r := again.Reject(rec.Raw(), ledger.Meta{}, out.Code, rec.Message); r.Code != out.Code || r.Message != out.Message {
		t.Errorf("replayed verdict: %s %q, want %s %q", r.Code, r.Message, out.Code, out.Message)
	}
}

func newRejectEngineForStream(t *testing.T) *ledger.Engine {
	t.Helper()
	programs, _ := exampleInputs(t, examples+"1-lukedai-default")
	return streamtest.PlainEngine(t, programs)
}

// TestKafkaOversizedInputDoesNotWedgePartition: end to end, one 900 KB
// garbage message on bank-events (the topic takes it) is journaled as
// bad_json by its digest and the partition goes on. It used to stop the
// partition's writer (its journal record was above the journal topic's
// limit) and cycle for ever: a new generation every ~25 ms, each appending
// a claim record, re-reading the same message and failing again.
func TestKafkaOversizedInputDoesNotWedgePartition(t *testing.T) {
	cfg := testKafka(t, 1)
	programs, lines := exampleInputs(t, examples+"1-lukedai-default")
	rk := startKafkaEngine(t, cfg, programs)
	waitFor(t, "the engine to own its partition", 20*time.Second, func() bool { return len(rk.k.Owned()) == 1 && rk.k.Ready() })
	junk := make([]byte, 900<<10)
	for i := range junk {
		junk[i] = 'a' + byte(i%26)
	}
	w := &kafkago.Writer{Addr: kafkago.TCP(cfg.Brokers...), Topic: cfg.Topic(TopicBankEvents), RequiredAcks: kafkago.RequireAll, BatchTimeout: time.Millisecond}
	defer w.Close()
	if err := w.WriteMessages(context.Background(), kafkago.Message{Key: []byte("dz-lukedai"), Value: junk}); err != nil {
		t.Fatal(err)
	}
	produce(t, cfg, lines[:1])
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if rk.totals() == 2 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("after 15 s: %d partitions owned, ready %v, inputs journaled %d; want both inputs journaled (the garbage as bad_json)",
		len(rk.k.Owned()), rk.k.Ready(), rk.totals())
}
