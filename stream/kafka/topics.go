package kafka

import (
	"context"
	"errors"
	"fmt"

	kafkago "github.com/segmentio/kafka-go"
)

// EnsureTopics creates the techcredit topics that do not exist yet, each
// with the configured partitions, and checks that those that exist have
// that many: a different count would move programs between partitions.
func EnsureTopics(ctx context.Context, cfg Config) error {
	client := &kafkago.Client{Addr: kafkago.TCP(cfg.Brokers...), Timeout: cfg.IOTimeout}
	topics := []string{cfg.Topic(TopicBankEvents), cfg.Topic(TopicCommands), cfg.Topic(TopicJournal), cfg.Topic(TopicDLQ)}
	req := &kafkago.CreateTopicsRequest{}
	for _, t := range topics {
		req.Topics = append(req.Topics, kafkago.TopicConfig{Topic: t, NumPartitions: cfg.Partitions,
			ReplicationFactor: cfg.ReplicationFactor})
	}
	resp, err := client.CreateTopics(ctx, req)
	if err != nil {
		return fmt.Errorf("create topics: %w", err)
	}
	for t, terr := range resp.Errors {
		if terr != nil && !errors.Is(terr, kafkago.TopicAlreadyExists) {
			return fmt.Errorf("create topic %s: %w", t, terr)
		}
	}
	meta, err := client.Metadata(ctx, &kafkago.MetadataRequest{Topics: topics})
	if err != nil {
		return fmt.Errorf("topic metadata: %w", err)
	}
	for _, t := range meta.Topics {
		if t.Error != nil {
			return fmt.Errorf("topic %s: %w", t.Name, t.Error)
		}
		if len(t.Partitions) != cfg.Partitions {
			return fmt.Errorf("topic %s has %d partitions, want %d (every techcredit topic needs the same count)",
				t.Name, len(t.Partitions), cfg.Partitions)
		}
	}
	return nil
}
