package stream

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/segmentio/kafka-go"
)

// KafkaJournal is one partition of the techcredit.journal topic: the book
// of record of the programs on that partition. Records are produced in one
// synchronous batch per Append with acks from all in-sync replicas.
type KafkaJournal struct {
	cfg       KafkaConfig
	partition int
	writer    *kafka.Writer
}

// NewKafkaJournal opens partition p of the journal topic.
func NewKafkaJournal(cfg KafkaConfig, partition int) *KafkaJournal {
	w := &kafka.Writer{
		Addr:         kafka.TCP(cfg.Brokers...),
		Topic:        cfg.Topic(TopicJournal),
		Balancer:     fixedPartition(partition),
		RequiredAcks: kafka.RequireAll,
		// Append hands over at most BatchSize records in one call, which
		// kafka-go adds to one batch under its lock: a full chunk is sent at
		// once, a shorter one after BatchTimeout, which only has to outlast
		// that call. A retried batch may land twice; replay recognises it by Seq.
		BatchSize:    cfg.BatchMax,
		BatchBytes:   64 << 20,
		BatchTimeout: 20 * time.Microsecond,
		MaxAttempts:  3,
		WriteTimeout: cfg.IOTimeout,
		ReadTimeout:  cfg.IOTimeout,
	}
	return &KafkaJournal{cfg: cfg, partition: partition, writer: w}
}

// fixedPartition sends every message to one partition.
type fixedPartition int

func (p fixedPartition) Balance(_ kafka.Message, partitions ...int) int {
	for _, q := range partitions {
		if q == int(p) {
			return q
		}
	}
	return partitions[0]
}

// Append produces the records and returns once every in-sync replica has
// them. They go in chunks of at most BatchMax records and
// JournalChunkBytesMax bytes, one produce request each and
// one after the other, so that whatever fails, the journal holds a prefix of
// them: never a later chunk without an earlier one.
func (j *KafkaJournal) Append(ctx context.Context, recs []Record) error {
	if len(recs) == 0 {
		return nil
	}
	msgs := make([]kafka.Message, len(recs))
	for i := range recs {
		v, err := encodeRecord(&recs[i])
		if err != nil {
			return err
		}
		msgs[i] = kafka.Message{Key: strconv.AppendInt(nil, recs[i].Seq, 10), Value: v}
	}
	ctx, cancel := context.WithTimeout(ctx, j.cfg.IOTimeout)
	defer cancel()
	for len(msgs) > 0 {
		n := journalChunk(msgs, j.writer.BatchSize)
		if err := j.writer.WriteMessages(ctx, msgs[:n]...); err != nil {
			return fmt.Errorf("journal partition %d: %w", j.partition, err)
		}
		msgs = msgs[n:]
	}
	return nil
}

// JournalChunkBytesMax bounds one produce request of the journal, well
// under the 1 MiB a broker accepts in one batch by default
// (message.max.bytes, max.message.bytes). A record is at most a few times
// ledger.InputBytesMax: larger inputs are journaled by their digest.
const JournalChunkBytesMax = 512 << 10

// journalRecordOverhead is a generous bound of what Kafka adds to a
// record's key and value in a batch (length, varints, headers).
const journalRecordOverhead = 64

// journalChunk is how many of msgs the next produce request carries: at
// most countMax, and at most JournalChunkBytesMax bytes unless the first
// record alone is larger.
func journalChunk(msgs []kafka.Message, countMax int) int {
	bytes := 0
	for i, m := range msgs {
		bytes += len(m.Key) + len(m.Value) + journalRecordOverhead
		if i > 0 && (i == countMax || bytes > JournalChunkBytesMax) {
			return i
		}
	}
	return min(len(msgs), countMax)
}

// endOffset is the partition's high watermark: the offset the next record gets.
func (j *KafkaJournal) endOffset(ctx context.Context) (int64, error) {
	client := &kafka.Client{Addr: kafka.TCP(j.cfg.Brokers...), Timeout: j.cfg.IOTimeout}
	resp, err := client.ListOffsets(ctx, &kafka.ListOffsetsRequest{
		Topics: map[string][]kafka.OffsetRequest{j.cfg.Topic(TopicJournal): {kafka.LastOffsetOf(j.partition)}}})
	if err != nil {
		return 0, fmt.Errorf("journal partition %d offsets: %w", j.partition, err)
	}
	for _, po := range resp.Topics[j.cfg.Topic(TopicJournal)] {
		if po.Partition == j.partition {
			if po.Error != nil {
				return 0, fmt.Errorf("journal partition %d offsets: %w", j.partition, po.Error)
			}
			return po.LastOffset, nil
		}
	}
	return 0, fmt.Errorf("journal partition %d: no offsets returned", j.partition)
}

// Replay reads the partition from its first record to the end it had when
// the replay began. Records with Seq ≤ after are skipped.
func (j *KafkaJournal) Replay(ctx context.Context, after int64, fn func(Record) error) error {
	end, err := j.endOffset(ctx)
	if err != nil || end == 0 {
		return err
	}
	r := partitionReader(j.cfg, j.cfg.Topic(TopicJournal), j.partition)
	defer r.Close()
	if err := r.SetOffset(kafka.FirstOffset); err != nil {
		return err
	}
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return fmt.Errorf("journal partition %d replay: %w", j.partition, err)
		}
		// The key is the record's Seq: records a snapshot already holds are
		// skipped without decoding them.
		if seq, err := strconv.ParseInt(string(m.Key), 10, 64); err == nil && seq <= after && after > 0 {
			if m.Offset+1 >= end {
				return nil
			}
			continue
		}
		rec, err := decodeRecord(m.Value)
		if err != nil {
			return fmt.Errorf("journal partition %d offset %d: %w", j.partition, m.Offset, err)
		}
		if rec.Seq > after {
			if err := fn(rec); err != nil {
				return err
			}
		}
		if m.Offset+1 >= end {
			return nil
		}
	}
}

// LastSeq is the Seq of the partition's last record (which an owner that
// lost the partition may have written; replay fences such records off).
func (j *KafkaJournal) LastSeq(ctx context.Context) (int64, error) {
	var last int64
	err := j.Replay(ctx, 0, func(r Record) error {
		last = r.Seq
		return nil
	})
	return last, err
}

// Close flushes and closes the producer.
func (j *KafkaJournal) Close() error { return j.writer.Close() }
