package kafka

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

// DeadLetter is the value of a techcredit.dlq message: the reason and the
// original coordinates, with the original bytes; an input above
// ledger.InputBytesMax only by its size and SHA-256 (it stays at its
// coordinates), so that no dead letter is too large for the DLQ.
type DeadLetter struct {
	Code        string `json:"code"`
	Message     string `json:"message"`
	Topic       string `json:"topic"`
	Partition   int32  `json:"partition"`
	Offset      int64  `json:"offset"`
	Input       []byte `json:"input_b64"`
	InputSize   int    `json:"input_size,omitempty"`
	InputSHA256 string `json:"input_sha256,omitempty"`
}

func deadLetterMessage(it journal.Item, out ledger.Outcome) (kafkago.Message, error) {
	dl := DeadLetter{Code: out.Code.String(), Message: out.Message, Input: it.Raw}
	if len(it.Raw) > ledger.InputBytesMax {
		sum := sha256.Sum256(it.Raw)
		dl.Input, dl.InputSize, dl.InputSHA256 = nil, len(it.Raw), hex.EncodeToString(sum[:])
	}
	if it.Origin != nil {
		dl.Topic, dl.Partition, dl.Offset = it.Origin.Topic, it.Origin.Partition, it.Origin.Offset
	}
	v, err := json.Marshal(dl)
	if err != nil {
		return kafkago.Message{}, err
	}
	return kafkago.Message{Key: []byte(dl.Topic + "/" + strconv.Itoa(int(dl.Partition)) + "/" + strconv.FormatInt(dl.Offset, 10)),
		Value: v, Headers: []kafkago.Header{{Key: "reason", Value: []byte(dl.Code)}}}, nil
}

// newDLQWriter writes dead letters (acks from all replicas).
func newDLQWriter(cfg Config) *kafkago.Writer {
	return &kafkago.Writer{Addr: kafkago.TCP(cfg.Brokers...), Topic: cfg.Topic(TopicDLQ), Balancer: &kafkago.Hash{},
		RequiredAcks: kafkago.RequireAll, BatchTimeout: 2 * time.Millisecond, MaxAttempts: 5,
		WriteTimeout: cfg.IOTimeout}
}

// writeDeadLetters sends the dead letters of a journaled batch. The inputs
// are already in the journal as rejected, so a DLQ failure loses nothing;
// it is retried by the writer and then reported.
func writeDeadLetters(ctx context.Context, w *kafkago.Writer, items []journal.Item, outs []ledger.Outcome) error {
	var msgs []kafkago.Message
	for i, out := range outs {
		if !deadLettered(out) {
			continue
		}
		m, err := deadLetterMessage(items[i], out)
		if err != nil {
			return err
		}
		msgs = append(msgs, m)
	}
	if len(msgs) == 0 {
		return nil
	}
	if err := w.WriteMessages(ctx, msgs...); err != nil {
		return fmt.Errorf("dead letters: %w", err)
	}
	return nil
}
