package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/techcredit/techcredit/report"
	"github.com/techcredit/techcredit/report/export"
	"github.com/techcredit/techcredit/report/replay"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
	"github.com/techcredit/techcredit/stream/kafka"
)

// runReport writes a report (SPEC §14) of a deployment's journal: the
// embedded one under --data (stopped, or running: bbolt lets a reader
// open it beside serve only when serve is stopped, so a running serve's
// reports are its API's GET /v1/reports), or the Kafka journal's
// partitions. Progress on stderr every 2 s. Exit 0 when written; 1 when
// the journal cannot be read or the report written; 2 on a usage error.
func runReport(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(stderr, "usage: techcredit report KIND (--data DIR | --kafka-brokers B) [--from D --to D --program P --bank B --fund F --format json|csv|xlsx --out FILE]\nkinds: %s\n",
			strings.Join(report.Kinds, ", "))
		return 2
	}
	kind := args[0]
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data", "./data", "directory of the embedded journal")
	brokers := fs.String("kafka-brokers", "", "Kafka brokers: read the Kafka journal instead")
	partitions := fs.Int("kafka-partitions", 3, "partitions of the techcredit topics")
	prefix := fs.String("kafka-topic-prefix", "", "prefix of the techcredit topic names")
	q := report.Query{Kind: kind}
	fs.StringVar(&q.From, "from", "", "first date YYYY-MM-DD (default: the journal's first)")
	fs.StringVar(&q.To, "to", "", "last date YYYY-MM-DD, the report is as of it (default: the journal's last)")
	fs.StringVar(&q.Program, "program", "", "only this program")
	fs.StringVar(&q.Bank, "bank", "", "only this bank")
	fs.StringVar(&q.Fund, "fund", "", "only this fund (funds, fund_investments)")
	format := fs.String("format", "csv", "json, csv or xlsx")
	outPath := fs.String("out", "", "write to this file (default: stdout)")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	timeout := fs.Duration("timeout", 30*time.Minute, "give up after this long")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if err := applyEnv(fs); err != nil {
		fmt.Fprintf(stderr, "techcredit report: %v\n", err)
		return 2
	}
	if err := q.Validate(); err != nil {
		fmt.Fprintf(stderr, "techcredit report: %v\n", err)
		return 2
	}
	if !validFormat(*format) {
		fmt.Fprintf(stderr, "techcredit report: --format %q must be one of %v\n", *format, export.Formats)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	js, release, err := reportJournals(*dataDir, *brokers, kafka.Config{Brokers: strings.Split(*brokers, ","),
		Partitions: *partitions, TopicPrefix: *prefix})
	if err != nil {
		fmt.Fprintf(stderr, "techcredit report: %v\n", err)
		return 1
	}
	defer release()
	if err := writeReport(ctx, js, q, *format, *outPath, stdout, stderr, *quiet); err != nil {
		fmt.Fprintf(stderr, "techcredit report: %v\n", err)
		return 1
	}
	return 0
}

func validFormat(f string) bool {
	for _, x := range export.Formats {
		if f == x {
			return true
		}
	}
	return false
}

// reportJournals opens the journals a report reads.
func reportJournals(dataDir, brokers string, kcfg kafka.Config) ([]journal.Journal, func(), error) {
	if brokers != "" {
		if err := kcfg.Validate(); err != nil {
			return nil, nil, err
		}
		js := kafkaJournals(kcfg)
		return js, func() { closeJournals(js) }, nil
	}
	j, err := bolt.Open(dataDir, time.Second)
	if errors.Is(err, bbolt.ErrTimeout) {
		return nil, nil, errors.New("serve holds the journal: stop it, or ask its API (GET /v1/reports/KIND)")
	}
	if err != nil {
		return nil, nil, err
	}
	return []journal.Journal{j}, func() { j.Close() }, nil
}

// writeReport folds, builds and writes the report, with a progress line
// on stderr every 2 s of a long fold and of a long write.
func writeReport(ctx context.Context, js []journal.Journal, q report.Query, format, outPath string,
	stdout, stderr io.Writer, quiet bool) error {
	start := time.Now()
	last := start
	progress := func(n int64) {
		if !quiet && time.Since(last) >= progressEvery {
			last = time.Now()
			fmt.Fprintf(stderr, "report %s: %d inputs folded (%.0f/s)\n", q.Kind, n, perSecond(n, time.Since(start)))
		}
	}
	t, err := replay.Build(ctx, js, q, progress)
	if err != nil {
		return err
	}
	w := stdout
	var f *os.File
	if outPath != "" {
		if f, err = os.Create(outPath); err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	rows := newProgressLine(stderr, quiet, 1000, func(n int, el time.Duration) string {
		return fmt.Sprintf("report %s: %d rows written", q.Kind, n)
	})
	inner := t.Rows
	t.Rows = func(yield func([]string) bool) {
		for r := range inner {
			rows.tick()
			if !yield(r) {
				return
			}
		}
	}
	n, err := export.Write(bw, t, format)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil && f != nil {
		err = f.Close()
	}
	if err != nil {
		return err
	}
	rows.done()
	if !quiet {
		fmt.Fprintf(stderr, "report %s %s..%s: %d rows (%s) in %s\n", q.Kind, t.From, t.To, n, format,
			time.Since(start).Round(time.Millisecond))
	}
	return nil
}
