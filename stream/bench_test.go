package stream

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/simulate"
)

// benchStream is a simulated stream of about 10 inputs per loan.
func benchStream(b *testing.B, loans int) (programs []byte, lines [][]byte) {
	b.Helper()
	programs, s := simulate.Generate(simulate.Options{Loans: loans, Seed: 1})
	for l := range s.All() {
		lines = append(lines, append([]byte(nil), l...))
	}
	return programs, lines
}

func benchKafka(b *testing.B, partitions int) KafkaConfig {
	b.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(0), kfake.GroupMinSessionTimeout(time.Second))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(c.Close)
	cfg := KafkaConfig{Brokers: c.ListenAddrs(), Partitions: partitions, SessionTimeout: 6 * time.Second,
		FetchWait: 5 * time.Millisecond, TopicPrefix: fmt.Sprintf("bench%d.", os.Getpid())}
	if err := cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	if err := EnsureTopics(context.Background(), cfg); err != nil {
		b.Fatal(err)
	}
	return cfg
}

// produceAll writes every line to its topic, keyed by program.
func produceAll(b *testing.B, cfg KafkaConfig, lines [][]byte) {
	b.Helper()
	w := &kafka.Writer{Addr: kafka.TCP(cfg.Brokers...), Balancer: &kafka.Murmur2Balancer{}, RequiredAcks: kafka.RequireAll,
		BatchSize: 1000, BatchTimeout: 2 * time.Millisecond}
	defer w.Close()
	var msgs []kafka.Message
	for _, l := range lines {
		var env struct{ Program, Source string }
		json.Unmarshal(l, &env)
		topic := cfg.Topic(TopicBankEvents)
		if len(env.Source) > 8 && (env.Source[:8] == "finance:" || env.Source[:6] == "admin:") {
			topic = cfg.Topic(TopicCommands)
		}
		msgs = append(msgs, kafka.Message{Topic: topic, Key: []byte(env.Program), Value: l})
		if len(msgs) == 1000 {
			if err := w.WriteMessages(context.Background(), msgs...); err != nil {
				b.Fatal(err)
			}
			msgs = msgs[:0]
		}
	}
	if err := w.WriteMessages(context.Background(), msgs...); err != nil {
		b.Fatal(err)
	}
}

// rawReadRate reads every message of both input topics with plain
// kafka-go partition readers: the floor the engine is compared with.
func rawReadRate(b *testing.B, cfg KafkaConfig, total int) float64 {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	n := 0
	for _, topic := range []string{cfg.Topic(TopicBankEvents), cfg.Topic(TopicCommands)} {
		for p := 0; p < cfg.Partitions; p++ {
			wg.Add(1)
			go func(topic string, p int) {
				defer wg.Done()
				r := kafka.NewReader(kafka.ReaderConfig{Brokers: cfg.Brokers, Topic: topic, Partition: p, MaxWait: 5 * time.Millisecond})
				defer r.Close()
				for {
					if _, err := r.FetchMessage(ctx); err != nil {
						return
					}
					mu.Lock()
					n++
					if n == total {
						cancel()
					}
					mu.Unlock()
				}
			}(topic, p)
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	if n != total {
		b.Fatalf("raw read: got %d messages, want %d", n, total)
	}
	return float64(n) / elapsed.Seconds()
}

// BenchmarkKafkaIngest: sustained rate from the input topics into journaled
// state, against the raw kafka-go read rate of the same topics in the same
// run (target: at least 50%), and the time from produce to journaled.
func BenchmarkKafkaIngest(b *testing.B) {
	loans := 20000
	if testing.Short() {
		loans = 2000
	}
	programs, lines := benchStream(b, loans)
	for i := 0; i < b.N; i++ {
		cfg := benchKafka(b, 3) // the three simulated programs land on three partitions
		produceAll(b, cfg, lines)
		raw := rawReadRate(b, cfg, len(lines))

		k, err := NewKafkaEngine(cfg, programs, ledger.NewMemoryViews(), quietLogger())
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		start := time.Now()
		go func() { done <- k.Run(ctx) }()
		total := func() (n int64) {
			for _, r := range k.Owned() {
				n += r.Counts().Inputs.Load()
			}
			return n
		}
		for total() < int64(len(lines)) {
			time.Sleep(5 * time.Millisecond)
		}
		engineRate := float64(len(lines)) / time.Since(start).Seconds()

		// Latency: single inputs produced one at a time while the engine runs.
		lat := produceLatencies(b, cfg, k, 200)
		cancel()
		<-done
		b.ReportMetric(raw, "raw-msgs/s")
		b.ReportMetric(engineRate, "journaled-inputs/s")
		b.ReportMetric(engineRate/raw, "ratio_to_raw_read")
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-produce-to-journal-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-produce-to-journal-ms")
	}
}

// produceLatencies produces n projects updates... as funding inputs, one at
// a time, and measures each from the produce call to its journaling.
func produceLatencies(b *testing.B, cfg KafkaConfig, k *KafkaEngine, n int) []time.Duration {
	w := &kafka.Writer{Addr: kafka.TCP(cfg.Brokers...), Topic: cfg.Topic(TopicCommands), Balancer: &kafka.Murmur2Balancer{},
		RequiredAcks: kafka.RequireAll, BatchTimeout: time.Millisecond}
	defer w.Close()
	var lats []time.Duration
	for i := 0; i < n; i++ {
		before := int64(0)
		for _, r := range k.Owned() {
			before += r.Counts().Inputs.Load()
		}
		line := fmt.Sprintf(`{"id":"lat-%d","type":"pool.funded","source":"finance:bench","program":"sd-lukedai","at":"2030-01-01T00:00:00Z","data":{"funder":"city","amount":"1.00"}}`, i)
		start := time.Now()
		if err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte("sd-lukedai"), Value: []byte(line)}); err != nil {
			b.Fatal(err)
		}
		for {
			now := int64(0)
			for _, r := range k.Owned() {
				now += r.Counts().Inputs.Load()
			}
			if now > before {
				break
			}
			time.Sleep(50 * time.Microsecond)
		}
		lats = append(lats, time.Since(start))
	}
	sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
	return lats
}

// BenchmarkEmbeddedJournal: inputs/s through the embedded journal with
// group commit (one fsync per batch) under 8 concurrent submitters, against
// the rate of the same inputs applied in memory without a journal.
func BenchmarkEmbeddedJournal(b *testing.B) {
	loans := 5000
	programs, lines := benchStream(b, loans)
	for i := 0; i < b.N; i++ {
		j, err := OpenBoltJournal(b.TempDir(), time.Second)
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
		next := make(chan []Item)
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
			var items []Item
			for _, l := range lines[lo:min(lo+perSubmit, len(lines))] {
				items = append(items, Item{Raw: l})
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
