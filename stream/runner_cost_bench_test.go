package stream

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/stream/journal"
)

// encodingJournal encodes every record it is given into one reused buffer,
// as the Kafka journal does before its produce request, and keeps only the
// records that are not inputs (the programs version, for Recover): the
// writer's cost with no broker, disk or fsync behind it. Append is called
// by the one committer goroutine.
type encodingJournal struct {
	sliceJournal
	buf []byte
}

func (j *encodingJournal) Append(ctx context.Context, recs []journal.Record) error {
	j.buf = j.buf[:0]
	for i := range recs {
		j.buf = journal.AppendEncoded(j.buf, &recs[i])
	}
	kept := slices.DeleteFunc(slices.Clone(recs), func(r journal.Record) bool { return r.Kind == journal.KindInput })
	return j.sliceJournal.Append(ctx, kept)
}

// BenchmarkRunnerPerInput: the writer's own cost per input, without a
// broker: batches of BatchMax enqueued two at a time, as a Kafka partition
// consumer hands them over, through apply, seal, encoding and (views)
// the in-memory read model; against the same inputs applied to a plain
// engine in the same run (the apply floor, cpu_ratio_to_apply_floor: the
// floor's processor time over the writer's). "no-views" is the writer
// alone; "memory-views" adds the read model.
//
//	go test -run '^$' -bench RunnerPerInput -benchtime 3x ./stream/
func BenchmarkRunnerPerInput(b *testing.B) {
	loans := 20000
	if testing.Short() {
		loans = 2000
	}
	programs, lines := streamtest.BenchLines(b, loans)
	cfg := streamtest.ParsePrograms(b, programs)
	for _, tc := range []struct {
		name  string
		views func() readmodel.Store
	}{{"no-views", func() readmodel.Store { return nil }}, {"memory-views", func() readmodel.Store { return readmodel.NewMemory() }}} {
		b.Run(tc.name, func(b *testing.B) {
			var floorCPU, writerCPU, writerWall time.Duration
			for i := 0; i < b.N; i++ {
				cpu0 := streamtest.ProcessorTime()
				e := ledger.NewEngine(cfg)
				for _, l := range lines {
					if _, err := e.Apply(l, ledger.Meta{}); err != nil {
						b.Fatal(err)
					}
				}
				floorCPU += streamtest.ProcessorTime() - cpu0

				r := NewRunner(&encodingJournal{}, tc.views(), RunnerConfig{Logger: quietLogger()})
				if err := r.Recover(context.Background(), programs); err != nil {
					b.Fatal(err)
				}
				loop := streamtest.Go(r.Run)
				start, cpu0 := time.Now(), streamtest.ProcessorTime()
				enqueueInBatches(b, r, lines, DefaultBatchMax)
				writerCPU += streamtest.ProcessorTime() - cpu0
				writerWall += time.Since(start)
				if err := loop.Stop(b, 10*time.Second); err != nil {
					b.Fatal(err)
				}
				if got := r.Counts().Inputs.Load(); got != int64(len(lines)) {
					b.Fatalf("journaled %d inputs, want %d", got, len(lines))
				}
			}
			perInput := func(d time.Duration) float64 {
				return float64(d.Nanoseconds()) / 1000 / float64(b.N*len(lines))
			}
			b.ReportMetric(perInput(floorCPU), "apply-floor-cpu-us/input")
			b.ReportMetric(perInput(writerCPU), "writer-cpu-us/input")
			b.ReportMetric(perInput(writerWall), "writer-us/input")
			b.ReportMetric(float64(floorCPU)/float64(writerCPU), "cpu_ratio_to_apply_floor")
		})
	}
}

// enqueueInBatches hands the lines to the writer in batches of n, with at
// most two batches waiting for their outcomes (the Kafka consumer's depth),
// and waits until every batch is journaled.
func enqueueInBatches(b *testing.B, r *Runner, lines [][]byte, n int) {
	b.Helper()
	ctx := context.Background()
	queued := make(chan *Submission, 2)
	settled := make(chan error, 1)
	go func() {
		var first error
		for sub := range queued {
			if _, err := r.Await(sub); err != nil && first == nil {
				first = err
			}
		}
		settled <- first
	}()
	for lo := 0; lo < len(lines); lo += n {
		items := make([]journal.Item, 0, n)
		for _, l := range lines[lo:min(lo+n, len(lines))] {
			items = append(items, journal.Item{Raw: l})
		}
		sub, err := r.Enqueue(ctx, items)
		if err != nil {
			b.Fatal(err)
		}
		queued <- sub
	}
	close(queued)
	if err := <-settled; err != nil {
		b.Fatal(err)
	}
}
