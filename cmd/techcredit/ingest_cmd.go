package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	kafkago "github.com/segmentio/kafka-go"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/kafka"
)

// Limits of ingest.
const (
	ingestHTTPBatch     = 500              // inputs per POST /v1/events
	ingestKafkaBatch    = 1000             // messages per produce call
	ingestAttemptsMax   = 6                // tries of one batch before giving up
	ingestBackoffMax    = 5 * time.Second  // longest wait between tries
	ingestRequestTimout = 60 * time.Second // one HTTP request

	// ingestBatchBytesMax bounds the bytes of one batch: half of serve's
	// default request body limit (api.DefaultBodyBytesMax), so that a batch
	// of long lines is never refused whole with 413. One line (at most
	// ledger.InputBytesMax+1 bytes) always fits.
	ingestBatchBytesMax = 512 << 10
)

// runIngest sends NDJSON inputs as a bank would: to Kafka, keyed by
// program with the murmur2 partitioner, or to a running serve over HTTP.
func runIngest(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	brokers := fs.String("kafka-brokers", "", "Kafka brokers: produce to the input topics")
	partitions := fs.Int("kafka-partitions", 3, "partitions of the techcredit topics")
	prefix := fs.String("kafka-topic-prefix", "", "prefix of the techcredit topic names")
	url := fs.String("http", "", "base URL of a running serve, e.g. http://localhost:8080")
	token := fs.String("token", "", "bearer token for --http (bank, guarantor or admin)")
	quiet := fs.Bool("quiet", false, "no progress lines")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := applyEnv(fs); err != nil {
		fmt.Fprintf(stderr, "techcredit ingest: %v\n", err)
		return 2
	}
	if fs.NArg() == 0 || (*brokers == "") == (*url == "") || (*url != "" && *token == "") {
		fmt.Fprintln(stderr, "usage: techcredit ingest (--kafka-brokers B | --http URL --token T) FILE...")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var send sender
	if *brokers != "" {
		cfg := kafka.Config{Brokers: strings.Split(*brokers, ","), Partitions: *partitions, TopicPrefix: *prefix}
		if err := cfg.Validate(); err != nil {
			fmt.Fprintf(stderr, "techcredit ingest: %v\n", err)
			return 2
		}
		send = newKafkaSender(cfg)
	} else {
		send = &httpSender{url: strings.TrimRight(*url, "/"), token: *token, client: &http.Client{Timeout: ingestRequestTimout}}
	}
	defer send.close()
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

// sender delivers one batch of lines and counts their outcomes in tally.
type sender interface {
	batchSize() int
	send(ctx context.Context, lines [][]byte, tally map[string]int) error
	close() error
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
		err := withRetries(ctx, func() error { return s.send(ctx, batch, tally) })
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
		if batchBytes+len(line)+1 > ingestBatchBytesMax {
			if err := flush(); err != nil {
				return fmt.Errorf("%s line %d: %w", path, lines.Number()-1, err)
			}
		}
		batch = append(batch, append([]byte(nil), line...))
		batchBytes += len(line) + 1
		if len(batch) == s.batchSize() {
			if err := flush(); err != nil {
				return fmt.Errorf("%s line %d: %w", path, lines.Number(), err)
			}
		}
	}
}

// withRetries tries fn up to ingestAttemptsMax times with doubling waits:
// inputs carry their ids, so a batch sent twice is applied once.
func withRetries(ctx context.Context, fn func() error) error {
	wait := 200 * time.Millisecond
	var err error
	for attempt := 1; attempt <= ingestAttemptsMax; attempt++ {
		if err = fn(); err == nil || errors.Is(err, errPermanent) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(2*wait, ingestBackoffMax)
	}
	return fmt.Errorf("after %d attempts: %w", ingestAttemptsMax, err)
}

var errPermanent = errors.New("not retried")

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

// httpSender posts NDJSON to /v1/events and counts each input's outcome.
type httpSender struct {
	url, token string
	client     *http.Client
}

func (h *httpSender) batchSize() int { return ingestHTTPBatch }
func (h *httpSender) close() error   { return nil }

func (h *httpSender) send(ctx context.Context, lines [][]byte, tally map[string]int) error {
	body := bytes.Join(lines, []byte("\n"))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url+"/v1/events", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%w: %v", errPermanent, err)
	}
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := h.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	switch {
	case resp.StatusCode == http.StatusServiceUnavailable || resp.StatusCode >= 500:
		return fmt.Errorf("serve answered %s", resp.Status)
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("%w: serve answered %s: %s", errPermanent, resp.Status, bytes.TrimSpace(raw))
	}
	var out struct {
		Results []struct{ Status, Code string } `json:"results"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return fmt.Errorf("%w: unreadable answer: %v", errPermanent, err)
	}
	for _, r := range out.Results {
		key := r.Status
		if r.Code != "" {
			key += " " + r.Code
		}
		tally[key]++
	}
	return nil
}

// kafkaSender produces inputs as banks and the finance office would: bank
// and guarantor inputs to bank events, finance and admin inputs to
// commands, keyed by program with the murmur2 partitioner. An input
// without a program (net assets, projects) goes to every partition, since
// every partition's engine needs it (kafka.InputMessages, kafka.Router).
type kafkaSender struct {
	cfg kafka.Config
	w   *kafkago.Writer
}

func newKafkaSender(cfg kafka.Config) *kafkaSender {
	return &kafkaSender{cfg: cfg, w: &kafkago.Writer{Addr: kafkago.TCP(cfg.Brokers...), Balancer: kafka.Router{},
		RequiredAcks: kafkago.RequireAll, BatchSize: ingestKafkaBatch, BatchTimeout: 5 * time.Millisecond,
		WriteTimeout: cfg.IOTimeout, MaxAttempts: 3}}
}

func (k *kafkaSender) batchSize() int { return ingestKafkaBatch }
func (k *kafkaSender) close() error   { return k.w.Close() }

func (k *kafkaSender) send(ctx context.Context, lines [][]byte, tally map[string]int) error {
	var msgs []kafkago.Message
	for _, l := range lines {
		var env struct{ Program, Source string }
		_ = json.Unmarshal(l, &env)
		ms, _ := kafka.InputMessages(k.cfg.InputTopic(env.Source), env.Program, l, k.cfg.Partitions, nil)
		msgs = append(msgs, ms...)
	}
	if err := k.w.WriteMessages(ctx, msgs...); err != nil {
		return err
	}
	for _, m := range msgs {
		tally["sent to "+m.Topic]++
	}
	return nil
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
