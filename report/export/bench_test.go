package export

import (
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/report"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
)

// BenchmarkLoansXLSX writes the loans report of a simulated book of
// -bench.loans loans (default 100,000) as XLSX, streamed, and reports the
// rows per second, the heap the write adds at its peak (sampled every
// 5 ms) and the process's peak RSS (VmHWM, the engine's book included):
//
//	go test -run '^$' -bench LoansXLSX -benchtime 1x ./report/export/
func BenchmarkLoansXLSX(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("REPORT_BENCH_LOANS")); err == nil {
		n = v
	}
	programs, stream := simulate.Generate(simulate.Options{Loans: n, Seed: 1, Clean: true})
	cfg, err := risk.ParsePrograms(strings.NewReader(string(programs)))
	if err != nil {
		b.Fatal(err)
	}
	e := ledger.NewEngine(cfg)
	rec := report.NewRecorder("")
	for line := range stream.All() {
		if !rec.Take(line) {
			continue
		}
		out, err := e.Apply(line, ledger.Meta{})
		if err != nil {
			b.Fatal(err)
		}
		if err := rec.Observe(e, out); err != nil {
			b.Fatal(err)
		}
	}
	books := []*report.Book{{Engine: e, Recorder: rec}}
	runtime.GC()
	base := heapBytes()
	b.ResetTimer()
	for range b.N {
		t, err := report.Build(books, report.Query{Kind: report.KindLoans})
		if err != nil {
			b.Fatal(err)
		}
		peak, stop := sampleHeap()
		start := time.Now()
		rows, err := WriteXLSX(io.Discard, t)
		elapsed := time.Since(start)
		stop()
		if err != nil || rows != n {
			b.Fatalf("wrote %d rows, want %d: %v", rows, n, err)
		}
		b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
		b.ReportMetric(float64(*peak-base)/(1<<20), "write-heap-MB")
	}
	b.ReportMetric(float64(base)/(1<<20), "book-heap-MB")
	b.ReportMetric(peakRSSMB(), "peak-rss-MB")
}

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// sampleHeap records the largest heap seen until stop is called.
func sampleHeap() (*uint64, func()) {
	peak := new(uint64)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			*peak = max(*peak, heapBytes())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return peak, func() { close(done); <-finished }
}

// peakRSSMB is the process's peak resident set (Linux VmHWM), 0 elsewhere.
func peakRSSMB() float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
