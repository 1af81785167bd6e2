package api

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// endlessBody is a request body that never ends: '[' then spaces. It
// counts what was read and refuses to give more than max bytes, so a
// handler that reads a body whole shows up as an over-read instead of
// running out of memory.
type endlessBody struct {
	mu       sync.Mutex
	read     int64
	max      int64
	overRead bool
}

var errOverRead = errors.New("the handler read past the limit")

func (b *endlessBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.read >= b.max {
		b.overRead = true
		return 0, errOverRead
	}
	n := int(min(int64(len(p)), b.max-b.read))
	for i := range n {
		p[i] = ' '
	}
	if b.read == 0 && n > 0 {
		p[0] = '['
	}
	b.read += int64(n)
	return n, nil
}

// TestBodyTooLargeReadsBounded: on every route that reads a body, a body
// above BodyBytesMax answers 413 body_too_large after reading at most the
// limit and 64 KiB more, never the whole body (here an endless one).
func TestBodyTooLargeReadsBounded(t *testing.T) {
	const limit = 32 << 10
	e := newEnv(t, func(c *Config) { c.BodyBytesMax = limit })
	for _, r := range fuzzBodyRoutes {
		for _, ct := range []string{"application/json", "application/x-ndjson"} {
			if ct != "application/json" && r.path != "/v1/events" {
				continue
			}
			t.Run(r.method+" "+r.path+" "+ct, func(t *testing.T) {
				body := &endlessBody{max: limit + 64<<10}
				hr := httptest.NewRequest(r.method, r.path, body)
				hr.Header.Set("Authorization", "Bearer "+tokenOf(r.subject))
				hr.Header.Set("Content-Type", ct)
				rec := httptest.NewRecorder()
				e.srv.serveHTTP(rec, hr)
				res := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
				if res.status != http.StatusRequestEntityTooLarge || res.errorCode(t) != CodeBodyTooLarge {
					t.Errorf("got %d %s, want 413 %s", res.status, res.body, CodeBodyTooLarge)
				}
				if body.overRead {
					t.Errorf("the handler read more than %d bytes of a body limited to %d", body.max, limit)
				}
				if err := validateResponse(hr, res); err != nil {
					t.Errorf("the response does not match openapi.json: %v", err)
				}
			})
		}
	}
}

// TestSlowHeadersDisconnected: a client that sends its request headers
// byte by byte, slower than HeaderTimeout allows, is disconnected before
// it finishes and never answered, while another client is served
// meanwhile.
func TestSlowHeadersDisconnected(t *testing.T) {
	e := newEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer("", http.HandlerFunc(e.srv.serveHTTP), Config{HeaderTimeout: 200 * time.Millisecond})
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	answered := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(conn) // until the server closes the connection
		answered <- string(b)
	}()
	// 40 bytes a second: the 150 bytes would take almost 4 s, 20 times
	// the header timeout.
	request := "GET /healthz HTTP/1.1\r\nHost: techcredit\r\nUser-Agent: " + strings.Repeat("s", 80) + "\r\nAccept: */*\r\n\r\n"
	var got string
	sent, otherServed := 0, false
	closed := false
	for !closed && sent < len(request) {
		if _, err := conn.Write([]byte{request[sent]}); err != nil {
			break // the server closed the connection
		}
		sent++
		if sent == 3 && !otherServed {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			hr, _ := http.NewRequestWithContext(ctx, "GET", "http://"+ln.Addr().String()+"/healthz", nil)
			res, err := http.DefaultClient.Do(hr)
			cancel()
			if err != nil {
				t.Fatalf("another client while the slow one sends: %v", err)
			}
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Fatalf("another client: got %d, want 200", res.StatusCode)
			}
			otherServed = true
		}
		select {
		case got = <-answered:
			closed = true
		case <-time.After(25 * time.Millisecond):
		}
	}
	if !closed {
		select {
		case got = <-answered:
			closed = true
		case <-time.After(10 * time.Second):
		}
	}
	if !closed {
		t.Fatal("the slow client is still connected")
	}
	if sent >= len(request) {
		t.Errorf("the slow client sent its whole request (%d bytes) before being disconnected", sent)
	}
	if got != "" {
		if line, _ := bufio.NewReader(strings.NewReader(got)).ReadString('\n'); strings.Contains(line, " 200 ") {
			t.Errorf("the slow client was answered: %q", line)
		}
	}
	if !otherServed {
		t.Error("no other client was served meanwhile")
	}
}

// TestNewServerHeaderTimeout: NewServer takes the header timeout from the
// config, 5 s by default.
func TestNewServerHeaderTimeout(t *testing.T) {
	if got := NewServer("", nil, Config{}).ReadHeaderTimeout; got != DefaultHeaderTimeout {
		t.Errorf("default: got %v, want %v", got, DefaultHeaderTimeout)
	}
	if got := NewServer("", nil, Config{HeaderTimeout: time.Second}).ReadHeaderTimeout; got != time.Second {
		t.Errorf("got %v, want 1s", got)
	}
}
