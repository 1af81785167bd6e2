package readmodel

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
)

// The posting benchmark: the writer publishes batches into a read model of
// benchLoans loans while benchScanners banks page through their loans and
// claims, as GET /v1/loans?limit=500&after=... does. Its numbers are the
// posting rate alone, the rate beside the scanning banks, and their ratio
// (goal >= 0.8: one bank paging must not stall the others' posting).
const (
	benchLoans    = 500_000
	benchBanks    = 40
	benchScanners = 16
	benchClaimOf  = 16 // one loan in benchClaimOf has a claim
	// benchBatch is a writer batch (stream.DefaultBatchMax inputs): mostly
	// loans refreshed by repayments, a few new ones, claims moving.
	benchBatch, benchNewLoans, benchClaimMoves = 512, 8, 16
	// benchPageEvery is how often each bank asks for a page in the paced
	// runs: 16 banks, 1,600 pages (800,000 documents) a second, more than
	// the API can encode and send on a 2-core machine, so that what is
	// measured is the read model's lock, not the clients' load.
	benchPageEvery = 10 * time.Millisecond
)

var bench struct {
	once sync.Once
	m    *Memory
	next atomic.Int64 // the next new loan's number
}

func benchBank(i int) string { return fmt.Sprintf("bank-%02d", i%benchBanks) }

var benchStatuses = []string{"pending", "awaiting_second_approval", "queued", "paid", "rejected"}

func benchLoan(i int) ledger.LoanView {
	return ledger.LoanView{LoanDoc: ledger.LoanDoc{ID: fmt.Sprintf("L%07d", i), Program: fmt.Sprintf("prog-%d", i%4),
		Bank: benchBank(i), Borrower: fmt.Sprintf("E%06d", i/3), Status: "performing", Outstanding: "1250000.00",
		Covered: true}, Principal: "1500000.00", BorrowerName: "Borrower Co. Ltd", Sector: "software", Size: "small"}
}

func benchClaim(i int, status string) ledger.ClaimView {
	l := benchLoan(i)
	return ledger.ClaimView{ClaimDoc: ledger.ClaimDoc{ID: l.Program + "/" + l.ID, Program: l.Program, Loan: l.ID,
		Bank: l.Bank, Status: status, Loss: "400000.00"}, Kind: "guarantee_program", Currency: "CNY"}
}

// benchMemory is the read model of benchLoans loans, built once per run.
func benchMemory(b *testing.B) *Memory {
	bench.once.Do(func() {
		m := NewMemory()
		v := ledger.Views{Loans: make([]ledger.LoanView, 0, benchLoans)}
		for i := range benchLoans {
			v.Loans = append(v.Loans, benchLoan(i))
			if i%benchClaimOf == 0 {
				v.Claims = append(v.Claims, benchClaim(i, benchStatuses[i%len(benchStatuses)]))
			}
		}
		if err := m.Put(context.Background(), v); err != nil {
			b.Fatal(err)
		}
		bench.m = m
		bench.next.Store(benchLoans)
	})
	return bench.m
}

// benchBatches are writer batches to publish in turn (built before the
// clock runs: building documents is the engine's cost, not the store's).
func benchBatches(n int) []ledger.Views {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]ledger.Views, n)
	for k := range out {
		v := &out[k]
		for range benchBatch - benchNewLoans - benchClaimMoves {
			l := benchLoan(r.IntN(benchLoans))
			l.Outstanding, l.DaysPastDue = fmt.Sprintf("%d.00", r.IntN(1_500_000)), int32(r.IntN(30))
			v.Loans = append(v.Loans, l)
		}
		for range benchClaimMoves {
			i := r.IntN(benchLoans/benchClaimOf) * benchClaimOf
			v.Claims = append(v.Claims, benchClaim(i, benchStatuses[r.IntN(len(benchStatuses))]))
		}
		v.Programs = []ledger.ProgramView{{ProgramDoc: ledger.ProgramDoc{ID: "prog-0"}, ClaimsByStatus: map[string]int{"paid": k}}}
	}
	return out
}

// benchPagingMax bounds the posting beside the banks: the scan that the
// indexes replace posts a batch or two a second.
const benchPagingMax = 5 * time.Second

// benchRounds alternates posting alone and beside the banks, so that a
// change in the machine's load (other processes) falls on both alike.
const benchRounds = 40

// tally is a number of batches posted and the time they took.
type tally struct {
	puts int
	took time.Duration
}

func (t *tally) add(o tally)       { t.puts, t.took = t.puts+o.puts, t.took+o.took }
func (t tally) perSecond() float64 { return float64(t.puts) / t.took.Seconds() }

// post publishes n batches, or fewer if the time runs out.
func post(b *testing.B, m *Memory, batches []ledger.Views, n int, most time.Duration) tally {
	ctx := context.Background()
	start := time.Now()
	i := 0
	for ; i < n && time.Since(start) < most; i++ {
		v := batches[i%len(batches)]
		// A batch also opens a few loans, past every id (as ids are issued).
		v.Loans = append(v.Loans[:len(v.Loans):len(v.Loans)], make([]ledger.LoanView, 0, benchNewLoans)...)
		for range benchNewLoans {
			v.Loans = append(v.Loans, benchLoan(int(bench.next.Add(1))))
		}
		if err := m.Put(ctx, v); err != nil {
			b.Fatal(err)
		}
	}
	return tally{puts: i, took: time.Since(start)}
}

// pager reads pages of one bank's loans or claims, following the cursor
// and starting over at the end of the list.
type pager struct {
	bank        string
	loans       bool
	loansAfter  string
	claimsAfter string
}

func (p *pager) page(m *Memory, scan bool) {
	ctx := context.Background()
	p.loans = !p.loans
	if p.loans {
		q := LoanQuery{Bank: p.bank, After: p.loansAfter, Limit: ListLimitMax}
		var page []ledger.LoanView
		if scan {
			page = scanLoans(m, q)
		} else {
			page, _ = m.Loans(ctx, q)
		}
		p.loansAfter = ""
		if len(page) == ListLimitMax {
			p.loansAfter = page[len(page)-1].ID
		}
		return
	}
	q := ClaimQuery{Bank: p.bank, After: p.claimsAfter, Limit: ListLimitMax}
	var page []ledger.ClaimView
	if scan {
		page = scanClaims(m, q)
	} else {
		page, _ = m.Claims(ctx, q)
	}
	p.claimsAfter = ""
	if len(page) == ListLimitMax {
		p.claimsAfter = page[len(page)-1].ID
	}
}

// BenchmarkPostingWhileBanksPage reports the writer's posting rate alone
// (puts/s_alone), beside benchScanners banks paging their loans and claims
// (puts/s_paging), their ratio (posting_ratio), and the pages the banks
// read a second. indexed is the read model; scan reads as MemoryViews did
// before it had indexes (every document under the lock, filtered), for
// comparison. paced banks ask a page every benchPageEvery; flat-out ones
// ask the next as soon as they have one (then the ratio is bounded by the
// CPU share 2 cores leave the writer beside 16 busy goroutines, whatever
// the locking).
func BenchmarkPostingWhileBanksPage(b *testing.B) {
	for _, c := range []struct {
		name      string
		scan      bool
		pageEvery time.Duration
	}{
		{"indexed/paced", false, benchPageEvery},
		{"scan/paced", true, benchPageEvery},
		{"indexed/flat-out", false, 0},
	} {
		b.Run(c.name, func(b *testing.B) {
			m := benchMemory(b)
			batches := benchBatches(64)
			pagers := make([]*pager, benchScanners)
			for i := range pagers {
				pagers[i] = &pager{bank: benchBank(i)}
			}
			post(b, m, batches, 8, time.Hour) // warm
			b.ResetTimer()
			var alone, paging tally
			var pages int64
			per := max(1, b.N/benchRounds)
			for range benchRounds {
				alone.add(post(b, m, batches, per, time.Hour))
				t, n := postWhilePaging(b, m, batches, pagers, c.scan, c.pageEvery, per)
				paging.add(t)
				pages += n
			}
			b.StopTimer()
			b.ReportMetric(alone.perSecond(), "puts/s_alone")
			b.ReportMetric(paging.perSecond(), "puts/s_paging")
			b.ReportMetric(paging.perSecond()/alone.perSecond(), "posting_ratio")
			b.ReportMetric(float64(pages)/paging.took.Seconds(), "pages/s")
		})
	}
}

// postWhilePaging posts n batches while the banks page, once every bank
// has read a page; it returns the posting and the pages the banks read
// meanwhile.
func postWhilePaging(b *testing.B, m *Memory, batches []ledger.Views, pagers []*pager, scan bool, every time.Duration, n int) (tally, int64) {
	var (
		stop    = make(chan struct{})
		started sync.WaitGroup
		done    sync.WaitGroup
		pages   atomic.Int64
	)
	started.Add(len(pagers))
	done.Add(len(pagers))
	for _, p := range pagers {
		go func() {
			defer done.Done()
			p.page(m, scan)
			started.Done()
			var tick <-chan time.Time
			if every > 0 {
				t := time.NewTicker(every)
				defer t.Stop()
				tick = t.C
			}
			for {
				if tick != nil {
					select {
					case <-stop:
						return
					case <-tick:
					}
				} else {
					select {
					case <-stop:
						return
					default:
					}
				}
				p.page(m, scan)
				pages.Add(1)
			}
		}()
	}
	started.Wait()
	t := post(b, m, batches, n, benchPagingMax/benchRounds)
	read := pages.Load()
	close(stop)
	done.Wait()
	return t, read
}
