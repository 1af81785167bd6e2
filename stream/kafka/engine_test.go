package kafka

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/internal/testsvc"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/stream/journal"
)

func quietLogger() *slog.Logger { return streamtest.QuietLogger() }

type runningKafka struct {
	k    *Engine
	loop *streamtest.Loop
}

func startKafkaEngine(t *testing.T, cfg Config, programs []byte) *runningKafka {
	t.Helper()
	return startKafkaEngineViews(t, cfg, programs, readmodel.NewMemory())
}

// startOwningAll starts an engine and waits until it is ready and owns
// every partition.
func startOwningAll(t *testing.T, cfg Config, programs []byte) *runningKafka {
	t.Helper()
	rk := startKafkaEngine(t, cfg, programs)
	rk.waitOwningAll(t, 30*time.Second)
	return rk
}

// waitOwningAll waits until the engine is ready and owns every partition.
func (rk *runningKafka) waitOwningAll(t *testing.T, within time.Duration) {
	t.Helper()
	waitFor(t, "the engine to own every partition", within, func() bool {
		return rk.k.Ready() && len(rk.k.Owned()) == rk.k.cfg.Partitions
	})
}

// startKafkaEngineViews starts an engine publishing into views; it stops
// at the end of the test.
func startKafkaEngineViews(t *testing.T, cfg Config, programs []byte, views readmodel.Store) *runningKafka {
	t.Helper()
	k, err := NewEngine(cfg, programs, views, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	return runKafkaEngine(t, k)
}

// runKafkaEngine runs k until the test ends or it is stopped.
func runKafkaEngine(t *testing.T, k *Engine) *runningKafka {
	t.Helper()
	rk := &runningKafka{k: k, loop: streamtest.Go(k.Run)}
	t.Cleanup(func() { rk.stop(t) })
	return rk
}

func (rk *runningKafka) stop(t *testing.T) {
	if err := rk.loop.Stop(t, 30*time.Second); err != nil {
		t.Errorf("kafka engine: %v", err)
	}
}

// totals sums the counts of the partitions this engine owns.
func (rk *runningKafka) totals() (inputs int64) { return journaledInputs(rk.k) }

// journaledInputs is the inputs journaled by the partitions k owns.
func journaledInputs(k *Engine) (n int64) {
	for _, r := range k.Owned() {
		n += r.Counts().Inputs.Load()
	}
	return n
}

// waitFor polls cond every 20 ms until it holds or the deadline passes.
func waitFor(t *testing.T, what string, deadline time.Duration, cond func() bool) {
	streamtest.WaitFor(t, what, deadline, cond)
}

const examples = "../../testdata/examples/"

// exampleInputs reads an example directory's programs and input lines.
func exampleInputs(t *testing.T, dir string) (programs []byte, lines [][]byte) {
	return testsvc.ExampleInputs(t, dir)
}

// replayState is the state document of a plain replay of the lines.
func replayState(t *testing.T, programs []byte, lines [][]byte) []byte {
	return streamtest.ReplayState(t, programs, lines)
}

// simLines is a simulated stream of about ten inputs per loan.
func simLines(t testing.TB, loans int, seed uint64) (programs []byte, lines [][]byte) {
	return streamtest.SimLines(t, loans, seed)
}

// produce writes inputs keyed by program with the murmur2 partitioner:
// finance and admin inputs to the commands topic, the rest to bank events.
func produce(t *testing.T, cfg Config, lines [][]byte) {
	t.Helper()
	w := &kafkago.Writer{Addr: kafkago.TCP(cfg.Brokers...), Balancer: &kafkago.Murmur2Balancer{},
		RequiredAcks: kafkago.RequireAll, BatchTimeout: time.Millisecond, AllowAutoTopicCreation: false}
	defer w.Close()
	var msgs []kafkago.Message
	for _, l := range lines {
		msgs = append(msgs, inputMessage(cfg, l))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := w.WriteMessages(ctx, msgs...); err != nil {
		t.Fatal(err)
	}
}

// inputMessage is an input as a client sends it: to its source's input
// topic, keyed by its program.
func inputMessage(cfg Config, line []byte) kafkago.Message {
	var env struct{ Program, Source string }
	json.Unmarshal(line, &env)
	return kafkago.Message{Topic: cfg.InputTopic(env.Source), Key: []byte(env.Program), Value: line}
}

// produceInOrder sends one input at a time and waits until it is applied,
// so that the two input topics interleave exactly as the file orders them.
func produceInOrder(t *testing.T, cfg Config, rk *runningKafka, lines [][]byte) {
	t.Helper()
	for _, l := range lines {
		before := rk.totals()
		produce(t, cfg, [][]byte{l})
		waitFor(t, "the input to be journaled", 20*time.Second, func() bool { return rk.totals() == before+1 })
	}
}

// partitionState is the state document of the engine owning a program.
func partitionState(t *testing.T, rk *runningKafka, cfg Config, program string) []byte {
	t.Helper()
	p := ProgramPartition(program, cfg.Partitions)
	r := rk.k.Owned()[p]
	if r == nil {
		t.Fatalf("partition %d is not owned", p)
	}
	return streamtest.EngineState(t, r.Do)
}

func TestKafkaEngineAppliesAndResumes(t *testing.T) {
	cfg := testKafka(t, 3)
	programs, lines := exampleInputs(t, examples+"4-fifo-short-pool")
	want := replayState(t, programs, lines)
	half := len(lines) / 2

	rk := startOwningAll(t, cfg, programs)
	produceInOrder(t, cfg, rk, lines[:half])
	rk.stop(t)

	// While no engine runs, the rest of the inputs arrive; a new engine
	// resumes after the journal and applies each exactly once.
	rk = startKafkaEngine(t, cfg, programs)
	rk.waitOwningAll(t, 30*time.Second)
	produceInOrder(t, cfg, rk, lines[half:])
	waitFor(t, "the journal lag to reach 0", 10*time.Second, func() bool { return rk.k.Lag() == 0 })
	if got := partitionState(t, rk, cfg, "pool-50"); !bytes.Equal(got, want) {
		t.Errorf("state from Kafka differs from replay:\n%s\nwant:\n%s", got, want)
	}
}

func TestKafkaPoisonAndWrongPartition(t *testing.T) {
	cfg := testKafka(t, 3)
	programs, lines := exampleInputs(t, examples+"1-lukedai-default")
	rk := startOwningAll(t, cfg, programs)

	right := ProgramPartition("dz-lukedai", cfg.Partitions)
	wrong := (right + 1) % cfg.Partitions
	w := &kafkago.Writer{Addr: kafkago.TCP(cfg.Brokers...), Topic: cfg.Topic(TopicBankEvents), Balancer: fixedPartition(wrong),
		RequiredAcks: kafkago.RequireAll, BatchTimeout: time.Millisecond}
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := w.WriteMessages(ctx, kafkago.Message{Value: []byte("not json at all")}, kafkago.Message{Value: lines[2]}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "both messages to be journaled", 20*time.Second, func() bool { return rk.totals() == 2 })

	// Both are journaled as rejected on the wrong partition's engine and
	// dead-lettered with their coordinates; the stream goes on.
	var codes []string
	rk.k.Owned()[wrong].Do(ctx, func(e *ledger.Engine) {
		for _, r := range e.State().Rejected {
			codes = append(codes, r.Code)
		}
	})
	if got := strings.Join(codes, ","); got != "bad_json,wrong_partition" && got != "wrong_partition,bad_json" {
		t.Errorf("rejected codes: got %s, want bad_json and wrong_partition", got)
	}
	r := kafkago.NewReader(kafkago.ReaderConfig{Brokers: cfg.Brokers, Topic: cfg.Topic(TopicDLQ), Partition: 0, MaxWait: 50 * time.Millisecond})
	defer r.Close()
	got := map[string]DeadLetter{}
	for len(got) < 2 {
		// The DLQ is keyed by coordinates; read every partition until both arrive.
		found := false
		for p := 0; p < cfg.Partitions && !found; p++ {
			rr := kafkago.NewReader(kafkago.ReaderConfig{Brokers: cfg.Brokers, Topic: cfg.Topic(TopicDLQ), Partition: p, MaxWait: 50 * time.Millisecond})
			for {
				rctx, rcancel := context.WithTimeout(ctx, 300*time.Millisecond)
				m, err := rr.FetchMessage(rctx)
				rcancel()
				if err != nil {
					break
				}
				var dl DeadLetter
				json.Unmarshal(m.Value, &dl)
				got[dl.Code] = dl
			}
			rr.Close()
		}
		if ctx.Err() != nil {
			t.Fatalf("dead letters: got %v, want bad_json and wrong_partition", got)
		}
	}
	if dl := got["bad_json"]; string(dl.Input) != "not json at all" || dl.Topic != cfg.Topic(TopicBankEvents) || dl.Partition != int32(wrong) {
		t.Errorf("bad_json dead letter: got %+v", dl)
	}
	if dl := got["wrong_partition"]; !strings.Contains(dl.Message, fmt.Sprintf("belongs on partition %d", right)) {
		t.Errorf("wrong_partition dead letter message: got %q", dl.Message)
	}
	// The journal marks the gate's verdict as the transport's, so a replay
	// gives it back without the gate.
	j := NewJournal(cfg, wrong)
	defer j.Close()
	var verdicts []string
	if err := j.Replay(ctx, 0, func(rec journal.Record) error {
		if rec.Kind == journal.KindInput {
			verdicts = append(verdicts, fmt.Sprintf("%s/%v", rec.Code, rec.Transport))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(verdicts, ","); got != "bad_json/false,wrong_partition/true" {
		t.Errorf("journal of partition %d: got %s, want bad_json/false,wrong_partition/true", wrong, got)
	}
	// The id was not remembered: on its own partition the input applies.
	w.Balancer = fixedPartition(right)
	if err := w.WriteMessages(ctx, kafkago.Message{Value: lines[2]}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the input on its own partition to be journaled", 20*time.Second, func() bool { return rk.totals() == 3 })
	if applied := rk.k.Owned()[right].Counts().Applied.Load(); applied != 1 {
		t.Errorf("partition %d applied %d inputs, want 1", right, applied)
	}
}

// fixedPartition sends every message to one partition (tests and
// benchmarks that write a partition of their choosing).
type fixedPartition int

func (p fixedPartition) Balance(_ kafkago.Message, partitions ...int) int {
	for _, q := range partitions {
		if q == int(p) {
			return q
		}
	}
	return partitions[0]
}
