package readmodel

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// BenchmarkBankPage is one page of one bank's loans of the benchmark's
// read model (500 of 12,500): what a reader costs.
func BenchmarkBankPage(b *testing.B) {
	m := benchMemory(b)
	p := &pager{bank: benchBank(3)}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		p.loans = false // loans, not claims, every time
		p.page(m, false)
	}
}

// BenchmarkPut is one writer batch published into the benchmark's read
// model, alone: what BenchmarkPostingWhileBanksPage's puts/s_alone counts.
func BenchmarkPut(b *testing.B) {
	m := benchMemory(b)
	batches := benchBatches(64)
	runtime.GC() // the book's construction is not the batch's cost
	var heap runtime.MemStats
	runtime.ReadMemStats(&heap)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU(b)
	post(b, m, batches, b.N, time.Hour)
	b.ReportMetric(float64(processCPU(b)-cpu)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(heap.HeapAlloc)/(1<<20), "heap-MiB") // the book's, before the batches
}

// processCPU is the CPU time the process has used (user and system, the
// collector's workers included): on a machine shared with other work the
// wall clock of a batch tells its share of the cores as much as its cost.
func processCPU(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkSortedBankPage is BenchmarkBankPage in the order of the
// largest outstanding first: a walk of the same length down another set.
func BenchmarkSortedBankPage(b *testing.B) {
	m := benchMemory(b)
	q := LoanQuery{Bank: benchBank(3), Sort: Sort{By: ByAmount, Desc: true}, Limit: ListLimitMax}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if page, _ := m.Loans(b.Context(), q); len(page) != ListLimitMax {
			b.Fatalf("got %d loans, want a page of %d", len(page), ListLimitMax)
		}
	}
}
