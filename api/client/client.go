// Package client is the HTTP client of techcredit's API for what a bank's
// system does: it posts NDJSON inputs to POST /v1/events in bounded
// batches, each retried, and returns every input's outcome. It does not
// import package api (nor its router): a client needs the wire only.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/techcredit/techcredit/internal/retry"
)

// Limits of a client.
const (
	// BatchMax is the inputs of one POST /v1/events (the API takes up to
	// 1000: api.DefaultInputsPerRequestMax).
	BatchMax = 500
	// BatchBytesMax bounds the bytes of one batch: half of the API's
	// default request body limit (api.DefaultBodyBytesMax), so that a
	// batch of long lines is never refused whole with 413. One line (at
	// most ledger.InputBytesMax+1 bytes) always fits.
	BatchBytesMax = 512 << 10
	// RequestTimeout bounds one HTTP request.
	RequestTimeout = 60 * time.Second
	// answerBytesMax bounds the answer read (1000 outcomes fit well).
	answerBytesMax = 64 << 20
)

// Client posts inputs to one serve with one bearer token.
type Client struct {
	url, token string
	http       *http.Client
}

// New returns a client of the API at baseURL (http://host:port) that
// presents token (a bank's, a guarantor's or an admin's).
func New(baseURL, token string) *Client {
	return &Client{url: strings.TrimRight(baseURL, "/"), token: token, http: &http.Client{Timeout: RequestTimeout}}
}

// Outcome is what the API answered for one input.
type Outcome struct {
	Status string `json:"status"` // applied, duplicate or rejected
	Code   string `json:"code"`   // the reject code, "" when applied
}

// String is the outcome as ingest counts it: "applied", "rejected bad_json".
func (o Outcome) String() string {
	if o.Code == "" {
		return o.Status
	}
	return o.Status + " " + o.Code
}

// Send posts one batch (at most BatchMax lines, BatchBytesMax bytes),
// retried as retry.Do retries (inputs carry their ids: a batch sent twice
// is applied once), and returns the outcome of each line.
func (c *Client) Send(ctx context.Context, lines [][]byte) ([]Outcome, error) {
	var outs []Outcome
	err := retry.Do(ctx, func() (err error) {
		outs, err = c.post(ctx, lines)
		return err
	})
	return outs, err
}

// post is one try: a 5xx or a lost connection is worth another, any other
// answer but 200 is not.
func (c *Client) post(ctx context.Context, lines [][]byte) ([]Outcome, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/v1/events", bytes.NewReader(bytes.Join(lines, []byte("\n"))))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", retry.ErrPermanent, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, answerBytesMax))
	switch {
	case resp.StatusCode >= 500:
		return nil, fmt.Errorf("serve answered %s", resp.Status)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("%w: serve answered %s: %s", retry.ErrPermanent, resp.Status, bytes.TrimSpace(raw))
	}
	var out struct {
		Results []Outcome `json:"results"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("%w: unreadable answer: %v", retry.ErrPermanent, err)
	}
	return out.Results, nil
}
