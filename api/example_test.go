package api_test

import (
	"context"
	"log/slog"
	"os"
	"time"

	"github.com/techcredit/techcredit/api"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

// Example wires the API to the embedded engine, as `techcredit serve`
// does: the runner is the Submitter, its read model the Views.
func Example() {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))

	journal, err := bolt.Open("./data", 5*time.Second)
	if err != nil {
		logger.Error("journal", "err", err)
		return
	}
	defer journal.Close()
	views := readmodel.NewMemory()
	runner := stream.NewRunner(journal, views, stream.RunnerConfig{Logger: logger})

	tokens, err := api.LoadTokens("tokens.json")
	if err != nil {
		logger.Error("tokens", "err", err)
		return
	}
	cfg := api.Config{Submitter: runner, Views: views, Ready: runner.Ready, Tokens: tokens,
		Logger: logger, Counts: runner.Counts()}
	handlers, err := api.NewHandlers(cfg)
	if err != nil {
		logger.Error("api", "err", err)
		return
	}
	srv := api.NewServer(":8080", handlers.API, cfg)
	go func() { _ = srv.ListenAndServe() }() // /readyz answers 503 until Recover is done
	defer srv.Shutdown(context.Background())

	programs, err := os.ReadFile("programs.json")
	if err != nil {
		logger.Error("programs", "err", err)
		return
	}
	if err := runner.Recover(ctx, programs); err != nil {
		logger.Error("recover", "err", err)
		return
	}
	if err := runner.Run(ctx); err != nil {
		logger.Error("engine stopped", "err", err)
	}
}
