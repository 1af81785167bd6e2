package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/techcredit/techcredit/internal/retry"
)

// TestSend: a batch is posted as NDJSON with the token, a 503 is retried,
// and every line's outcome comes back in order.
func TestSend(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.URL.Path != "/v1/events" || r.Header.Get("Authorization") != "Bearer tok-b" || string(body) != "{\"id\":\"1\"}\n{\"id\":\"2\"}" {
			t.Errorf("got %s %s %q %q", r.Method, r.URL.Path, r.Header.Get("Authorization"), body)
		}
		if calls.Add(1) == 1 {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, `{"results":[{"status":"applied"},{"status":"rejected","code":"bad_json"}]}`)
	}))
	defer srv.Close()
	outs, err := New(srv.URL+"/", "tok-b").Send(context.Background(), [][]byte{[]byte(`{"id":"1"}`), []byte(`{"id":"2"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 2 || outs[0].String() != "applied" || outs[1].String() != "rejected bad_json" || calls.Load() != 2 {
		t.Errorf("got %v after %d calls, want applied and rejected bad_json after 2", outs, calls.Load())
	}
}

// TestSendPermanent: an answer another try cannot change (a 4xx) is not
// retried.
func TestSendPermanent(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, `{"error":{"code":"unauthorized"}}`, http.StatusUnauthorized)
	}))
	defer srv.Close()
	_, err := New(srv.URL, "tok-x").Send(context.Background(), [][]byte{[]byte(`{}`)})
	if !errors.Is(err, retry.ErrPermanent) || calls.Load() != 1 {
		t.Errorf("got %v after %d calls, want a permanent error after 1", err, calls.Load())
	}
}

// TestNoRouter: the client needs the wire, not the server: only package
// api imports gorilla/mux.
func TestNoRouter(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/gorilla/") || dep == "github.com/techcredit/techcredit/api" {
			t.Errorf("api/client depends on %s", dep)
		}
	}
}
