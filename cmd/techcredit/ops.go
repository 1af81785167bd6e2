package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/techcredit/techcredit/api"
)

// stateBytesMax bounds a state document read from the operations handler.
const stateBytesMax = 4 << 30

// opsHandler is the operations handler: GET /metrics (Prometheus) and
// GET /state (the state document), and GET /history?kind=&id=&program=
// (what `techcredit history --data` asks a running serve), for the
// operations listener and the control socket, never the public API
// listener.
func opsHandler(metrics http.Handler, state func(context.Context) ([]byte, error), history api.HistoryFunc) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /history", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if history == nil {
			http.Error(w, "this deployment reads no histories", http.StatusServiceUnavailable)
			return
		}
		entries, err := history(r.Context(), q.Get("program"), q.Get("kind"), q.Get("id"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(historyDoc{Kind: q.Get("kind"), ID: q.Get("id"), Entries: entries})
	})
	mux.Handle("GET /metrics", metrics)
	mux.HandleFunc("GET /state", func(w http.ResponseWriter, r *http.Request) {
		out, err := state(r.Context())
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(out)
	})
	return mux
}

// newOpsServer serves the operations handler; the write timeout leaves
// time for a large state document.
func newOpsServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 60 * time.Second}
}

// fetchControlState asks a running serve for its state document through
// the control socket.
func fetchControlState(ctx context.Context, path string) ([]byte, error) {
	return fetchControl(ctx, path, "/state")
}

// fetchControl GETs target from a running serve's control socket.
func fetchControl(ctx context.Context, path, target string) ([]byte, error) {
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		DisableKeepAlives: true, // one request per client: an idle connection would hold a goroutine in serve
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", path)
		}}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://serve"+target, nil)
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
