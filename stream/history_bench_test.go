package stream

import (
	"context"
	"testing"
	"time"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

// BenchmarkHistory: the cost of one history (a journal scan) over a
// journal of 100,000 records, against the fold of the same journal
// (stream.Fold, what a restart without a snapshot does): the floor of any
// scan that must know what each input changed.
func BenchmarkHistory(b *testing.B) {
	const records = 100_000
	programs, lines := streamtest.BenchLines(b, 30_000)
	if len(lines) > records-1 {
		lines = lines[:records-1] // the programs record is the first
	}
	j, err := bolt.Open(b.TempDir(), time.Second)
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	r := NewRunner(j, nil, RunnerConfig{Logger: quietLogger()})
	if err := r.Recover(context.Background(), programs); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	for lo := 0; lo < len(lines); lo += 1000 {
		var items []journal.Item
		for _, l := range lines[lo:min(lo+1000, len(lines))] {
			items = append(items, journal.Item{Raw: l})
		}
		if _, err := r.Submit(ctx, items); err != nil {
			b.Fatal(err)
		}
	}
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	last, _ := j.LastSeq(context.Background())
	var loan string
	if e, err := Fold(context.Background(), j); err == nil {
		if st := e.State(); len(st.Loans) > 0 {
			loan = st.Loans[len(st.Loans)/2].ID
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		h, err := History(context.Background(), j, journal.HistoryLoan, loan, HistoryChunkEmbedded)
		scan := time.Since(start)
		if err != nil || len(h) == 0 {
			b.Fatalf("history of %s: %d entries, %v", loan, len(h), err)
		}
		start = time.Now()
		if _, err := Fold(context.Background(), j); err != nil {
			b.Fatal(err)
		}
		fold := time.Since(start)
		b.ReportMetric(float64(last), "records")
		b.ReportMetric(scan.Seconds(), "history_s")
		b.ReportMetric(fold.Seconds(), "fold_s")
		b.ReportMetric(fold.Seconds()/scan.Seconds(), "fold/history")
	}
}
