package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/techcredit/techcredit/report"
	"github.com/techcredit/techcredit/report/export"
	"github.com/techcredit/techcredit/report/replay"
	"github.com/techcredit/techcredit/stream/journal"
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
	fs := newFlagSet("report", stderr)
	jf := addJournalFlags(fs, "directory of the embedded journal", "Kafka brokers: read the Kafka journal instead", 30*time.Minute)
	q := report.Query{Kind: kind}
	fs.StringVar(&q.From, "from", "", "first date YYYY-MM-DD (default: the journal's first)")
	fs.StringVar(&q.To, "to", "", "last date YYYY-MM-DD, the report is as of it (default: the journal's last)")
	fs.StringVar(&q.Program, "program", "", "only this program")
	fs.StringVar(&q.Bank, "bank", "", "only this bank")
	fs.StringVar(&q.Fund, "fund", "", "only this fund (funds, fund_investments)")
	format := fs.String("format", "csv", "json, csv or xlsx")
	outPath := fs.String("out", "", "write to this file (default: stdout)")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	if !parseArgs(fs, args[1:], stderr) {
		return 2
	}
	if err := q.Validate(); err != nil {
		return failed(stderr, "report", 2, err)
	}
	if !validFormat(*format) {
		fmt.Fprintf(stderr, "techcredit report: --format %q must be one of %v\n", *format, export.Formats)
		return 2
	}
	ctx, cancel := jf.context()
	defer cancel()
	js, release, err := reportJournals(jf)
	if err != nil {
		return failed(stderr, "report", 1, err)
	}
	defer release()
	if err := writeReport(ctx, js, q, *format, *outPath, stdout, stderr, *quiet); err != nil {
		return failed(stderr, "report", 1, err)
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
func reportJournals(jf *journalFlags) ([]journal.Journal, func(), error) {
	if jf.brokers != "" {
		kcfg := jf.config()
		if err := kcfg.Validate(); err != nil {
			return nil, nil, err
		}
		js := kafkaJournals(kcfg)
		return js, func() { closeJournals(js) }, nil
	}
	j, err := openStoppedJournal(jf.data)
	if errors.Is(err, errServeHolds) {
		return nil, nil, fmt.Errorf("%w: stop it, or ask its API (GET /v1/reports/KIND)", err)
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
