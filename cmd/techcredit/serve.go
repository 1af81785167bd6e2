package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/techcredit/techcredit/api"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal/bolt"
	"github.com/techcredit/techcredit/stream/kafka"
)

// ServeConfig is what `techcredit serve` runs with; each field is a flag
// and an environment variable TECHCREDIT_<FLAG>.
type ServeConfig struct {
	DataDir         string        // --data: the embedded journal's directory
	HTTPAddr        string        // --http
	ProgramsPath    string        // --programs
	TokensPath      string        // --tokens
	KafkaBrokers    string        // --kafka-brokers: Kafka mode when set
	KafkaPartitions int           // --kafka-partitions
	KafkaGroup      string        // --kafka-group
	KafkaPrefix     string        // --kafka-topic-prefix
	KafkaSession    time.Duration // --kafka-session-timeout
	Demo            bool          // --demo
	BatchMax        int           // --batch-max
	LogLevel        string        // --log-level
	Redis           RedisFlags    // --redis-*, --snapshot-*: see serve_redis.go
}

// parseServeFlags reads flags and environment variables.
func parseServeFlags(args []string, stderr io.Writer) (ServeConfig, error) {
	var c ServeConfig
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.DataDir, "data", "./data", "directory of the embedded journal")
	fs.StringVar(&c.HTTPAddr, "http", ":8080", "HTTP listen address")
	fs.StringVar(&c.ProgramsPath, "programs", "", "programs file (JSON); journaled when it changes")
	fs.StringVar(&c.TokensPath, "tokens", "", "API tokens file (SHA-256 hashes only)")
	fs.StringVar(&c.KafkaBrokers, "kafka-brokers", "", "comma-separated Kafka brokers: Kafka mode")
	fs.IntVar(&c.KafkaPartitions, "kafka-partitions", 3, "partitions of the techcredit topics created here")
	fs.StringVar(&c.KafkaGroup, "kafka-group", "techcredit-engine", "consumer group of the engines")
	fs.DurationVar(&c.KafkaSession, "kafka-session-timeout", 10*time.Second, "group session timeout: how long a dead engine holds its partitions")
	fs.StringVar(&c.KafkaPrefix, "kafka-topic-prefix", "", "prefix of the techcredit topic names (several deployments on one cluster)")
	fs.BoolVar(&c.Demo, "demo", false, "demo programs, demo tokens and a simulated portfolio")
	fs.IntVar(&c.BatchMax, "batch-max", stream.DefaultBatchMax, "inputs applied and journaled per durable write")
	fs.StringVar(&c.LogLevel, "log-level", "info", "debug, info, warn or error")
	c.Redis.register(fs)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return c, applyEnv(fs)
}

func runServe(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseServeFlags(args, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "techcredit serve: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, cfg, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "techcredit serve: %v\n", err)
		return 1
	}
	return 0
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

// engineHandle is what serve needs of either mode's engine.
type engineHandle interface {
	api.Submitter
	Ready() bool
}

// kafkaHandle submits through the topics and is ready with the engine.
type kafkaHandle struct {
	*kafka.Submitter
	*kafka.Engine
}

// serve runs until ctx ends: the engine (embedded or Kafka), the API and,
// in the embedded mode, the control socket that `techcredit state` reads.
func serve(ctx context.Context, cfg ServeConfig, stdout, stderr io.Writer) error {
	log := newLogger(stderr, cfg.LogLevel)
	programs, tokens, demo, err := loadServeInputs(cfg, stdout)
	if err != nil {
		return err
	}
	views, snapshots, closeViews, err := openReadModel(cfg.Redis, log)
	if err != nil {
		return err
	}
	defer closeViews()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	engineDone := make(chan error, 1)
	var eng engineHandle
	var counts *stream.Counts
	var control func(context.Context, func(*ledger.Engine)) error
	var lag, owned func() int64
	var risk api.RiskFunc
	if cfg.KafkaBrokers != "" {
		kcfg := kafka.Config{Brokers: strings.Split(cfg.KafkaBrokers, ","),
			Partitions: cfg.KafkaPartitions, GroupID: cfg.KafkaGroup, BatchMax: cfg.BatchMax, TopicPrefix: cfg.KafkaPrefix,
			SessionTimeout: cfg.KafkaSession}
		if programs == nil {
			return errors.New("--programs is required in the Kafka mode")
		}
		k, err := kafka.NewEngine(kcfg, programs, views, log)
		if err != nil {
			return err
		}
		// The API's inputs go through the input topics like any bank's.
		sub, err := kafka.NewSubmitter(kcfg, programs)
		if err != nil {
			return err
		}
		defer sub.Close()
		if snapshots != nil {
			k.UseSnapshots(snapshots, cfg.Redis.SnapshotEvery, cfg.Redis.SnapshotInterval)
		}
		eng, lag, risk = kafkaHandle{sub, k}, k.Lag, kafkaRiskHook(k, kcfg.Partitions)
		owned = func() int64 { return int64(len(k.Owned())) }
		go func() { engineDone <- k.Run(ctx) }()
		log.Info("kafka mode", "brokers", cfg.KafkaBrokers, "partitions", cfg.KafkaPartitions)
	} else {
		journal, err := bolt.Open(cfg.DataDir, 5*time.Second)
		if err != nil {
			return err
		}
		defer journal.Close()
		runner := stream.NewRunner(journal, views, cfg.Redis.runnerConfig(stream.RunnerConfig{BatchMax: cfg.BatchMax, Logger: log}, snapshots))
		eng, counts, control, lag = runner, runner.Counts(), runner.Do, runner.Counts().Pending.Load
		risk = riskHook(runner.Do)
		go func() {
			if err := runner.Recover(ctx, programs); err != nil {
				engineDone <- err
				return
			}
			runDone := make(chan error, 1)
			go func() { runDone <- runner.Run(ctx) }()
			if demo != nil {
				if err := demo.load(ctx, runner, log); err != nil {
					log.Error("demo portfolio not loaded", "err", err)
				}
			}
			engineDone <- <-runDone
		}()
		log.Info("embedded mode", "data", cfg.DataDir)
	}
	acfg := api.Config{Submitter: eng, Views: views, Ready: eng.Ready, Tokens: tokens, Logger: log, Counts: counts, Lag: lag,
		PartitionsOwned: owned, Risk: risk}
	handler, err := api.New(acfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return err
	}
	srv := api.NewServer(cfg.HTTPAddr, handler, acfg)
	httpDone := make(chan error, 1)
	go func() { httpDone <- srv.Serve(ln) }()
	log.Info("listening", "http", ln.Addr().String())
	if control != nil {
		closeControl, err := serveControl(filepath.Join(cfg.DataDir, controlSocket), control, log)
		if err != nil {
			return err
		}
		defer closeControl()
	}
	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-engineDone:
		if runErr != nil {
			log.Error("engine stopped", "err", runErr)
		}
	case runErr = <-httpDone:
	}
	cancel()
	shutdownCtx, done := context.WithTimeout(context.Background(), 10*time.Second)
	defer done()
	if err := srv.Shutdown(shutdownCtx); err != nil && runErr == nil {
		runErr = err
	}
	if errors.Is(runErr, http.ErrServerClosed) {
		runErr = nil
	}
	log.Info("stopped")
	return runErr
}

// loadServeInputs reads the programs and tokens files, or makes the demo's.
func loadServeInputs(cfg ServeConfig, stdout io.Writer) (programs []byte, tokens *api.Tokens, demo *demoSetup, err error) {
	if cfg.Demo {
		demo, err = newDemoSetup(cfg.DataDir, cfg.HTTPAddr, stdout)
		if err != nil {
			return nil, nil, nil, err
		}
		return demo.programs, demo.tokens, demo, nil
	}
	if cfg.ProgramsPath != "" {
		if programs, err = os.ReadFile(cfg.ProgramsPath); err != nil {
			return nil, nil, nil, err
		}
	}
	if cfg.TokensPath == "" {
		return nil, nil, nil, errors.New("--tokens is required (or --demo)")
	}
	tokens, err = api.LoadTokens(cfg.TokensPath)
	return programs, tokens, nil, err
}
