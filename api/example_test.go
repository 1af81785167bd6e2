package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/techcredit/techcredit/api"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

// Example wires the API to the embedded engine, as `techcredit serve`
// does: the runner is the Submitter, its read model the Views. It serves
// on a loopback port, funds the pool of example 1's programme through
// POST /v1/programs/{id}/funding and reads the balance back.
func Example() {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	logger := slog.New(slog.DiscardHandler)
	dir, err := os.MkdirTemp("", "techcredit-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	journal, err := bolt.Open(filepath.Join(dir, "journal.db"), 5*time.Second)
	if err != nil {
		fmt.Println("journal:", err)
		return
	}
	defer journal.Close()
	views := readmodel.NewMemory()
	runner := stream.NewRunner(journal, views, stream.RunnerConfig{Logger: logger})

	// A tokens file holds SHA-256 hashes of the bearer tokens, never the tokens.
	const token = "example-finance-token"
	hash := sha256.Sum256([]byte(token))
	tokens, err := api.ParseTokens(strings.NewReader(`{"tokens":[{"sha256":"` + hex.EncodeToString(hash[:]) + `","subject":"finance:li"}]}`))
	if err != nil {
		fmt.Println("tokens:", err)
		return
	}
	cfg := api.Config{Submitter: runner, Views: views, Ready: runner.Ready, Tokens: tokens,
		Logger: logger, Counts: runner.Counts()}
	handlers, err := api.NewHandlers(cfg)
	if err != nil {
		fmt.Println("api:", err)
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := api.NewServer(ln.Addr().String(), handlers.API, cfg)
	go func() { _ = srv.Serve(ln) }() // /readyz answers 503 until Recover is done
	defer srv.Shutdown(context.Background())

	programs, err := os.ReadFile("../testdata/examples/1-lukedai-default/programs.json")
	if err != nil {
		fmt.Println("programs:", err)
		return
	}
	if err := runner.Recover(ctx, programs); err != nil {
		fmt.Println("recover:", err)
		return
	}
	go func() { _ = runner.Run(ctx) }()

	base := "http://" + ln.Addr().String()
	call := func(method, path, body string) (int, []byte) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, []byte(err.Error())
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	status, body := call("POST", "/v1/programs/dz-lukedai/funding", `{"id":"fund-1","funder":"city","amount":"1000000.00"}`)
	var funded struct {
		Result struct{ Status string } `json:"result"`
	}
	json.Unmarshal(body, &funded)
	fmt.Println(status, funded.Result.Status)

	status, body = call("GET", "/v1/programs/dz-lukedai", "")
	var program struct {
		PoolBalance string `json:"pool_balance"`
	}
	json.Unmarshal(body, &program)
	fmt.Println(status, program.PoolBalance)
	// Output:
	// 200 applied
	// 200 1000000.00
}
