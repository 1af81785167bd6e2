package kafka

import (
	"context"
	"encoding/json"
	"time"

	kafkago "github.com/segmentio/kafka-go"
)

// ProduceBatchMax is the inputs of one Producer.Produce call.
const ProduceBatchMax = 1000

// Producer produces inputs as banks and the finance office would (techcredit
// ingest): bank, guarantor, investor and fund inputs to bank events, finance and admin
// inputs to commands, keyed by program (its kafka_key, Config.Keys) or fund;
// an input without either goes to
// every partition, since every partition's engine needs it (InputMessages,
// Router). Unlike Submitter, it does not wait for outcomes.
type Producer struct {
	cfg Config
	w   *kafkago.Writer
}

// NewProducer returns a producer to the input topics of cfg.
func NewProducer(cfg Config) (*Producer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Producer{cfg: cfg, w: &kafkago.Writer{Addr: kafkago.TCP(cfg.Brokers...), Balancer: Router{},
		RequiredAcks: kafkago.RequireAll, BatchSize: ProduceBatchMax, BatchTimeout: 5 * time.Millisecond,
		WriteTimeout: cfg.IOTimeout, MaxAttempts: 3}}, nil
}

// Produce writes one batch of NDJSON lines (at most ProduceBatchMax), once
// every broker in sync has them, and returns the messages written per
// topic. A line whose envelope does not parse still goes to bank events,
// for the engine to reject and journal.
func (p *Producer) Produce(ctx context.Context, lines [][]byte) (map[string]int, error) {
	var msgs []kafkago.Message
	for _, l := range lines {
		var env struct{ Program, Fund, Source string }
		_ = json.Unmarshal(l, &env)
		ms, _ := InputMessages(p.cfg.InputTopic(env.Source), p.cfg.Keys.InputKey(env.Program, env.Fund), l, p.cfg.Partitions, nil)
		msgs = append(msgs, ms...)
	}
	if err := p.w.WriteMessages(ctx, msgs...); err != nil {
		return nil, err
	}
	sent := map[string]int{}
	for _, m := range msgs {
		sent[m.Topic]++
	}
	return sent, nil
}

// Close flushes and closes the producer.
func (p *Producer) Close() error { return p.w.Close() }
