package api

import (
	"context"
	"errors"
	"log/slog"
	"net/netip"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
)

// Defaults of Config.
const (
	DefaultBodyBytesMax        = 1 << 20 // 1 MiB
	DefaultInputsPerRequestMax = 1000
	DefaultRequestTimeout      = 10 * time.Second
	DefaultHeaderTimeout       = 5 * time.Second
)

// Submitter applies inputs and returns their outcomes once they are
// journaled (read-your-writes). *stream.Runner satisfies it.
type Submitter interface {
	Submit(ctx context.Context, items []journal.Item) ([]ledger.Outcome, error)
}

// Config is what New needs. Submitter, Views, Ready and Tokens are
// required; every other field has a default.
type Config struct {
	// Submitter applies inputs (required): the single writer.
	Submitter Submitter
	// Views serves the read-model documents (required): readmodel.Memory,
	// or redisstore.Store.
	Views readmodel.Reader
	// Ready reports whether the engine has caught up with its journal
	// (required): /readyz answers 200 and /v1 serves requests only then;
	// before, they answer 503 not_ready.
	Ready func() bool
	// Tokens authenticates bearer tokens (required; see LoadTokens).
	Tokens *Tokens
	// Logger receives request errors; slog.Default() when nil.
	Logger *slog.Logger
	// Registry receives the API's metrics, served by Handlers.Metrics. When
	// nil, New creates one with the Go and process collectors.
	Registry *prometheus.Registry
	// Lag, when set, reports the journal lag: inputs received and not yet
	// journaled (waiting for the writer; in the Kafka mode also not yet
	// fetched from the input topics). Exported as techcredit_journal_lag_inputs.
	Lag func() int64
	// PartitionsOwned, when set (Kafka mode), reports how many journal
	// partitions this instance runs the writer of. Exported as
	// techcredit_partitions_owned: across instances at rest, the sum is the
	// partition count.
	PartitionsOwned func() int64
	// Counts, when set, exports the engine's totals (every transport, not
	// only HTTP) and the journal's sequence number: pass runner.Counts().
	Counts *stream.Counts
	// BodyBytesMax bounds a request body; a larger one is refused with 413
	// body_too_large. Default DefaultBodyBytesMax (1 MiB).
	BodyBytesMax int64
	// InputsPerRequestMax bounds the inputs of one POST /v1/events; more
	// are refused with 413 too_many_inputs. Default
	// DefaultInputsPerRequestMax (1000).
	InputsPerRequestMax int
	// RequestTimeout bounds the handling of every request (reading the read
	// model, waiting for the writer); past it the request ends with 503
	// timeout. Default DefaultRequestTimeout (10 s).
	RequestTimeout time.Duration
	// HeaderTimeout bounds the reading of a request's headers (NewServer's
	// ReadHeaderTimeout): a client slower than that, byte by byte or not at
	// all, is disconnected. Default DefaultHeaderTimeout (5 s).
	HeaderTimeout time.Duration
	// AuthFailuresMax is how many unknown bearer tokens one client address
	// may present within AuthFailureWindow; past it, every request of that
	// address with a token answers 429 too_many_attempts for AuthCooldown.
	// Requests without a token are not counted. Default
	// DefaultAuthFailuresMax (20); negative: no limit.
	AuthFailuresMax int
	// AuthFailureWindow is the period over which unknown tokens are
	// counted. Default DefaultAuthFailureWindow (1 min).
	AuthFailureWindow time.Duration
	// AuthCooldown is how long an address that reached AuthFailuresMax is
	// refused. Default DefaultAuthCooldown (5 min).
	AuthCooldown time.Duration
	// AuthClientsMax bounds the addresses the limit remembers (memory);
	// when full, the stalest is forgotten. Default DefaultAuthClientsMax
	// (10000).
	AuthClientsMax int
	// TokenRatePerSecond is the request rate each caller (a subject of the
	// tokens file) may sustain, with bursts of TokenBurst; past it a request
	// answers 429 rate_limited with Retry-After. Default
	// DefaultTokenRatePerSecond (50/s); negative: no limit.
	TokenRatePerSecond float64
	// TokenBurst is how many requests a caller may send at once before the
	// rate applies. Default DefaultTokenBurst (200).
	TokenBurst int
	// TrustedProxies are the proxies whose X-Forwarded-For names the client
	// (the address that the unknown-token limit counts): the client is the
	// rightmost address of the header that is not a trusted proxy. Without
	// them the connection's address is the client.
	TrustedProxies []netip.Prefix
	// Now stamps the `at` of the inputs the API builds itself (funding,
	// approvals, projects); time.Now when nil. Rules never read it: the
	// journal keeps the stamped input.
	Now func() time.Time
	// Risk computes GET /v1/programs/{id}/risk (optional): the writer
	// builds the program's adequacy inputs (runner.Do with
	// ledger.Engine.AdequacyInputs), then ledger.BuildProgramRisk runs off
	// the writer. When nil, the route answers 503 not_ready.
	Risk RiskFunc
	// History reads the histories of GET .../history (SPEC §12) from the
	// journal (optional: without it they answer 503 unavailable).
	History HistoryFunc
	// Reports builds GET /v1/reports/{kind} from the journal and
	// WriteReport writes them (both optional; report/replay and
	// report/export.Write): without them the route answers 503 unavailable.
	Reports     ReportSource
	WriteReport ReportWriter
}

func (c *Config) setDefaults() {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.BodyBytesMax == 0 {
		c.BodyBytesMax = DefaultBodyBytesMax
	}
	if c.InputsPerRequestMax == 0 {
		c.InputsPerRequestMax = DefaultInputsPerRequestMax
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.HeaderTimeout == 0 {
		c.HeaderTimeout = DefaultHeaderTimeout
	}
	if c.AuthFailuresMax == 0 {
		c.AuthFailuresMax = DefaultAuthFailuresMax
	}
	if c.AuthFailureWindow == 0 {
		c.AuthFailureWindow = DefaultAuthFailureWindow
	}
	if c.AuthCooldown == 0 {
		c.AuthCooldown = DefaultAuthCooldown
	}
	if c.TokenRatePerSecond == 0 {
		c.TokenRatePerSecond = DefaultTokenRatePerSecond
	}
	if c.TokenBurst == 0 {
		c.TokenBurst = DefaultTokenBurst
	}
	if c.AuthClientsMax == 0 {
		c.AuthClientsMax = DefaultAuthClientsMax
	}
}

// Validate reports a missing required field or a negative limit. Zero
// limits mean their defaults.
func (c *Config) Validate() error {
	var errs []error
	if c.Submitter == nil {
		errs = append(errs, errors.New("api config: Submitter is required"))
	}
	if c.Views == nil {
		errs = append(errs, errors.New("api config: Views is required"))
	}
	if c.Ready == nil {
		errs = append(errs, errors.New("api config: Ready is required"))
	}
	if c.Tokens == nil {
		errs = append(errs, errors.New("api config: Tokens is required"))
	}
	if c.BodyBytesMax < 0 {
		errs = append(errs, errors.New("api config: BodyBytesMax must not be negative"))
	}
	if c.InputsPerRequestMax < 0 {
		errs = append(errs, errors.New("api config: InputsPerRequestMax must not be negative"))
	}
	if c.RequestTimeout < 0 {
		errs = append(errs, errors.New("api config: RequestTimeout must not be negative"))
	}
	if c.HeaderTimeout < 0 {
		errs = append(errs, errors.New("api config: HeaderTimeout must not be negative"))
	}
	if c.TokenBurst < 0 {
		errs = append(errs, errors.New("api config: TokenBurst must not be negative"))
	}
	if c.AuthFailureWindow < 0 || c.AuthCooldown < 0 || c.AuthClientsMax < 0 {
		errs = append(errs, errors.New("api config: AuthFailureWindow, AuthCooldown and AuthClientsMax must not be negative"))
	}
	return errors.Join(errs...)
}
