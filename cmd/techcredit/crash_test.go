package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/kafka"
)

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)

// techcreditBinary builds the command once per test run.
func techcreditBinary(t *testing.T) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "techcredit-bin-")
		if err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, "techcredit")
		out, err := exec.Command("go", "build", "-o", binaryPath, ".").CombinedOutput()
		if err != nil {
			binaryErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

// crashKafka is the broker of the crash test: the cluster named by
// TECHCREDIT_TEST_KAFKA_BROKERS, or an in-process kfake broker on loopback.
func crashKafka(t *testing.T) (brokers []string, sessionTimeout string) {
	t.Helper()
	if b := os.Getenv("TECHCREDIT_TEST_KAFKA_BROKERS"); b != "" {
		return strings.Split(b, ","), "6s" // a real broker's minimum
	}
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(0), kfake.GroupMinSessionTimeout(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	// A killed engine holds its partitions until its session times out.
	return c.ListenAddrs(), "1s"
}

// TestCrashKafkaServe SIGKILLs a `techcredit serve --kafka-brokers` process
// at random points while it consumes a simulated stream, at least ten
// times, then lets a last one finish. Every input must be in the journal
// exactly once, and the state must equal a replay of the inputs in journal
// order, byte for byte.
func TestCrashKafkaServe(t *testing.T) {
	bin := techcreditBinary(t)
	brokers, sessionTimeout := crashKafka(t)
	dir := t.TempDir()
	// Cut before the servers' clock: an `at` past its arrival + 24 h is bad_date.
	programs, inputs := simulate.Generate(simulate.Options{Loans: 600, Seed: 42, Until: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	var lines [][]byte
	for l := range inputs.All() {
		lines = append(lines, append([]byte(nil), l...))
	}
	os.WriteFile(filepath.Join(dir, "programs.json"), programs, 0o644)
	os.WriteFile(filepath.Join(dir, "tokens.json"), []byte(`{"tokens":[]}`), 0o644)
	cfg := kafka.Config{Brokers: brokers, Partitions: 2, TopicPrefix: fmt.Sprintf("crash%d.", os.Getpid())}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := kafka.EnsureTopics(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	send, err := kafka.NewProducer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer send.Close()
	tally := map[string]int{}
	rng := rand.New(rand.NewPCG(42, 1))
	progress := []int64{0}
	const kills = 10
	chunk := len(lines)/(kills+1) + 1
	serveArgs := []string{"serve", "--kafka-brokers", strings.Join(brokers, ","), "--kafka-partitions", "2",
		"--kafka-topic-prefix", cfg.TopicPrefix, "--kafka-group", cfg.TopicPrefix + "engines",
		"--programs", filepath.Join(dir, "programs.json"), "--tokens", filepath.Join(dir, "tokens.json"),
		"--batch-max", "4", "--log-level", "warn", "--kafka-session-timeout", sessionTimeout, "--metrics-addr", "off"}
	for i := 0; i <= kills; i++ {
		lo, hi := i*chunk, min((i+1)*chunk, len(lines))
		if lo < hi {
			sent, err := send.Produce(context.Background(), lines[lo:hi])
			if err != nil {
				t.Fatal(err)
			}
			for topic, n := range sent {
				tally[topic] += n
			}
		}
		if i == kills {
			break
		}
		addr := localAddr(t)
		cmd := exec.Command(bin, append(serveArgs, "--http", addr)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitReady(t, addr, time.Minute)
		time.Sleep(time.Duration(rng.IntN(400)) * time.Millisecond) // the random kill point
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if strings.Contains(stderr.String(), "invariant") {
			t.Fatalf("serve run %d broke an invariant:\n%s", i, stderr.String())
		}
		if n := journaledInputs(t, cfg); n > progress[len(progress)-1] {
			progress = append(progress, n)
		}
	}
	// The kills must have fallen while inputs were being applied: the
	// journal grew between several of them.
	t.Logf("journaled inputs after each kill that made progress: %v", progress)
	if len(progress) < 4 {
		t.Errorf("only %d kills fell after progress (want at least 3): %v", len(progress)-1, progress)
	}
	// Every input without a program went to both partitions: count what was sent.
	expected := 0
	for _, n := range tally {
		expected += n
	}
	// A last run finishes the stream.
	cmd := exec.Command(bin, append(serveArgs, "--http", localAddr(t))...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	var state []byte
	var last int64
	deadline := time.Now().Add(3 * time.Minute)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		s, err := kafkaState(ctx, cfg)
		cancel()
		if err == nil {
			st, _ := ledger.UnmarshalState(s)
			last = st.Inputs
			if st.Inputs == int64(expected) {
				state = s
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the journal did not reach %d inputs in 3 minutes: %d (last error %v, sent %v)", expected, last, err, tally)
		}
		time.Sleep(200 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()

	// Every input once, and the state is the replay of the journal's order.
	var states []*ledger.State
	for p := 0; p < cfg.Partitions; p++ {
		seen := map[string]bool{}
		var journaled [][]byte
		r := stream.NewRunner(kafka.NewJournal(cfg, p), nil, stream.RunnerConfig{Logger: newLogger(os.Stderr, "error"),
			Observe: func(rec journal.Record) {
				if rec.Kind != journal.KindInput {
					return
				}
				key := fmt.Sprintf("%s/%d/%d", rec.Origin.Topic, rec.Origin.Partition, rec.Origin.Offset)
				if seen[key] {
					t.Errorf("partition %d: input %s journaled twice", p, key)
				}
				seen[key] = true
				journaled = append(journaled, append([]byte(nil), rec.Raw()...))
			}})
		if err := r.Recover(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		cfgPrograms, _ := risk.ParsePrograms(bytes.NewReader(programs))
		e := ledger.NewEngine(cfgPrograms)
		for _, raw := range journaled {
			if _, err := e.Apply(raw, ledger.Meta{}); err != nil {
				t.Fatal(err)
			}
		}
		states = append(states, e.State())
	}
	want, _ := ledger.MarshalState(ledger.MergeStates(states))
	if !bytes.Equal(state, want) {
		t.Errorf("state after %d kills differs from the replay of the journaled inputs", kills)
	}
	st, _ := ledger.UnmarshalState(state)
	if st.Inputs != st.Applied+st.Duplicates+int64(len(st.Rejected)) {
		t.Errorf("inputs %d != applied %d + duplicates %d + rejected %d", st.Inputs, st.Applied, st.Duplicates, len(st.Rejected))
	}
}

// journaledInputs counts the inputs in the Kafka journal.
func journaledInputs(t *testing.T, cfg kafka.Config) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := kafkaState(ctx, cfg)
	if err != nil {
		return 0
	}
	st, _ := ledger.UnmarshalState(s)
	return st.Inputs
}
