package stream

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

// BenchmarkEmbeddedJournal: inputs/s through the embedded journal with
// group commit (one fsync per batch) under 8 concurrent submitters, against
// the rate of the same inputs applied in memory without a journal.
func BenchmarkEmbeddedJournal(b *testing.B) {
	loans := 5000
	programs, lines := streamtest.BenchLines(b, loans)
	for i := 0; i < b.N; i++ {
		j, err := bolt.Open(b.TempDir(), time.Second)
		if err != nil {
			b.Fatal(err)
		}
		r := NewRunner(j, nil, RunnerConfig{Logger: quietLogger()})
		if err := r.Recover(context.Background(), programs); err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		go r.Run(ctx)
		start := time.Now()
		const submitters, perSubmit = 8, 64
		var wg sync.WaitGroup
		next := make(chan []journal.Item)
		for s := 0; s < submitters; s++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for items := range next {
					if _, err := r.Submit(ctx, items); err != nil {
						b.Error(err)
					}
				}
			}()
		}
		for lo := 0; lo < len(lines); lo += perSubmit {
			var items []journal.Item
			for _, l := range lines[lo:min(lo+perSubmit, len(lines))] {
				items = append(items, journal.Item{Raw: l})
			}
			next <- items
		}
		close(next)
		wg.Wait()
		elapsed := time.Since(start)
		batches := r.Counts().Batches.Load()
		cancel()
		j.Close()
		b.ReportMetric(float64(len(lines))/elapsed.Seconds(), "journaled-inputs/s")
		b.ReportMetric(float64(len(lines))/float64(batches), "inputs/fsync")
	}
}
