package kafka

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/techcredit/techcredit/stream/journal"
)

// Journal is one partition of the techcredit.journal topic: the book
// of record of the programs on that partition. Records are produced in one
// synchronous request per chunk with acks from all in-sync replicas.
type Journal struct {
	cfg       Config
	partition int
	topic     string
	transport *kafkago.Transport
	client    *kafkago.Client
	buf       []byte // the encoded records of the last Append, reused
}

// journalBufferKeptMax is the largest encoding buffer kept from one Append
// to the next (a batch of BatchMax ordinary inputs needs about 0.5 MiB).
const journalBufferKeptMax = 4 << 20

// NewJournal opens partition p of the journal topic.
func NewJournal(cfg Config, partition int) *Journal {
	// A produce request of its own per chunk, not a kafkago.Writer: the
	// journal always knows its partition and writes synchronously, so the
	// Writer's batching goroutine, its copy of every message and its
	// metadata lookup on every call (a sixth of the journal's processor
	// time in the ingest benchmark) bought nothing.
	t := &kafkago.Transport{DialTimeout: cfg.IOTimeout, MetadataTopics: []string{cfg.Topic(TopicJournal)}}
	return &Journal{cfg: cfg, partition: partition, topic: cfg.Topic(TopicJournal), transport: t,
		client: &kafkago.Client{Addr: kafkago.TCP(cfg.Brokers...), Timeout: cfg.IOTimeout, Transport: t}}
}

// journalProduceAttempts is how often one chunk is produced before Append
// fails (a broker that moved the partition's leadership, a lost
// connection). A chunk retried after a lost answer may land twice; replay
// recognises the second copy by its Seq.
const journalProduceAttempts = 3

// Append produces the records and returns once every in-sync replica has
// them. They go in chunks of at most BatchMax records and
// JournalChunkBytesMax bytes, one produce request each and
// one after the other, so that whatever fails, the journal holds a prefix of
// them: never a later chunk without an earlier one.
func (j *Journal) Append(ctx context.Context, recs []journal.Record) (err error) {
	if len(recs) == 0 {
		return nil
	}
	// Every record's value and key in one buffer: ends[i] is where record
	// i's value ends and its key (its Seq) begins.
	size := 0
	for i := range recs {
		size += journal.EncodedSizeHint(&recs[i]) + 20
	}
	// The buffer of the previous Append is free again: Append is called by
	// one goroutine at a time, and a request that was answered without
	// error was written whole. After an error, a request may still be on
	// its way out of kafka-go's connection: that buffer is not kept.
	buf := j.buf[:0]
	j.buf = nil
	if cap(buf) < size {
		buf = make([]byte, 0, size)
	}
	defer func() {
		if err == nil && cap(buf) <= journalBufferKeptMax {
			j.buf = buf
		}
	}()
	ends := make([][2]int, len(recs))
	for i := range recs {
		buf = journal.AppendEncoded(buf, &recs[i])
		ends[i][0] = len(buf)
		buf = strconv.AppendInt(buf, recs[i].Seq, 10)
		ends[i][1] = len(buf)
	}
	msgs := make([]journalMsg, len(recs))
	for i, start := 0, 0; i < len(recs); i++ {
		msgs[i] = journalMsg{value: buf[start:ends[i][0]], key: buf[ends[i][0]:ends[i][1]]}
		start = ends[i][1]
	}
	ctx, cancel := context.WithTimeout(ctx, j.cfg.IOTimeout)
	defer cancel()
	for len(msgs) > 0 {
		n := journalChunk(msgs, j.cfg.BatchMax)
		if err = j.produce(ctx, msgs[:n]); err != nil {
			return fmt.Errorf("journal partition %d: %w", j.partition, err)
		}
		msgs = msgs[n:]
	}
	return nil
}

// journalMsg is one encoded record and its key.
type journalMsg struct{ key, value []byte }

// produce writes one chunk in one request, trying again after an error
// that may pass.
func (j *Journal) produce(ctx context.Context, chunk []journalMsg) error {
	records := make([]kafkago.Record, len(chunk))
	for attempt := 1; ; attempt++ {
		for i, m := range chunk { // readers are used up by each attempt
			records[i] = kafkago.Record{Key: kafkago.NewBytes(m.key), Value: kafkago.NewBytes(m.value)}
		}
		resp, err := j.client.Produce(ctx, &kafkago.ProduceRequest{Topic: j.topic, Partition: j.partition,
			RequiredAcks: kafkago.RequireAll, Records: kafkago.NewRecordReader(records...)})
		if err == nil {
			err = resp.Error
		}
		if err == nil {
			for _, e := range resp.RecordErrors {
				return e // a batch is written whole or not at all
			}
			return nil
		}
		if attempt == journalProduceAttempts || !retriable(err) || !sleepCtx(ctx, 100*time.Millisecond*time.Duration(attempt)) {
			return err
		}
		// kafka-go refreshes its cached metadata only on a timer (up to
		// 6 s), not after NOT_LEADER_FOR_PARTITION: drop the connections so
		// that the next attempt asks the cluster where the leader is now.
		j.transport.CloseIdleConnections()
	}
}

// retriable reports whether producing again may succeed.
func retriable(err error) bool {
	var kerr kafkago.Error
	if errors.As(err, &kerr) {
		return kerr.Temporary()
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
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
func journalChunk(msgs []journalMsg, countMax int) int {
	bytes := 0
	for i, m := range msgs {
		bytes += len(m.key) + len(m.value) + journalRecordOverhead
		if i > 0 && (i == countMax || bytes > JournalChunkBytesMax) {
			return i
		}
	}
	return min(len(msgs), countMax)
}

// endOffset is the partition's high watermark: the offset the next record gets.
func (j *Journal) endOffset(ctx context.Context) (int64, error) {
	// The journal's own transport: its metadata is fresh after a failed
	// produce; kafka-go's shared default transport may still hold a
	// leader that moved.
	resp, err := j.client.ListOffsets(ctx, &kafkago.ListOffsetsRequest{
		Topics: map[string][]kafkago.OffsetRequest{j.cfg.Topic(TopicJournal): {kafkago.LastOffsetOf(j.partition)}}})
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
func (j *Journal) Replay(ctx context.Context, after int64, fn func(journal.Record) error) error {
	end, err := j.endOffset(ctx)
	if err != nil || end == 0 {
		return err
	}
	r := partitionReader(j.cfg, j.cfg.Topic(TopicJournal), j.partition)
	defer r.Close()
	if err := r.SetOffset(kafkago.FirstOffset); err != nil {
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
		rec, err := journal.Decode(m.Value)
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
func (j *Journal) LastSeq(ctx context.Context) (int64, error) {
	var last int64
	err := j.Replay(ctx, 0, func(r journal.Record) error {
		last = r.Seq
		return nil
	})
	return last, err
}

// The Kafka journal is a journal.
var _ journal.Journal = (*Journal)(nil)

// Close closes the producer's connections.
func (j *Journal) Close() error {
	j.transport.CloseIdleConnections()
	return nil
}
