package main

import (
	"context"
	"errors"

	"github.com/techcredit/techcredit/report"
	"github.com/techcredit/techcredit/report/replay"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/kafka"
)

// journalReports is the API's report source (api.ReportSource): each
// request folds the deployment's journals as of its `to`. open gives the
// journals and what releases them.
type journalReports struct {
	open func() ([]journal.Journal, func(), error)
}

func (s journalReports) Report(ctx context.Context, q report.Query) (*report.Table, error) {
	js, release, err := s.open()
	if err != nil {
		return nil, err
	}
	defer release()
	return replay.Build(ctx, js, q, nil)
}

// embeddedReports reads the journal the running serve writes. bbolt lets
// readers run beside the writer, but a long read transaction makes the
// writer wait whenever the file must grow: the fold reads the journal a
// chunk of records per transaction.
func embeddedReports(j journal.Journal) journalReports {
	return journalReports{open: func() ([]journal.Journal, func(), error) {
		return []journal.Journal{chunkedReplay{Journal: j, chunk: replayChunk}}, func() {}, nil
	}}
}

// kafkaReports reads every partition of the Kafka journal with readers of
// its own, closed after the request.
func kafkaReports(cfg kafka.Config) journalReports {
	return journalReports{open: func() ([]journal.Journal, func(), error) {
		js := kafkaJournals(cfg)
		return js, func() { closeJournals(js) }, nil
	}}
}

func kafkaJournals(cfg kafka.Config) []journal.Journal {
	js := make([]journal.Journal, cfg.Partitions)
	for p := range js {
		js[p] = kafka.NewJournal(cfg, p)
	}
	return js
}

func closeJournals(js []journal.Journal) {
	for _, j := range js {
		j.Close()
	}
}

// replayChunk is how many records one read transaction of a report's fold
// reads from a journal that serve is writing.
const replayChunk = 20000

// chunkedReplay replays a journal in chunks: a Replay of at most chunk
// records at a time, each after the last one read.
type chunkedReplay struct {
	journal.Journal
	chunk int
}

var errChunkRead = errors.New("chunk read")

func (c chunkedReplay) Replay(ctx context.Context, after int64, fn func(journal.Record) error) error {
	for {
		n := 0
		err := c.Journal.Replay(ctx, after, func(rec journal.Record) error {
			if n == c.chunk {
				return errChunkRead
			}
			n++
			after = rec.Seq
			return fn(rec)
		})
		if !errors.Is(err, errChunkRead) {
			return err
		}
	}
}
