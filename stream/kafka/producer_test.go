package kafka

import (
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"
)

// TestProducer: a bank's input goes to bank events on its program's
// partition, a finance command to commands, and an input without a
// program to every partition.
func TestProducer(t *testing.T) {
	cfg := testKafka(t, 3)
	ctx := ensureTopics(t, cfg, time.Minute)
	p, err := NewProducer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	bank := `{"id":"b-1","type":"loan.overdue","source":"bank:icbc","program":"dz-lukedai"}`
	sent, err := p.Produce(ctx, [][]byte{[]byte(bank),
		[]byte(`{"id":"f-1","type":"claim.approved","source":"finance:li","program":"dz-lukedai"}`),
		[]byte(`{"id":"n-1","type":"net_assets.reported","source":"guarantor:sd"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sent, map[string]int{cfg.Topic(TopicBankEvents): 1 + 3, cfg.Topic(TopicCommands): 1}; len(got) != 2 ||
		got[cfg.Topic(TopicBankEvents)] != want[cfg.Topic(TopicBankEvents)] || got[cfg.Topic(TopicCommands)] != want[cfg.Topic(TopicCommands)] {
		t.Errorf("sent: got %v, want %v", got, want)
	}
	r := kafkago.NewReader(kafkago.ReaderConfig{Brokers: cfg.Brokers, Topic: cfg.Topic(TopicBankEvents),
		Partition: ProgramPartition("dz-lukedai", 3), MaxWait: 10 * time.Millisecond})
	defer r.Close()
	var m kafkago.Message
	for string(m.Value) != bank { // the partition holds a copy of the net assets too
		if m, err = r.ReadMessage(ctx); err != nil {
			t.Fatalf("the bank's input is not on its program's partition: %v", err)
		}
	}
	if string(m.Key) != "dz-lukedai" {
		t.Errorf("key: got %q, want the program", m.Key)
	}
}
