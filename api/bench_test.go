package api

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
)

// benchClients is the number of concurrent client goroutines of the load
// generator; each keeps one keep-alive connection.
const benchClients = 16

// BenchmarkAPI measures requests/s and p50/p99 latency of three read
// endpoints over loopback HTTP, each against the floor: a trivial handler
// on the same server, loaded the same way in the same run. Run with e.g.
//
//	go test -run '^$' -bench BenchmarkAPI -benchtime 20000x ./api/
//
// b.N is the number of requests of each load (bounded), spread over
// benchClients goroutines.
func BenchmarkAPI(b *testing.B) {
	e := newEnv(b)
	seedBenchData(b, e.runner)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/floor", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	mux.Handle("/", http.HandlerFunc(e.srv.serveHTTP))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(l) }()
	b.Cleanup(func() { _ = srv.Close() })
	base := "http://" + l.Addr().String()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxIdleConns: benchClients, MaxIdleConnsPerHost: benchClients, MaxConnsPerHost: benchClients}}
	b.Cleanup(client.CloseIdleConnections)

	targets := []struct{ name, path, subject string }{
		{"program", "/v1/programs/dz-lukedai", "finance:li"},
		{"claims", "/v1/claims", "finance:li"},
		{"pipeline", "/v1/pipeline", "investor:vc1"},
	}
	for _, tg := range targets {
		b.Run(tg.name, func(b *testing.B) {
			b.StopTimer()
			floor := load(b, client, base+"/floor", "", b.N)
			b.StartTimer()
			got := load(b, client, base+tg.path, tokenOf(tg.subject), b.N)
			b.StopTimer()
			b.ReportMetric(got.rps, "req/s")
			b.ReportMetric(float64(got.p50.Microseconds()), "p50_µs")
			b.ReportMetric(float64(got.p99.Microseconds()), "p99_µs")
			b.ReportMetric(floor.rps, "floor_req/s")
			b.ReportMetric(got.rps/floor.rps, "rps_of_floor")
			b.ReportMetric(float64(got.p50)/float64(floor.p50), "p50_x_floor")
			b.ReportMetric(float64(got.p99)/float64(floor.p99), "p99_x_floor")
			b.ReportMetric(float64(got.bytes), "resp_bytes")
		})
	}
}

type loadResult struct {
	rps      float64
	p50, p99 time.Duration
	bytes    int
}

// load sends n GETs from benchClients goroutines and measures them; any
// answer but 200 fails the benchmark.
func load(b *testing.B, client *http.Client, url, token string, n int) loadResult {
	b.Helper()
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var size atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	start := time.Now()
	for w := 0; w < benchClients; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n || failed.Load() != nil {
					return
				}
				t0 := time.Now()
				body, err := get(client, url, token)
				lat[i] = time.Since(t0)
				if err != nil {
					failed.Store(err)
					return
				}
				size.Store(int64(body))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return loadResult{rps: float64(n) / elapsed.Seconds(), p50: lat[n/2], p99: lat[min(n-1, n*99/100)], bytes: int(size.Load())}
}

func get(client *http.Client, url, token string) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	if err != nil {
		return 0, err
	}
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: status %d", url, res.StatusCode)
	}
	return int(n), nil
}

// seedBenchData adds 400 loans, 150 of them defaulted (claims), and 300
// projects, so that the lists are full pages (100 documents by default).
func seedBenchData(b *testing.B, r *stream.Runner) {
	b.Helper()
	at := "2026-10-01T09:00:00+08:00"
	items := []journal.Item{{Raw: []byte(`{"id":"bench-f","type":"pool.funded","source":"finance:li","program":"dz-lukedai","at":"` + at +
		`","data":{"funder":"province","amount":"100000000.00"}}`)}}
	for i := 0; i < 400; i++ {
		items = append(items, journal.Item{Raw: []byte(fmt.Sprintf(`{"id":"bench-d%d","type":"loan.disbursed","source":"bank:icbc-dz","program":"dz-lukedai","at":"%s","data":{"loan":"icbc-dz-bench%04d","borrower":{"id":"e-bench-%d","name":"Bench Enterprise %d","sector":"software","size":"small"},"principal":"250000.00","annual_rate":"0.04","term_months":24,"disbursed_on":"2026-10-01"}}`, i, at, i, i%300, i))})
		if i%8 < 3 {
			items = append(items, journal.Item{Raw: []byte(fmt.Sprintf(`{"id":"bench-x%d","type":"loan.defaulted","source":"bank:icbc-dz","program":"dz-lukedai","at":"%s","data":{"loan":"icbc-dz-bench%04d","as_of":"2026-10-02"}}`, i, at, i))})
		}
	}
	for i := 0; i < 300; i++ {
		items = append(items, journal.Item{Raw: []byte(fmt.Sprintf(`{"id":"bench-p%d","type":"project.registered","source":"admin:sci","at":"%s","data":{"project":"bench-p%04d","enterprise":"e-bench-%d","title":"Bench project %d","sector":"software","stage":"pilot","funding_sought":"5000000.00","status":"listed","summary":"A project of the benchmark."}}`, i, at, i, i, i))})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	outs, err := r.Submit(ctx, items)
	if err != nil {
		b.Fatal(err)
	}
	for _, o := range outs {
		if o.Status.String() != "applied" {
			b.Fatalf("bench input %s: %s %s %s", o.ID, o.Status, o.Code, o.Message)
		}
	}
}
