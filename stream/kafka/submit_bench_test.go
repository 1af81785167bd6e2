package kafka

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/stream/journal"
)

// BenchmarkKafkaSubmitLatency measures an API write in the Kafka mode:
// Submit of one input (a pool funding, over three programs on three
// partitions) until its outcome is read back from the journal topic, with
// the journal tailers and with the per-request readers they replaced
// (submitPerRequestReaders), alternately in the same run, one request at a
// time and from 8 callers at once. With one caller it also measures
// journaled-floor: from the produce until the owning writer has journaled
// the input, the floor of an answer taken from the writer itself.
//
//	go test -run '^$' -bench KafkaSubmitLatency -benchtime 300x ./stream/kafka/
func BenchmarkKafkaSubmitLatency(b *testing.B) {
	programs := threePrograms(b)
	cfg := benchKafka(b, 3)
	k, err := NewEngine(cfg, programs, readmodel.NewMemory(), quietLogger())
	if err != nil {
		b.Fatal(err)
	}
	defer streamtest.Go(k.Run).Stop(b, 30*time.Second)
	streamtest.WaitFor(b, "the engine to own every partition", 30*time.Second, func() bool { return k.Ready() && len(k.Owned()) == 3 })
	ctx := context.Background()
	sub, err := NewSubmitter(cfg, programs)
	if err != nil {
		b.Fatal(err)
	}
	defer sub.Close()
	impls := []struct {
		name   string
		submit func(context.Context, []journal.Item) ([]ledger.Outcome, error)
	}{{"tailer", sub.Submit}, {"per-request-readers", sub.submitPerRequestReaders}}
	// The floor of an answer straight from the owning writer: produce, then
	// poll until a partition runner has journaled one more record (one
	// caller at a time only).
	journaled := func(ctx context.Context, items []journal.Item) ([]ledger.Outcome, error) {
		seqs := func() (n int64) {
			for _, r := range k.Owned() {
				n += r.Counts().JournalSeq.Load()
			}
			return n
		}
		before := seqs()
		msgs, _ := sub.messages(items, make([]ledger.Outcome, len(items)))
		if err := sub.writer.WriteMessages(ctx, msgs...); err != nil {
			return nil, err
		}
		for seqs() == before {
			time.Sleep(20 * time.Microsecond) // polling the writer's counts: the measurement itself
		}
		return []ledger.Outcome{{Status: ledger.StatusApplied}}, nil
	}
	var seq sync.Mutex
	n := 0
	line := func() []byte {
		seq.Lock()
		defer seq.Unlock()
		n++
		return fundLine(fmt.Sprintf("bench-%d", n), []string{"lev", "dz-lukedai", "gp"}[n%3], "1.00")
	}
	// Warm-up: connections, tailers, the engine's readers.
	for _, im := range impls {
		for range 6 {
			if _, err := im.submit(ctx, []journal.Item{{Raw: line()}}); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, callers := range []int{1, 8} {
		b.Run(fmt.Sprintf("callers=%d", callers), func(b *testing.B) {
			impls := impls
			if callers == 1 {
				impls = append(impls, impls[0])
				impls[len(impls)-1].name, impls[len(impls)-1].submit = "journaled-floor", journaled
			}
			lats := make([][]time.Duration, len(impls))
			var mu sync.Mutex
			b.ResetTimer()
			// Each round runs every implementation in turn (the order
			// alternating), callers requests at once each.
			for i := 0; i < b.N; i++ {
				for j := range impls {
					im := (i + j) % len(impls)
					var wg sync.WaitGroup
					for range callers {
						wg.Add(1)
						go func() {
							defer wg.Done()
							rctx, cancel := context.WithTimeout(ctx, 20*time.Second)
							defer cancel()
							start := time.Now()
							outs, err := impls[im].submit(rctx, []journal.Item{{Raw: line()}})
							took := time.Since(start)
							if err != nil || outs[0].Status != ledger.StatusApplied {
								b.Errorf("%s: %v %v", impls[im].name, err, outs)
								return
							}
							mu.Lock()
							lats[im] = append(lats[im], took)
							mu.Unlock()
						}()
					}
					wg.Wait()
					if b.Failed() {
						b.FailNow()
					}
				}
			}
			b.StopTimer()
			for im, l := range lats {
				if len(l) == 0 {
					continue
				}
				sort.Slice(l, func(x, y int) bool { return l[x] < l[y] })
				ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
				b.ReportMetric(ms(l[len(l)/2]), "p50-ms-"+impls[im].name)
				b.ReportMetric(ms(l[len(l)*99/100]), "p99-ms-"+impls[im].name)
			}
			b.ReportMetric(0, "ns/op")
		})
	}
}
