package main

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/techcredit/techcredit/api"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/report/export"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

// controlSocket is the Unix socket, in the data directory, where a running
// embedded serve answers the operations handler: the journal file is
// locked while serve runs, and whoever may read the data directory may
// read the state.
const controlSocket = "control.sock"

// embedded is the embedded mode: the single writer over the bbolt journal
// of the data directory, with the read model in memory or in Redis.
type embedded struct {
	dataDir  string
	journal  *bolt.Journal
	runner   *stream.Runner
	views    views
	programs []byte     // nil: the journaled programs stay in force
	demo     *demoSetup // nil unless --demo
	log      *slog.Logger
}

func openEmbedded(cfg ServeConfig, in serveInputs, rm readModel, log *slog.Logger) (*embedded, error) {
	j, err := bolt.Open(cfg.DataDir, 5*time.Second)
	if err != nil {
		return nil, err
	}
	runner := stream.NewRunner(j, rm.views, rm.runnerConfig(cfg.Redis, stream.RunnerConfig{BatchMax: cfg.BatchMax, Logger: log}))
	log.Info("embedded mode", "data", cfg.DataDir)
	return &embedded{dataDir: cfg.DataDir, journal: j, runner: runner, views: rm.views, programs: in.programs, demo: in.demo, log: log}, nil
}

// Run replays the journal, then runs the writer; the demo's portfolio is
// submitted while the writer runs.
func (e *embedded) Run(ctx context.Context) error {
	if err := e.runner.Recover(ctx, e.programs); err != nil {
		return err
	}
	if e.demo == nil {
		return e.runner.Run(ctx)
	}
	runDone := make(chan error, 1)
	go func() { runDone <- e.runner.Run(ctx) }()
	if err := e.demo.load(ctx, e.runner, e.log); err != nil {
		e.log.Error("demo portfolio not loaded", "err", err)
	}
	return <-runDone
}

func (e *embedded) API(cfg *api.Config) {
	cfg.Submitter, cfg.Views, cfg.Ready = e.runner, e.views, e.runner.Ready
	cfg.Counts, cfg.Lag, cfg.Risk = e.runner.Counts(), e.runner.Counts().Pending.Load, riskHook(e.runner.Do)
	cfg.History = api.JournalHistory(e.journal)
	cfg.Reports, cfg.WriteReport = embeddedReports(e.journal), export.Write
}

// State marshals the writer's state between two batches.
func (e *embedded) State(ctx context.Context) ([]byte, error) {
	var out []byte
	var merr error
	err := e.runner.Do(ctx, func(en *ledger.Engine) { out, merr = ledger.MarshalState(en.State()) })
	return out, errors.Join(err, merr)
}

func (e *embedded) ControlSocket() string { return filepath.Join(e.dataDir, controlSocket) }

func (e *embedded) Close() error { return e.journal.Close() }
