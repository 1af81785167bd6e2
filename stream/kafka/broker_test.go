package kafka

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/techcredit/techcredit/internal/testsvc"
)

var topicRun atomic.Int64

// testKafka returns a config for a fresh set of topics: on the cluster named
// by TECHCREDIT_TEST_KAFKA_BROKERS, or on an in-process Kafka-protocol
// broker (kfake) on loopback.
func testKafka(t *testing.T, partitions int) Config {
	t.Helper()
	cfg := Config{Partitions: partitions, SessionTimeout: 6 * time.Second, FetchWait: 10 * time.Millisecond,
		CommitInterval: 100 * time.Millisecond, RetryBackoffMax: time.Second, IOTimeout: 5 * time.Second,
		TopicPrefix: fmt.Sprintf("t%d-%d.", os.Getpid(), topicRun.Add(1)), GroupID: fmt.Sprintf("g-%d-%d", os.Getpid(), topicRun.Load())}
	cfg.Brokers = testBrokers(t)
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// testBrokers are the cluster named by TECHCREDIT_TEST_KAFKA_BROKERS, or
// an in-process Kafka-protocol broker (kfake) on loopback that stops with
// the test.
func testBrokers(tb testing.TB) []string {
	tb.Helper()
	if brokers := os.Getenv("TECHCREDIT_TEST_KAFKA_BROKERS"); brokers != "" {
		return strings.Split(brokers, ",")
	}
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(0), kfake.GroupMinSessionTimeout(time.Second))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.Close)
	return c.ListenAddrs()
}

// restartableBroker starts an in-process broker of its own on a fixed
// loopback port that keeps its data on disk, and returns a config for it
// and a restart: the broker goes away and returns on the same address with
// its data. It stops with the test.
func restartableBroker(t *testing.T, partitions int) (cfg Config, restart func()) {
	t.Helper()
	if os.Getenv("TECHCREDIT_TEST_KAFKA_BROKERS") != "" {
		t.Log("a real cluster is not stopped by this test; it runs against its own in-process broker")
	}
	dataDir, port := t.TempDir(), testsvc.FreePort(t)
	var broker *kfake.Cluster
	start := func() {
		var err error
		broker, err = kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(port), kfake.DataDir(dataDir), kfake.SyncWrites(),
			kfake.GroupMinSessionTimeout(time.Second))
		if err != nil {
			t.Fatal(err)
		}
	}
	start()
	t.Cleanup(func() { broker.Close() })
	cfg = Config{Brokers: broker.ListenAddrs(), Partitions: partitions, SessionTimeout: 6 * time.Second,
		FetchWait: 10 * time.Millisecond, CommitInterval: 100 * time.Millisecond, RetryBackoffMax: time.Second,
		IOTimeout: 3 * time.Second}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return cfg, func() { broker.Close(); start() }
}

// testJournal is the journal of a fresh one-partition deployment, closed
// at the end of the test.
func testJournal(t *testing.T) (Config, *Journal) {
	t.Helper()
	cfg := testKafka(t, 1)
	if err := EnsureTopics(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	j := NewJournal(cfg, 0)
	t.Cleanup(func() { j.Close() })
	return cfg, j
}

// ensureTopics creates cfg's topics and returns a context that ends after
// within (or with the test), for the rest of the test's calls.
func ensureTopics(t *testing.T, cfg Config, within time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	t.Cleanup(cancel)
	if err := EnsureTopics(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	return ctx
}
