package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/report/export"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

// The test deployment: a real stream.Runner over a bbolt journal in a temp
// dir, the in-memory read model, the programs and inputs of testdata/ and
// one token per subject below ("token-" + subject).
var testSubjects = []string{
	"bank:icbc-dz", "bank:boc-jn", "guarantor:sd-kedan", "guarantor:other-g",
	"finance:li", "finance:ann", "investor:vc1", "investor:vc2", "admin:sci", "fund:dz-transfer", "fund:other",
}

// asRole is the subject each role of the role matrix speaks as.
var asRole = map[string]string{
	"bank": "bank:icbc-dz", "guarantor": "guarantor:sd-kedan", "finance": "finance:li",
	"investor": "investor:vc1", "admin": "admin:sci",
}

// testNow stamps the inputs the API builds: tests never read the clock.
var testNow = time.Date(2026, 11, 2, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func tokenOf(subject string) string { return "token-" + subject }

func testTokens(t testing.TB) *Tokens {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"tokens":[`)
	for i, s := range testSubjects {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"sha256":%q,"subject":%q}`, HashToken(tokenOf(s)), s)
	}
	b.WriteString("]}")
	tokens, err := ParseTokens(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return tokens
}

type env struct {
	t       testing.TB
	url     string
	srv     *server
	runner  *stream.Runner
	views   *readmodel.Memory
	journal *bolt.Journal
	client  *http.Client
	// validate checks every response against openapi.json.
	validate bool
}

// newEnv starts the deployment with the fixture applied. opts adjust the
// API's config before New.
func newEnv(t testing.TB, opts ...func(*Config)) *env {
	t.Helper()
	return newEnvFrom(t, "testdata/programs.json", opts...)
}

// newEnvFrom is newEnv with another programs file (the fixture must apply
// to it).
func newEnvFrom(t testing.TB, programsFile string, opts ...func(*Config)) *env {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	j, err := bolt.Open(t.TempDir(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	views := readmodel.NewMemory()
	runner := stream.NewRunner(j, views, stream.RunnerConfig{Logger: logger})
	ctx, cancel := context.WithCancel(context.Background())
	programs, err := os.ReadFile(programsFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.Recover(ctx, programs); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- runner.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("runner: %v", err)
		}
		j.Close()
	})
	applyFixture(t, runner, "testdata/inputs.ndjson")

	cfg := Config{Submitter: runner, Views: views, Ready: runner.Ready, Tokens: testTokens(t), Logger: logger,
		Counts: runner.Counts(), Now: func() time.Time { return testNow }, Risk: testRisk(runner),
		History: JournalHistory(j), Reports: journalReports{j}, WriteReport: export.Write}
	for _, o := range opts {
		o(&cfg)
	}
	s, err := newServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	t.Cleanup(hs.Close)
	return &env{t: t, url: hs.URL, srv: s, runner: runner, views: views, journal: j,
		client: hs.Client(), validate: true}
}

func applyFixture(t testing.TB, r *stream.Runner, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var items []journal.Item
	for _, line := range splitNDJSON(raw) {
		items = append(items, journal.Item{Raw: line})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	outs, err := r.Submit(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		if o.Status != ledger.StatusApplied {
			t.Fatalf("fixture input %s: %s %s %s", o.ID, o.Status, o.Code, o.Message)
		}
	}
}

// response is one answer of the API.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

func (r response) errorCode(t testing.TB) string {
	t.Helper()
	var e errorBody
	r.decode(t, &e)
	return e.Error.Code
}

// req describes one request of a test.
type req struct {
	method, path string
	subject      string // "" sends no token
	token        string // overrides the subject's token
	body         string
	contentType  string
	header       map[string]string
}

// do sends a request and checks the response against the OpenAPI document.
func (e *env) do(r req) response {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr, err := http.NewRequestWithContext(ctx, r.method, e.url+r.path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	switch {
	case r.token != "":
		hr.Header.Set("Authorization", "Bearer "+r.token)
	case r.subject != "":
		hr.Header.Set("Authorization", "Bearer "+tokenOf(r.subject))
	}
	if r.body != "" {
		ct := r.contentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	res, err := e.client.Do(hr)
	if err != nil {
		e.t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	out := response{status: res.StatusCode, header: res.Header, body: b}
	if e.validate {
		if err := validateResponse(hr, out); err != nil {
			e.t.Errorf("%s %s as %q: the response does not match openapi.json: %v\n%s", r.method, r.path, r.subject, err, b)
		}
	}
	return out
}

// want sends a request and fails unless the status is the expected one.
func (e *env) want(status int, r req) response {
	e.t.Helper()
	res := e.do(r)
	if res.status != status {
		e.t.Fatalf("%s %s as %q: got status %d, want %d\n%s", r.method, r.path, r.subject, res.status, status, res.body)
	}
	return res
}

func init() {
	// The console's page and the metrics are text: check their type only.
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
}

// testClaim reads a claim of an answer (ledger.SharesDoc only marshals).
type testClaim struct {
	ID                string            `json:"id"`
	Bank              string            `json:"bank"`
	Status            string            `json:"status"`
	Shares            map[string]string `json:"shares"`
	Payable           string            `json:"payable"`
	Paid              string            `json:"paid"`
	Owed              string            `json:"owed"`
	Approvals         []string          `json:"approvals"`
	NeedsTwoApprovals bool              `json:"needs_two_approvals"`
	RejectReason      string            `json:"reject_reason"`
}

type testClaims struct {
	Claims    []testClaim `json:"claims"`
	NextAfter *string     `json:"next_after"`
}

var (
	specOnce   sync.Once
	specRouter routers.Router
	specErr    error
)

func loadSpec() (routers.Router, error) {
	specOnce.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromData(openapiJSON)
		if err != nil {
			specErr = fmt.Errorf("load openapi.json: %w", err)
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			specErr = fmt.Errorf("openapi.json is not a valid OpenAPI 3 document: %w", err)
			return
		}
		specRouter, specErr = gorillamux.NewRouter(doc)
	})
	return specRouter, specErr
}

// validateResponse checks a response against the operation openapi.json
// documents for its request, undocumented statuses included.
func validateResponse(hr *http.Request, res response) error {
	router, err := loadSpec()
	if err != nil {
		return err
	}
	route, params, err := router.FindRoute(hr)
	if err != nil {
		return fmt.Errorf("no operation for %s %s: %w", hr.Method, hr.URL.Path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: hr, PathParams: params, Route: route},
		Status:                 res.status,
		Header:                 res.header,
		Body:                   io.NopCloser(bytes.NewReader(res.body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	return openapi3filter.ValidateResponse(context.Background(), in)
}
