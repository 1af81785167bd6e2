package kafka

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"
)

// TestKafkaOffsetsCommittedAfterABurst: the group's offsets are advisory
// (the journal decides where to resume), but Kafka's tools read the lag
// from them. A burst smaller than CommitEvery followed by silence is
// committed within CommitInterval, not left until the next input arrives.
func TestKafkaOffsetsCommittedAfterABurst(t *testing.T) {
	cfg := testKafka(t, 1)
	cfg.CommitInterval = time.Second
	programs, lines := exampleInputs(t, examples+"1-lukedai-default")
	if err := EnsureTopics(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	for _, l := range lines {
		var env struct{ Source string }
		json.Unmarshal(l, &env)
		want[cfg.InputTopic(env.Source)]++
	}
	produce(t, cfg, lines) // all there before the engine starts: one burst
	rk := startKafkaEngine(t, cfg, programs)
	waitFor(t, "every input to be journaled", 30*time.Second, func() bool { return rk.totals() == int64(len(lines)) })

	client := &kafkago.Client{Addr: kafkago.TCP(cfg.Brokers...), Timeout: 5 * time.Second}
	topics := map[string][]int{}
	for topic := range want {
		topics[topic] = []int{0}
	}
	var got map[string]int64
	waitFor(t, "the group's offsets to reach the end of the burst", 10*time.Second, func() bool {
		resp, err := client.OffsetFetch(context.Background(), &kafkago.OffsetFetchRequest{GroupID: cfg.GroupID, Topics: topics})
		if err != nil || resp.Error != nil {
			return false
		}
		got = map[string]int64{}
		for topic, parts := range resp.Topics {
			for _, p := range parts {
				got[topic] = p.CommittedOffset
			}
		}
		for topic, n := range want {
			if got[topic] != n {
				return false
			}
		}
		return true
	})
}
