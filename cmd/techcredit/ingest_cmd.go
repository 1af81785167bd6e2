package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/techcredit/techcredit/api/client"
	"github.com/techcredit/techcredit/internal/retry"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/stream/kafka"
)

// runIngest sends NDJSON inputs as a bank would: to Kafka, keyed by
// program with the murmur2 partitioner, or to a running serve over HTTP.
func runIngest(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("ingest", stderr)
	kf := addKafkaFlags(fs, "Kafka brokers: produce to the input topics")
	url := fs.String("http", "", "base URL of a running serve, e.g. http://localhost:8080")
	token := fs.String("token", "", "bearer token for --http (bank, guarantor or admin)")
	quiet := fs.Bool("quiet", false, "no progress lines")
	programsPath := fs.String("programs", "", "programs file: --kafka-brokers keys each program's inputs by its kafka_key (default: by program id)")
	if !parseArgs(fs, args, stderr) {
		return 2
	}
	if fs.NArg() == 0 || (kf.brokers == "") == (*url == "") || (*url != "" && *token == "") {
		fmt.Fprintln(stderr, "usage: techcredit ingest (--kafka-brokers B [--programs P.json] | --http URL --token T) FILE...")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var send sender = httpSender{client.New(*url, *token)}
	if kf.brokers != "" {
		keys, err := ingestKeys(*programsPath)
		if err != nil {
			return failed(stderr, "ingest", 1, err)
		}
		cfg := kf.config()
		cfg.Keys = keys
		p, err := kafka.NewProducer(cfg)
		if err != nil {
			return failed(stderr, "ingest", 2, err)
		}
		defer p.Close()
		send = kafkaSender{p}
	}
	tally := map[string]int{}
	prog := newIngestProgress(stderr, *quiet, fs.Args())
	defer prog.finish()
	for _, path := range fs.Args() {
		if err := ingestFile(ctx, path, send, tally, prog); err != nil {
			fmt.Fprintf(stderr, "techcredit ingest: %v\n", err)
			printTally(stdout, tally)
			return 1
		}
	}
	printTally(stdout, tally)
	return 0
}

// ingestKeys are the Kafka keys of the programs file at path (SPEC §2:
// kafka_key, default the id); no file keys every program by its id.
func ingestKeys(path string) (kafka.Keys, error) {
	if path == "" {
		return nil, nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cfg, err := risk.ParsePrograms(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	return kafka.KeysOf(cfg), nil
}

// sender delivers one batch of lines and counts their outcomes in tally:
// api/client over HTTP, kafka.Producer to the input topics.
type sender interface {
	batchMax() int
	send(ctx context.Context, lines [][]byte, tally map[string]int) error
}

// httpSender counts each input's outcome as serve answered it.
type httpSender struct{ c *client.Client }

func (h httpSender) batchMax() int { return client.BatchMax }

func (h httpSender) send(ctx context.Context, lines [][]byte, tally map[string]int) error {
	outs, err := h.c.Send(ctx, lines)
	for _, o := range outs {
		tally[o.String()]++
	}
	return err
}

// kafkaSender counts the messages produced per topic; a batch is retried
// as a whole (inputs carry their ids: a batch sent twice is applied once).
type kafkaSender struct{ p *kafka.Producer }

func (k kafkaSender) batchMax() int { return kafka.ProduceBatchMax }

func (k kafkaSender) send(ctx context.Context, lines [][]byte, tally map[string]int) error {
	return retry.Do(ctx, func() error {
		sent, err := k.p.Produce(ctx, lines)
		for topic, n := range sent {
			tally["sent to "+topic] += n
		}
		return err
	})
}

func ingestFile(ctx context.Context, path string, s sender, tally map[string]int, prog *ingestProgress) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	lines := NewLineReader(f, ledger.InputBytesMax)
	var batch [][]byte
	batchBytes := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.send(ctx, batch, tally)
		var size int64
		for _, l := range batch {
			size += int64(len(l)) + 1
		}
		prog.add(len(batch), size)
		batch, batchBytes = batch[:0], 0
		return err
	}
	for {
		line, err := lines.Next()
		if errors.Is(err, io.EOF) {
			return flush()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if batchBytes+len(line)+1 > client.BatchBytesMax {
			if err := flush(); err != nil {
				return fmt.Errorf("%s line %d: %w", path, lines.Number()-1, err)
			}
		}
		batch = append(batch, append([]byte(nil), line...))
		batchBytes += len(line) + 1
		if len(batch) == s.batchMax() {
			if err := flush(); err != nil {
				return fmt.Errorf("%s line %d: %w", path, lines.Number(), err)
			}
		}
	}
}

func printTally(w io.Writer, tally map[string]int) {
	keys := make([]string, 0, len(tally))
	for k := range tally {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "%-32s %d\n", k, tally[k])
	}
}

// ingestProgress draws a progress bar on stderr over the bytes of the
// input files, with the rate of inputs sent.
type ingestProgress struct {
	bar *progressbar.ProgressBar
	n   int
}

func newIngestProgress(w io.Writer, quiet bool, paths []string) *ingestProgress {
	if quiet {
		return &ingestProgress{}
	}
	var total int64
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil {
			total += st.Size()
		}
	}
	return &ingestProgress{bar: progressbar.NewOptions64(total, progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("ingest"), progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionSetWidth(30),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }))}
}

// add counts a batch sent: its inputs and their bytes (with newlines).
func (p *ingestProgress) add(inputs int, bytes int64) {
	p.n += inputs
	if p.bar != nil {
		p.bar.Add64(bytes)
		p.bar.Describe(fmt.Sprintf("ingest: %d inputs", p.n))
	}
}

func (p *ingestProgress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
