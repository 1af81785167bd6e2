package stream

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestKafkaJournalReusesItsBufferSafely: Append encodes into one buffer that
// it keeps for the next call. Batches of different sizes, one after the
// other, must come back from the partition exactly as written: a buffer
// reused while a request still read it would garble an earlier batch.
func TestKafkaJournalReusesItsBufferSafely(t *testing.T) {
	cfg := testKafka(t, 1)
	if err := EnsureTopics(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	j := NewKafkaJournal(cfg, 0)
	defer j.Close()
	var want []string
	seq := int64(0)
	for batch, n := range []int{3, 700, 1, 40} { // 700 > BatchMax: two chunks
		recs := make([]Record, n)
		for i := range recs {
			seq++
			in := fmt.Sprintf(`{"id":"b%d-%d","type":"pool.funded","source":"finance:li","program":"dz-lukedai","at":"2026-01-02T09:00:00+08:00","data":{"funder":"city","amount":"%d.%02d","note":%q}}`,
				batch, i, seq, seq%100, strings.Repeat("n", int(seq%37)))
			recs[i] = Record{Seq: seq, Kind: KindInput, Input: []byte(in), Status: "applied",
				Postings: []PostingRecord{{From: "funder:city", To: "pool:dz-lukedai", Amount: fmt.Sprintf("%d.%02d", seq, seq%100), Currency: "CNY"}}}
			b, err := encodeRecord(&recs[i])
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
	if err := j.Replay(context.Background(), 0, func(r Record) error {
		b, err := encodeRecord(&r)
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
