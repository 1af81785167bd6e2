package main

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/stream/kafka"
)

// TestKafkaRiskHook: in the Kafka mode a program's risk report is built on
// the engine of its partition.
func TestKafkaRiskHook(t *testing.T) {
	brokers, _ := crashKafka(t)
	programs, err := os.ReadFile("../../testdata/examples/1-lukedai-default/programs.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg := kafka.Config{Brokers: brokers, Partitions: 2, TopicPrefix: "riskhook.", GroupID: "riskhook",
		SessionTimeout: 6 * time.Second}
	k, err := kafka.NewEngine(cfg, programs, readmodel.NewMemory(), newLogger(io.Discard, "error"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- k.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitForCond(t, "the engine to take its partitions", 30*time.Second, func() bool { return k.Ready() && len(k.Owned()) == 2 })
	hook := kafkaRiskHook(k)
	doc, found, err := hook(ctx, "dz-lukedai")
	if err != nil || !found || doc == nil {
		t.Fatalf("dz-lukedai report: found %v, err %v", found, err)
	}
	if _, found, err := hook(ctx, "no-such-program"); found || err != nil {
		t.Errorf("unknown program: got found %v, err %v; want not found", found, err)
	}
}
