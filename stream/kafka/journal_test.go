package kafka

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/techcredit/techcredit/stream/journal"
)

// TestKafkaJournalReusesItsBufferSafely: Append encodes into one buffer that
// it keeps for the next call. Batches of different sizes, one after the
// other, must come back from the partition exactly as written: a buffer
// reused while a request still read it would garble an earlier batch.
func TestKafkaJournalReusesItsBufferSafely(t *testing.T) {
	_, j := testJournal(t)
	var want []string
	seq := int64(0)
	for batch, n := range []int{3, 700, 1, 40} { // 700 > BatchMax: two chunks
		recs := make([]journal.Record, n)
		for i := range recs {
			seq++
			in := fmt.Sprintf(`{"id":"b%d-%d","type":"pool.funded","source":"finance:li","program":"dz-lukedai","at":"2026-01-02T09:00:00+08:00","data":{"funder":"city","amount":"%d.%02d","note":%q}}`,
				batch, i, seq, seq%100, strings.Repeat("n", int(seq%37)))
			recs[i] = journal.Record{Seq: seq, Kind: journal.KindInput, Input: []byte(in), Status: "applied",
				Postings: []journal.PostingRecord{{From: "funder:city", To: "pool:dz-lukedai", Amount: fmt.Sprintf("%d.%02d", seq, seq%100), Currency: "CNY"}}}
			b, err := journal.Encode(&recs[i])
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, string(b))
		}
		if err := j.Append(context.Background(), recs); err != nil {
			t.Fatalf("batch %d: %v", batch, err)
		}
	}
	var got []string
	if err := j.Replay(context.Background(), 0, func(r journal.Record) error {
		b, err := journal.Encode(&r)
		got = append(got, string(b))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("replayed %d records, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("record %d:\n got %s\nwant %s", i+1, got[i], want[i])
		}
	}
}

// TestKafkaJournalFollowsAMovedLeader: kafka-go refreshes its metadata only
// on a timer, so a journal whose partition leader moved kept producing to
// the old broker (NOT_LEADER_FOR_PARTITION) until its attempts ran out and
// the partition's writer stopped. A failed attempt now drops the
// connections, and the next one asks where the leader is.
func TestKafkaJournalFollowsAMovedLeader(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(2), kfake.Ports(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cfg := Config{Brokers: c.ListenAddrs(), Partitions: 1, IOTimeout: 5 * time.Second, TopicPrefix: "moved."}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := EnsureTopics(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	j := NewJournal(cfg, 0)
	defer j.Close()
	rec := func(seq int64) journal.Record {
		return journal.Record{Seq: seq, Kind: journal.KindInput, Input: []byte(fmt.Sprintf(`{"id":"i-%d"}`, seq)), Status: "rejected", Code: "unknown_type"}
	}
	if err := j.Append(context.Background(), []journal.Record{rec(1), rec(2)}); err != nil {
		t.Fatal(err)
	}
	topic := cfg.Topic(TopicJournal)
	from := c.LeaderFor(topic, 0)
	to := int32(0)
	if from == 0 {
		to = 1
	}
	if err := c.MoveTopicPartition(topic, 0, to); err != nil {
		t.Fatal(err)
	}
	if err := j.Append(context.Background(), []journal.Record{rec(3)}); err != nil {
		t.Fatalf("append after the leader moved from broker %d to %d: %v", from, to, err)
	}
	var seqs []int64
	if err := j.Replay(context.Background(), 0, func(r journal.Record) error { seqs = append(seqs, r.Seq); return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(seqs) != "[1 2 3]" {
		t.Errorf("journal holds seqs %v, want [1 2 3]", seqs)
	}
}
