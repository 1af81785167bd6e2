package kafka

import (
	"context"
	"strconv"

	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
)

// partitionReader reads one partition of a topic. kafka-go sleeps
// ReadBackoffMin (100 ms by default) after a fetch that ends past the end of
// the partition, which a lone input then waits out (the benchmark's p99
// showed it): the pause is kept at the fetch wait, doubling up to
// RetryBackoffMax while errors repeat.
//
// kafka-go's MaxWait is both the fetch's wait at the broker and the
// deadline of its answer: below 1 s it asks the broker to wait three
// quarters of it and leaves a quarter (5 ms of the default 20 ms) for the
// answer to arrive. On a busy host an answer of up to a megabyte missed
// that: the reader took the timeout for a broken connection, dialled
// again and fetched the same records again (about one fetch in two in the
// ingest benchmark on 2 cores). From 1 s up it keeps 1 s for the answer:
// the broker still waits FetchWait.
func partitionReader(cfg Config, topic string, p int) *kafkago.Reader {
	return kafkago.NewReader(kafkago.ReaderConfig{Brokers: cfg.Brokers, Topic: topic, Partition: p,
		MinBytes: 1, MaxBytes: readerBytesMax, MaxWait: cfg.FetchWait + fetchAnswerSlack,
		ReadBackoffMin: cfg.FetchWait, ReadBackoffMax: max(cfg.RetryBackoffMax, cfg.FetchWait)})
}

// fetchAnswerSlack is what kafka-go keeps of MaxWait for a fetch's answer
// to arrive once MaxWait is 1 s or more (its round-trip allowance).
const fetchAnswerSlack = time.Second

// readerBytesMax bounds one fetch of a partition reader (kafka-go's
// default, 1 MiB; an input is at most 64 KiB). Larger fetches stalled
// against the in-process test broker.
const readerBytesMax = 1 << 20

// Engine consumes techcredit.bank-events and techcredit.commands in one
// consumer group and runs a stream.Runner, over its journal partition, for every
// partition the group assigns it. Range assignment keeps partition p of
// both topics on the same member.
type Engine struct {
	cfg      Config
	programs []byte
	keys     Keys // of programs: the partition of each program (SPEC §2)
	views    readmodel.Store
	log      *slog.Logger

	snapshots engineSnapshots // of the partition runners (UseSnapshots); none by default

	mu         sync.Mutex
	owned      map[int]*stream.Runner
	assigned   int                 // partitions of the current generation; 0 between generations
	generation *kafkago.Generation // the current one, nil before the first
	catchUps   map[int]*catchUp    // of the owned partitions (Ready)
	// lag per input topic partition: messages after the last one fetched.
	// A partition's reader stores into its own counter, without the lock.
	lag map[string]*atomic.Int64
}

// Lag is the journal lag: inputs in the input topics not yet fetched by
// this instance's partitions, plus inputs fetched and not yet journaled.
func (k *Engine) Lag() int64 {
	k.mu.Lock()
	var n int64
	for _, l := range k.lag {
		n += l.Load()
	}
	owned := make([]*stream.Runner, 0, len(k.owned))
	for _, r := range k.owned {
		owned = append(owned, r)
	}
	k.mu.Unlock()
	for _, r := range owned {
		n += r.Counts().Pending.Load()
	}
	return n
}

// lagOf is the lag counter of an input topic partition ("topic/p"), made
// on its first reader's start.
func (k *Engine) lagOf(key string) *atomic.Int64 {
	k.mu.Lock()
	defer k.mu.Unlock()
	l := k.lag[key]
	if l == nil {
		l = new(atomic.Int64)
		k.lag[key] = l
	}
	return l
}

// noteLag records the messages after m in its partition.
func noteLag(lag *atomic.Int64, m kafkago.Message) { lag.Store(max(0, m.HighWaterMark-m.Offset-1)) }

// NewEngine validates cfg and returns an engine that has not started.
func NewEngine(cfg Config, programsFile []byte, views readmodel.Store, log *slog.Logger) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	return &Engine{cfg: cfg, programs: programsFile, keys: KeysOfFile(programsFile), views: views, log: log, owned: map[int]*stream.Runner{},
		catchUps: map[int]*catchUp{}, lag: map[string]*atomic.Int64{}}, nil
}

// PartitionOf is the partition of a program's inputs: that of its
// kafka_key in the engine's programs file.
func (k *Engine) PartitionOf(program string) int {
	return ProgramPartition(k.keys.Of(program), k.cfg.Partitions)
}

// Owned lists the partitions this instance runs now, with their runners.
func (k *Engine) Owned() map[int]*stream.Runner {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := make(map[int]*stream.Runner, len(k.owned))
	for p, r := range k.owned {
		out[p] = r
	}
	return out
}

// Run joins the group and runs generation after generation until ctx ends.
// A broker that goes away ends the generation; the engine rejoins with a
// bounded backoff and each partition resumes after its journal.
func (k *Engine) Run(ctx context.Context) error {
	backoff := newBackoff(k.cfg.RetryBackoffMax)
	for {
		err := EnsureTopics(ctx, k.cfg)
		if err == nil {
			break
		}
		k.log.Warn("kafka topics not ready", "err", err)
		if !backoff.wait(ctx) {
			return nil
		}
	}
	group, err := kafkago.NewConsumerGroup(kafkago.ConsumerGroupConfig{
		ID: k.cfg.GroupID, Brokers: k.cfg.Brokers, Topics: []string{k.cfg.Topic(TopicBankEvents), k.cfg.Topic(TopicCommands)},
		GroupBalancers: []kafkago.GroupBalancer{pairedRangeBalancer{}},
		SessionTimeout: k.cfg.SessionTimeout, HeartbeatInterval: k.cfg.SessionTimeout / 5,
		RebalanceTimeout: k.cfg.SessionTimeout, JoinGroupBackoff: time.Second,
		StartOffset: kafkago.FirstOffset, Timeout: k.cfg.IOTimeout,
	})
	if err != nil {
		return err
	}
	defer group.Close()
	for {
		gen, err := group.Next(ctx)
		if err != nil {
			k.endGeneration(nil)
			if ctx.Err() != nil {
				return nil
			}
			k.log.Warn("consumer group", "err", err)
			if !backoff.wait(ctx) {
				return nil
			}
			continue
		}
		backoff.reset()
		parts := assignedPartitions(gen)
		k.log.Info("generation", "id", gen.ID, "member", gen.MemberID, "partitions", parts)
		k.mu.Lock()
		k.assigned, k.generation = len(parts), gen
		k.mu.Unlock()
		// The generation's context ends when a rebalance begins: from then
		// on the instance is between generations, not ready.
		gen.Start(func(gctx context.Context) { <-gctx.Done(); k.endGeneration(gen) })
		for _, p := range parts {
			p := p
			gen.Start(func(gctx context.Context) { k.runPartition(gctx, gen, p) })
		}
	}
}

func assignedPartitions(gen *kafkago.Generation) []int {
	set := map[int]bool{}
	for _, as := range gen.Assignments {
		for _, a := range as {
			set[a.ID] = true
		}
	}
	out := make([]int, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Ints(out)
	return out
}

// runPartition owns partition p for one generation: it rebuilds the
// partition's engine from the journal, claims the journal, and applies the
// inputs after those the journal already holds.
func (k *Engine) runPartition(ctx context.Context, gen *kafkago.Generation, p int) {
	log := k.log.With("partition", p, "generation", gen.ID)
	jr := NewJournal(k.cfg, p)
	defer jr.Close()
	runner := stream.NewRunner(jr, k.views, k.runnerConfig(p, log))
	if err := runner.Recover(ctx, k.programs); err != nil {
		log.Error("partition recovery failed", "err", err)
		sleepCtx(ctx, time.Second) // the generation ends; do not spin
		return
	}
	k.mu.Lock()
	k.owned[p] = runner
	k.mu.Unlock()
	defer func() {
		k.mu.Lock()
		if k.owned[p] == runner {
			delete(k.owned, p)
			delete(k.catchUps, p)
		}
		k.mu.Unlock()
	}()
	runCtx, stopRunner := context.WithCancel(ctx)
	runDone := make(chan error, 1)
	go func() { runDone <- runner.Run(runCtx) }()
	defer func() { stopRunner(); <-runDone }()

	msgs := make(chan kafkago.Message, 2*k.cfg.BatchMax)
	var readers sync.WaitGroup
	fetchCtx, stopFetch := context.WithCancel(ctx)
	defer func() { stopFetch(); readers.Wait() }()
	topics := []string{k.cfg.Topic(TopicBankEvents), k.cfg.Topic(TopicCommands)}
	// Readiness: the end offsets now, before the readers start, are what
	// this owner must journal before it answers ready.
	ends, err := endOffsets(ctx, k.cfg, p, topics)
	if err != nil {
		log.Error("input end offsets", "err", err)
		return
	}
	starts := map[string]int64{}
	for _, topic := range topics {
		starts[topic] = runner.ResumeOffset(topic, int32(p))
	}
	k.startCatchUp(p, ends, starts)
	for _, topic := range topics {
		r := partitionReader(k.cfg, topic, p)
		start := starts[topic]
		if start == 0 {
			start = kafkago.FirstOffset
		}
		if err := r.SetOffset(start); err != nil {
			log.Error("set offset", "topic", topic, "err", err)
			r.Close()
			return
		}
		readers.Add(1)
		lag := k.lagOf(topic + "/" + strconv.Itoa(p))
		go func() {
			defer readers.Done()
			defer r.Close()
			for {
				m, err := r.FetchMessage(fetchCtx)
				if err != nil {
					if fetchCtx.Err() == nil {
						log.Warn("fetch", "topic", r.Config().Topic, "err", err)
						stopFetch()
					}
					return
				}
				noteLag(lag, m)
				select {
				case msgs <- m:
				case <-fetchCtx.Done():
					return
				}
			}
		}()
	}
	dlq := newDLQWriter(k.cfg)
	defer dlq.Close()
	k.consume(ctx, fetchCtx, gen, p, runner, msgs, dlq, log)
	if ctx.Err() == nil {
		// The partition failed while the generation goes on (a journal
		// write or a reader failed): wait before the next owner's claim, so
		// that a failure that persists is not retried in a tight loop.
		sleepCtx(ctx, time.Second)
	}
}

// consumeDepth is the most batches a partition consumer has enqueued and
// not yet seen journaled: it gathers and gates the next batch while the
// writer applies and journals the previous ones.
const consumeDepth = 2

// enqueuedBatch is a batch handed to the writer, waiting for its outcomes.
type enqueuedBatch struct {
	msgs  []kafkago.Message
	items []journal.Item
	sub   *stream.Submission
}

// consume hands batches of messages to the partition's writer until the
// generation or a reader ends. A batch is what has arrived, up to
// BatchMax: under load the writer's own queue merges them into larger
// journal writes, and a lone input is not held back.
func (k *Engine) consume(ctx, fetchCtx context.Context, gen *kafkago.Generation, p int, runner *stream.Runner,
	msgs <-chan kafkago.Message, dlq *kafkago.Writer, log *slog.Logger) {
	gate := newPartitionGate(p, k.cfg.Partitions, k.keys)
	bankEvents := k.cfg.Topic(TopicBankEvents)
	stopCtx, stop := context.WithCancel(fetchCtx)
	defer stop()
	queued := make(chan enqueuedBatch, consumeDepth)
	settled := make(chan struct{})
	go func() {
		defer close(settled)
		k.settle(ctx, gen, p, runner, queued, dlq, stop, log)
	}()
	defer func() { close(queued); <-settled }()
	for {
		var first kafkago.Message
		select {
		case first = <-msgs:
		case <-stopCtx.Done():
			return
		}
		batch := make([]kafkago.Message, 1, min(1+len(msgs), k.cfg.BatchMax))
		batch[0] = first
		batch = gatherReady(batch, msgs, k.cfg.BatchMax)
		items := gate.gateBatch(batch, bankEvents)
		sub, err := runner.Enqueue(ctx, items)
		if err != nil {
			log.Error("apply batch", "err", err)
			return
		}
		select {
		case queued <- enqueuedBatch{msgs: batch, items: items, sub: sub}:
		case <-stopCtx.Done():
			runner.Await(sub) // it is the writer's now: let it finish before the runner stops
			return
		}
	}
}

// gatherReady appends to batch the messages msgs holds ready, without
// waiting for more, until the batch has max or msgs is closed.
func gatherReady(batch []kafkago.Message, msgs <-chan kafkago.Message, max int) []kafkago.Message {
	for len(batch) < max {
		select {
		case m, ok := <-msgs:
			if !ok {
				return batch
			}
			batch = append(batch, m)
		default:
			return batch
		}
	}
	return batch
}

// settle takes the outcomes of the enqueued batches in order: dead letters
// for what could not be read, then the group's offsets (advisory: the
// journal decides where to resume). A failed batch stops the consumer.
func (k *Engine) settle(ctx context.Context, gen *kafkago.Generation, p int, runner *stream.Runner,
	queued <-chan enqueuedBatch, dlq *kafkago.Writer, stop func(), log *slog.Logger) {
	pending := map[string]map[int]int64{}
	sinceCommit, lastCommit := 0, time.Now()
	commit := func() {
		if len(pending) == 0 {
			return
		}
		if err := gen.CommitOffsets(pending); err != nil {
			log.Warn("commit offsets (advisory: the journal decides where to resume)", "err", err)
		}
		pending, sinceCommit, lastCommit = map[string]map[int]int64{}, 0, time.Now()
	}
	defer commit()
	// Offsets of a burst followed by silence are committed within
	// CommitInterval too, not only when the next batch settles.
	tick := time.NewTicker(k.cfg.CommitInterval)
	defer tick.Stop()
	failed := false
	for {
		var b enqueuedBatch
		select {
		case <-tick.C:
			if time.Since(lastCommit) >= k.cfg.CommitInterval {
				commit()
			}
			continue
		case next, ok := <-queued:
			if !ok {
				return
			}
			b = next
		}
		outs, err := runner.Await(b.sub)
		if failed {
			continue // drained so that the consumer never blocks
		}
		if err != nil {
			log.Error("apply batch", "err", err)
			failed = true
			stop()
			continue
		}
		if err := writeDeadLetters(ctx, dlq, b.items, outs); err != nil {
			log.Error("dead letters not written; the inputs are journaled as rejected", "err", err)
		}
		k.settled(p, b.msgs)
		for _, m := range b.msgs {
			if pending[m.Topic] == nil {
				pending[m.Topic] = map[int]int64{}
			}
			pending[m.Topic][p] = m.Offset + 1
		}
		sinceCommit += len(b.msgs)
		if sinceCommit >= k.cfg.CommitEvery || time.Since(lastCommit) >= k.cfg.CommitInterval {
			commit()
		}
	}
}

// State runs fn on every owned partition's engine, in partition order.
func (k *Engine) State(ctx context.Context, fn func(p int, e *ledger.Engine)) error {
	owned := k.Owned()
	parts := make([]int, 0, len(owned))
	for p := range owned {
		parts = append(parts, p)
	}
	sort.Ints(parts)
	for _, p := range parts {
		if err := owned[p].Do(ctx, func(e *ledger.Engine) { fn(p, e) }); err != nil {
			return err
		}
	}
	return nil
}

// backoff doubles a wait from 100 ms up to a maximum.
type backoff struct {
	max, cur time.Duration
}

func newBackoff(max time.Duration) *backoff { return &backoff{max: max, cur: 100 * time.Millisecond} }

func (b *backoff) reset() { b.cur = 100 * time.Millisecond }

// wait sleeps the current backoff; false when ctx ended first.
func (b *backoff) wait(ctx context.Context) bool {
	ok := sleepCtx(ctx, b.cur)
	b.cur = min(2*b.cur, b.max)
	return ok
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
