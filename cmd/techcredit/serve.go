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
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/techcredit/techcredit/api"
)

// runServe is `techcredit serve`: it runs Main until SIGINT, SIGTERM or a
// failure of the engine or a listener.
func runServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain(stdout, stderr)
	if err := m.ParseFlags(ctx, args); err != nil {
		return failed(stderr, "serve", 2, err)
	}
	err := m.Run(ctx)
	if err == nil {
		select {
		case <-ctx.Done():
		case <-m.Failed():
		}
	}
	if err = errors.Join(err, m.Close()); err != nil {
		return failed(stderr, "serve", 1, err)
	}
	return 0
}

// Main is serve's wiring, where the adapters meet: ParseFlags, Run and
// Close, as benbjohnson/wtf's cmd/wtfd, so that the end-to-end tests run
// the same wiring in-process.
type Main struct {
	Config ServeConfig
	Stdout io.Writer // the demo's tokens
	Stderr io.Writer // the log

	log        *slog.Logger
	deployment Deployment
	servers    []*http.Server
	closeViews func()
	stopEngine context.CancelFunc
	engineDone chan struct{}

	mu     sync.Mutex
	err    error         // the first failure of the engine or a listener
	failed chan struct{} // closed at that failure

	closeOnce sync.Once
	closeErr  error
}

// NewMain returns a Main with the zero configuration (see ServeConfig).
func NewMain(stdout, stderr io.Writer) *Main {
	return &Main{Stdout: stdout, Stderr: stderr, failed: make(chan struct{})}
}

// ParseFlags reads serve's flags and their environment variables.
func (m *Main) ParseFlags(_ context.Context, args []string) error {
	return m.Config.parse(args, m.Stderr)
}

// Run opens the deployment, starts its engine and listens: the API on
// --http, the operations handler on --metrics-addr and on the control
// socket. It returns once everything listens; Failed reports a later
// failure, Close stops it all.
func (m *Main) Run(ctx context.Context) error {
	m.log = newLogger(m.Stderr, m.Config.LogLevel)
	in, err := loadServeInputs(m.Config, m.Stdout)
	if err != nil {
		return err
	}
	rm, err := openReadModel(m.Config.Redis, m.log)
	if err != nil {
		return err
	}
	m.closeViews = rm.close
	dep, err := openDeployment(m.Config, in, rm, m.log)
	if err != nil {
		return err
	}
	m.deployment = dep
	acfg := api.Config{Tokens: in.tokens, Logger: m.log, TrustedProxies: m.Config.TrustedProxies,
		TokenRatePerSecond: m.Config.TokenRate, TokenBurst: m.Config.TokenBurst}
	m.deployment.API(&acfg)
	h, err := api.NewHandlers(acfg)
	if err != nil {
		return err
	}
	engineCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	m.stopEngine, m.engineDone = stop, make(chan struct{})
	go func() {
		defer close(m.engineDone)
		if err := m.deployment.Run(engineCtx); err != nil {
			m.fail(fmt.Errorf("engine: %w", err))
		}
	}()
	if err := m.listen("tcp", m.Config.HTTPAddr, api.NewServer(m.Config.HTTPAddr, h.API, acfg)); err != nil {
		return err
	}
	return m.listenOps(opsHandler(h.Metrics, m.deployment.State, acfg.History))
}

// listenOps serves the operations handler on --metrics-addr (unless off)
// and on the deployment's control socket (if it has one).
func (m *Main) listenOps(ops http.Handler) error {
	if m.Config.metricsOn() {
		if err := m.listen("tcp", m.Config.MetricsAddr, newOpsServer(ops)); err != nil {
			return fmt.Errorf("--metrics-addr: %w", err)
		}
	}
	if sock := m.deployment.ControlSocket(); sock != "" {
		_ = os.Remove(sock) // a socket left by a killed process
		return m.listen("unix", sock, newOpsServer(ops))
	}
	return nil
}

// listen serves srv on a new listener; a failure to serve stops serve.
func (m *Main) listen(network, addr string, srv *http.Server) error {
	ln, err := net.Listen(network, addr)
	if err != nil {
		return err
	}
	m.servers = append(m.servers, srv)
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			m.fail(fmt.Errorf("%s %s: %w", network, addr, err))
		}
	}()
	m.log.Info("listening", "network", network, "addr", ln.Addr().String())
	return nil
}

func (m *Main) fail(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err == nil {
		m.log.Error("serve stops", "err", err)
		m.err = err
		close(m.failed)
	}
}

// Failed is closed when the engine or a listener has failed; Close then
// returns the failure.
func (m *Main) Failed() <-chan struct{} { return m.failed }

// Close stops serve: the listeners first, waiting up to 10 s for the
// requests in flight (they need the engine), then the engine, the
// deployment and the read model. It returns the first failure, if any;
// a second Close returns the same and does nothing (the data directory
// may already serve another Main).
func (m *Main) Close() error {
	m.closeOnce.Do(func() { m.closeErr = m.close() })
	return m.closeErr
}

func (m *Main) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var errs []error
	for _, srv := range m.servers {
		errs = append(errs, srv.Shutdown(ctx))
	}
	if m.stopEngine != nil {
		m.stopEngine()
		<-m.engineDone
	}
	if m.deployment != nil {
		errs = append(errs, m.deployment.Close())
		if sock := m.deployment.ControlSocket(); sock != "" {
			os.Remove(sock)
		}
	}
	if m.closeViews != nil {
		m.closeViews()
	}
	m.mu.Lock()
	errs = append([]error{m.err}, errs...)
	m.mu.Unlock()
	if m.log != nil {
		m.log.Info("stopped")
	}
	return errors.Join(errs...)
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}
