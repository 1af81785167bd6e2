package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/techcredit/techcredit/ledger"
)

// controlSocket is the Unix socket a running embedded serve answers state
// requests on: the journal file is locked while serve runs, and whoever may
// read the data directory may read the state.
const controlSocket = "control.sock"

// stateBytesMax bounds a state document read from the control socket.
const stateBytesMax = 4 << 30

// serveControl answers GET /state on a Unix socket with the state document.
func serveControl(path string, do func(context.Context, func(*ledger.Engine)) error, log *slog.Logger) (func(), error) {
	_ = os.Remove(path) // a socket left by a killed process
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /state", func(w http.ResponseWriter, r *http.Request) {
		var out []byte
		var merr error
		err := do(r.Context(), func(e *ledger.Engine) { out, merr = ledger.MarshalState(e.State()) })
		if err = errors.Join(err, merr); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(out)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 60 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn("control socket", "err", err)
		}
	}()
	return func() { srv.Close(); os.Remove(path) }, nil
}

// fetchControlState asks a running serve for its state document.
func fetchControlState(ctx context.Context, path string) ([]byte, error) {
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		DisableKeepAlives: true, // one request per client: an idle connection would hold a goroutine in serve
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", path)
		}}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://serve/state", nil)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, stateBytesMax))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("serve answered %s: %s", resp.Status, b)
	}
	return b, nil
}
