package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"

	"github.com/techcredit/techcredit/api"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/report/export"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/kafka"
)

// kafkaMode is the Kafka mode: a writer per owned journal partition
// (kafka.Engine), and the API's inputs produced to the input topics like
// any bank's (kafka.Submitter).
type kafkaMode struct {
	cfg    kafka.Config
	engine *kafka.Engine
	sub    *kafka.Submitter
	views  views
}

func openKafka(cfg ServeConfig, programs []byte, rm readModel, log *slog.Logger) (*kafkaMode, error) {
	kcfg := kafka.Config{Brokers: strings.Split(cfg.KafkaBrokers, ","), Partitions: cfg.KafkaPartitions,
		GroupID: cfg.KafkaGroup, BatchMax: cfg.BatchMax, TopicPrefix: cfg.KafkaPrefix, SessionTimeout: cfg.KafkaSession}
	pc, err := risk.ParsePrograms(bytes.NewReader(programs))
	if err != nil {
		return nil, err
	}
	if err := kafka.CheckGuaranteeKeys(pc); err != nil {
		return nil, err
	}
	engine, err := kafka.NewEngine(kcfg, programs, rm.views, log)
	if err != nil {
		return nil, err
	}
	sub, err := kafka.NewSubmitter(kcfg, programs)
	if err != nil {
		return nil, err
	}
	rm.useSnapshots(cfg.Redis, engine)
	log.Info("kafka mode", "brokers", cfg.KafkaBrokers, "partitions", cfg.KafkaPartitions)
	return &kafkaMode{cfg: kcfg, engine: engine, sub: sub, views: rm.views}, nil
}

func (k *kafkaMode) Run(ctx context.Context) error { return k.engine.Run(ctx) }

func (k *kafkaMode) API(cfg *api.Config) {
	cfg.Submitter, cfg.Views, cfg.Ready, cfg.Lag = k.sub, k.views, k.engine.Ready, k.engine.Lag
	cfg.PartitionsOwned = func() int64 { return int64(len(k.engine.Owned())) }
	cfg.Risk = kafkaRiskHook(k.engine)
	cfg.History = kafkaHistory(k.engine, k.cfg)
	cfg.Reports, cfg.WriteReport = kafkaReports(k.cfg), export.Write
}

// kafkaHistory reads a history from the journal partition of its program's
// Kafka key (a program's inputs, and so its claims, loans and subsidies,
// live on one), with a journal reader of its own for each request.
func kafkaHistory(e *kafka.Engine, cfg kafka.Config) api.HistoryFunc {
	return func(ctx context.Context, program, kind, id string) ([]journal.HistoryEntry, error) {
		j := kafka.NewJournal(cfg, e.PartitionOf(program))
		defer j.Close()
		return stream.History(ctx, j, kind, id, 0)
	}
}

// State merges the states of the partitions this instance owns (programs,
// loans and claims live on one partition each).
func (k *kafkaMode) State(ctx context.Context) ([]byte, error) {
	var states []*ledger.State
	if err := k.engine.State(ctx, func(_ int, e *ledger.Engine) { states = append(states, e.State()) }); err != nil {
		return nil, err
	}
	if len(states) == 0 {
		return nil, errors.New("this instance owns no journal partition")
	}
	return ledger.MarshalState(ledger.MergeStates(states))
}

// ControlSocket: several Kafka instances may share a working directory;
// `techcredit state --kafka-brokers` reads the journal topics instead.
func (k *kafkaMode) ControlSocket() string { return "" }

func (k *kafkaMode) Close() error { return k.sub.Close() }
