package ledger_test

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/simulate"
	"github.com/techcredit/techcredit/simulate/benchmark"
)

// Snapshot costs over the replayed benchmark stream (100,000 loans; 10,000
// with -short): how long the writer stops to marshal, how long a restore
// takes, and the bytes per loan.
//
//	go test -run '^$' -bench Snapshot -benchtime 3x ./ledger/

var snapBench struct {
	sync.Mutex
	s *benchmark.Stream
	e *ledger.Engine
}

// snapshotEngine replays the stream once per process.
func snapshotEngine(b *testing.B) (*benchmark.Stream, *ledger.Engine) {
	b.Helper()
	snapBench.Lock()
	defer snapBench.Unlock()
	loans := 100_000
	if testing.Short() {
		loans = 10_000
	}
	if snapBench.s == nil || int(snapBench.s.Stats.Loans) != loans {
		s, err := benchmark.Load(simulate.Options{Loans: loans, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		e, err := benchmark.Replay(s)
		if err != nil {
			b.Fatal(err)
		}
		snapBench.s, snapBench.e = s, e
	}
	return snapBench.s, snapBench.e
}

func BenchmarkMarshalSnapshot(b *testing.B) {
	s, e := snapshotEngine(b)
	runtime.GC()
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		snap, err := e.MarshalSnapshot()
		if err != nil {
			b.Fatal(err)
		}
		n = len(snap)
	}
	b.ReportMetric(float64(n)/float64(s.Stats.Loans), "bytes/loan")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/snapshot")
}

func BenchmarkRestoreSnapshot(b *testing.B) {
	s, e := snapshotEngine(b)
	snap, err := e.MarshalSnapshot()
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := ledger.RestoreSnapshot(s.Programs, snap); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/restore")
}
