package kafka

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream"
)

// Topic names (SPEC §2).
const (
	TopicBankEvents = "techcredit.bank-events"
	TopicCommands   = "techcredit.commands"
	TopicJournal    = "techcredit.journal"
	TopicDLQ        = "techcredit.dlq"
)

// Config configures the Kafka mode. Every field documents its default.
type Config struct {
	// Brokers to bootstrap from. Required.
	Brokers []string
	// GroupID of the engines' consumer group. Default "techcredit-engine".
	GroupID string
	// Partitions of every techcredit topic created here; all input topics
	// and the journal must have the same count. Default 3.
	Partitions int
	// ReplicationFactor of topics created here. Default 1 (a single
	// broker); set 3 on a real cluster.
	ReplicationFactor int
	// BatchMax is the most inputs applied and journaled together. Default 512.
	BatchMax int
	// FetchWait is how long a partition reader waits for more messages
	// before handing a partial batch to the engine. Default 20 ms.
	FetchWait time.Duration
	// CommitEvery: group offsets are committed after this many journaled
	// inputs or CommitInterval, whichever first (they are advisory: the
	// journal decides where to resume; they only show the group's lag to
	// Kafka's tools). Defaults 20000 and 1 s: a commit costs the partition's
	// consumer about as much as applying a few hundred inputs.
	CommitEvery    int
	CommitInterval time.Duration
	// SessionTimeout of the group membership. Default 10 s (brokers refuse
	// less than 6 s).
	SessionTimeout time.Duration
	// RetryBackoffMax caps the backoff between attempts to rejoin the group
	// or reach the brokers. Default 5 s.
	RetryBackoffMax time.Duration
	// IOTimeout bounds every produce and metadata request. Default 10 s.
	IOTimeout time.Duration
	// TopicPrefix is put before every topic name, so several deployments
	// (or test runs) can share a cluster. Default "".
	TopicPrefix string
	// Keys is the Kafka key of each program for a Producer (the programs
	// file's kafka_key, KeysOf). Default none: every program keys by its
	// id. The Engine and the Submitter take theirs from their programs file.
	Keys Keys
}

// Topic returns a techcredit topic's name with the configured prefix.
func (c *Config) Topic(name string) string { return c.TopicPrefix + name }

// InputTopic is the topic an input from source goes to: finance and admin
// inputs to the commands topic, everything else (banks, guarantors, and
// what names no valid source, for the engine to reject) to bank-events.
func (c *Config) InputTopic(source string) string {
	if strings.HasPrefix(source, ledger.RoleFinance+":") || strings.HasPrefix(source, ledger.RoleAdmin+":") {
		return c.Topic(TopicCommands)
	}
	return c.Topic(TopicBankEvents)
}

// Validate fills the defaults and checks the values.
func (c *Config) Validate() error {
	if len(c.Brokers) == 0 {
		return errors.New("kafka: no brokers")
	}
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	if c.GroupID == "" {
		c.GroupID = "techcredit-engine"
	}
	def(&c.Partitions, 3)
	def(&c.ReplicationFactor, 1)
	def(&c.BatchMax, stream.DefaultBatchMax)
	def(&c.CommitEvery, 20000)
	defDur(&c.FetchWait, 20*time.Millisecond)
	defDur(&c.CommitInterval, time.Second)
	defDur(&c.SessionTimeout, 10*time.Second)
	defDur(&c.RetryBackoffMax, 5*time.Second)
	defDur(&c.IOTimeout, 10*time.Second)
	switch {
	case c.Partitions < 1 || c.Partitions > 1024:
		return fmt.Errorf("kafka: partitions %d must be 1-1024", c.Partitions)
	case c.ReplicationFactor < 1:
		return fmt.Errorf("kafka: replication factor %d must be at least 1", c.ReplicationFactor)
	case c.BatchMax < 1 || c.BatchMax > 10000:
		return fmt.Errorf("kafka: batch max %d must be 1-10000", c.BatchMax)
	}
	return nil
}
