package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gorilla/mux"
)

// handlerFunc is a /v1 handler: it gets the authenticated caller and
// returns an error to answer (an *Error; anything else is a 500).
type handlerFunc func(w http.ResponseWriter, r *http.Request, sub Subject) error

type server struct {
	cfg     Config
	router  *mux.Router
	metrics *metrics
	ats     *atMemory
	// authLimit refuses addresses that guess tokens (nil: no limit).
	authLimit *authLimiter
	// rateLimit bounds each caller's request rate (nil: no limit).
	rateLimit *rateLimiter
	// riskSlots bounds the risk reports computed at once.
	riskSlots chan struct{}
	// historySlots bounds the journal scans of histories at once.
	historySlots chan struct{}
}

// Handlers are what New builds, for two listeners: API is the public
// API (/healthz, /readyz, /openapi.json, the /v1 routes of SPEC §9 and the
// web console at /); Metrics is GET /metrics, the Prometheus metrics of
// the same server, for an operations listener only: its per-program money
// gauges are not for whoever reaches the API.
type Handlers struct {
	API     http.Handler
	Metrics http.Handler
}

// NewHandlers builds the API's handler and its metrics handler.
func NewHandlers(cfg Config) (Handlers, error) {
	s, err := newServer(cfg)
	if err != nil {
		return Handlers{}, err
	}
	return Handlers{API: http.HandlerFunc(s.serveHTTP), Metrics: s.metrics.handler()}, nil
}

func newServer(cfg Config) (*server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.setDefaults()
	m, err := newMetrics(cfg)
	if err != nil {
		return nil, err
	}
	s := &server{cfg: cfg, metrics: m, ats: newAtMemory(atMemoryMax), riskSlots: make(chan struct{}, riskConcurrentMax),
		historySlots: make(chan struct{}, historyConcurrentMax)}
	s.authLimit = newAuthLimiter(cfg)
	s.rateLimit = newRateLimiter(cfg)
	s.router = s.routes()
	return s, nil
}

// NewServer returns an http.Server for the handler with a limit on every
// phase of a request: headers within the config's HeaderTimeout (5 s), the
// whole request within its RequestTimeout, the response within that and
// 5 s more, idle keep-alive connections closed after 60 s, headers up to
// 64 KiB.
func NewServer(addr string, h http.Handler, cfg Config) *http.Server {
	timeout := cfg.RequestTimeout
	if timeout == 0 {
		timeout = DefaultRequestTimeout
	}
	headerTimeout := cfg.HeaderTimeout
	if headerTimeout == 0 {
		headerTimeout = DefaultHeaderTimeout
	}
	return &http.Server{Addr: addr, Handler: h,
		ReadHeaderTimeout: headerTimeout, ReadTimeout: timeout, WriteTimeout: timeout + 5*time.Second,
		IdleTimeout: 60 * time.Second, MaxHeaderBytes: 64 << 10}
}

// Pagination of lists: ?after=<last id of the previous page>&limit=N.
const (
	DefaultPageLimit = 100
	cursorBytesMax   = 256
)

func (s *server) routes() *mux.Router {
	r := mux.NewRouter()
	r.UseEncodedPath() // ids may hold "/", sent as %2F
	notFound := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		writeError(w, errorf(CodeNotFound, "no route for %s %s", req.Method, req.URL.Path))
	})
	notAllowed := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		allowed := allowedMethods(r, req)
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeError(w, errorf(CodeMethodNotAllowed, "%s is not allowed on %s; allowed: %s", req.Method, req.URL.Path,
			strings.Join(allowed, ", ")))
	})
	r.NotFoundHandler, r.MethodNotAllowedHandler = notFound, notAllowed
	r.Use(nameRoute)

	r.HandleFunc("/healthz", s.getHealthz).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/readyz", s.getReadyz).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/openapi.json", getOpenAPI).Methods(http.MethodGet)
	s.consoleRoutes(r)

	everyone := allow(RoleBank, RoleGuarantor, RoleFinance, RoleInvestor, RoleAdmin, RoleFund)
	// Banks read the pipeline too, with the roadshow's aggregates (SPEC §15).
	readers := allow(RoleInvestor, RoleFinance, RoleAdmin, RoleBank)
	fundReaders := allow(RoleFinance, RoleAdmin, RoleFund, RoleInvestor)
	// Flat routes, not a /v1 subrouter: gorilla/mux v1.8.1 answers 404
	// instead of 405 for a method mismatch inside a subrouter.
	s.handle(r, http.MethodGet, "/v1/me", everyone, s.getMe)
	s.handle(r, http.MethodPost, "/v1/events", allow(RoleBank, RoleGuarantor, RoleAdmin, RoleInvestor, RoleFund), s.postEvents)
	s.handle(r, http.MethodGet, "/v1/loans", allow(RoleBank, RoleGuarantor, RoleFinance, RoleAdmin), s.getLoans)
	s.handle(r, http.MethodGet, "/v1/loans/{id}", allow(RoleBank, RoleGuarantor, RoleFinance, RoleAdmin), s.getLoan)
	s.handle(r, http.MethodGet, "/v1/programs", allow(RoleBank, RoleGuarantor, RoleFinance, RoleAdmin), s.getPrograms)
	s.handle(r, http.MethodGet, "/v1/programs/{id}", allow(RoleBank, RoleGuarantor, RoleFinance, RoleAdmin), s.getProgram)
	s.handle(r, http.MethodPost, "/v1/programs/{id}/funding", allow(RoleFinance), s.postFunding)
	s.handle(r, http.MethodGet, "/v1/programs/{id}/risk", allow(RoleFinance, RoleAdmin), s.getProgramRisk)
	s.handle(r, http.MethodGet, "/v1/claims", allow(RoleBank, RoleFinance, RoleAdmin), s.getClaims)
	s.handle(r, http.MethodGet, "/v1/claims/{program}/{loan}", allow(RoleBank, RoleFinance, RoleAdmin), s.getClaim)
	s.handle(r, http.MethodPost, "/v1/claims/{program}/{loan}/approve", allow(RoleFinance), s.postApprove)
	s.handle(r, http.MethodPost, "/v1/claims/{program}/{loan}/reject", allow(RoleFinance), s.postReject)
	s.handle(r, http.MethodPost, "/v1/programs/{id}/subsidy-funding", allow(RoleFinance), s.postSubsidyFunding)
	s.handle(r, http.MethodGet, "/v1/subsidies", allow(RoleBank, RoleFinance, RoleAdmin), s.getSubsidies)
	s.handle(r, http.MethodGet, "/v1/subsidies/{program}/{loan}/{year}", allow(RoleBank, RoleFinance, RoleAdmin), s.getSubsidy)
	s.handle(r, http.MethodPost, "/v1/subsidies/{program}/{loan}/{year}/approve", allow(RoleFinance), s.postSubsidyApprove)
	s.handle(r, http.MethodPost, "/v1/subsidies/{program}/{loan}/{year}/reject", allow(RoleFinance), s.postSubsidyReject)
	s.handle(r, http.MethodGet, "/v1/claims/{program}/{loan}/history", allow(RoleBank, RoleFinance, RoleAdmin), s.getClaimHistory)
	s.handle(r, http.MethodGet, "/v1/loans/{id}/history", allow(RoleBank, RoleFinance, RoleAdmin), s.getLoanHistory)
	s.handle(r, http.MethodGet, "/v1/subsidies/{program}/{loan}/{year}/history", allow(RoleBank, RoleFinance, RoleAdmin), s.getSubsidyHistory)
	s.handle(r, http.MethodPost, "/v1/claims/{program}/{loan}/submit", allow(RoleBank), s.postSubmit)
	s.handle(r, http.MethodPost, "/v1/claims/{program}/{loan}/review", allow(RoleAdmin), s.postReview)
	s.handle(r, http.MethodGet, "/v1/filings", allow(RoleBank, RoleFinance, RoleAdmin), s.getFilings)
	s.handle(r, http.MethodGet, "/v1/enterprises", allow(RoleBank, RoleFinance, RoleAdmin), s.getEnterprises)
	s.handle(r, http.MethodGet, "/v1/enterprises/{id}", allow(RoleBank, RoleFinance, RoleAdmin), s.getEnterprise)
	s.handle(r, http.MethodGet, "/v1/guarantors/{id}", allow(RoleGuarantor, RoleFinance, RoleAdmin), s.getGuarantor)
	s.handle(r, http.MethodGet, "/v1/reports/{kind}", everyone, s.getReport)
	s.handle(r, http.MethodGet, "/v1/pipeline", readers, s.getPipeline)
	s.handle(r, http.MethodGet, "/v1/pipeline/stats", readers, s.getPipelineStats)
	s.handle(r, http.MethodGet, "/v1/pipeline/{id}", readers, s.getProject)
	s.handle(r, http.MethodPost, "/v1/pipeline", allow(RoleAdmin), s.postProject)
	s.handle(r, http.MethodPatch, "/v1/pipeline/{id}", allow(RoleAdmin), s.patchProject)
	s.handle(r, http.MethodPost, "/v1/pipeline/{id}/interest", allow(RoleBank, RoleInvestor), s.postInterest)
	s.handle(r, http.MethodPost, "/v1/pipeline/{id}/commitment", allow(RoleInvestor), s.postCommitment)
	s.handle(r, http.MethodPost, "/v1/pipeline/{id}/withdraw", allow(RoleBank, RoleInvestor), s.postWithdraw)
	s.handle(r, http.MethodGet, "/v1/funds", fundReaders, s.getFunds)
	s.handle(r, http.MethodGet, "/v1/funds/{id}", fundReaders, s.getFund)
	s.handle(r, http.MethodPost, "/v1/funds/{id}/commitments", allow(RoleFinance), s.postFundCommitment)
	s.handle(r, http.MethodPost, "/v1/funds/{id}/investments", allow(RoleFund), s.postFundInvestment)
	s.handle(r, http.MethodPost, "/v1/funds/{id}/exits", allow(RoleFund), s.postFundExit)
	return r
}

// handle registers a /v1 route: the caller must hold a known token of an
// allowed role (401, 403), and the engine must be ready (503).
func (s *server) handle(r *mux.Router, method, path string, allowed roles, h handlerFunc) {
	r.Handle(path, http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		sub, err := s.authenticate(req, allowed)
		if err == nil && !s.cfg.Ready() {
			err = errorf(CodeNotReady, "the engine is still replaying its journal; retry shortly")
		}
		if err == nil {
			infoOf(req).subject = sub.String()
			err = h(conditional(w, req), req, sub) // ETag and 304 on GET and HEAD (respond.go)
		}
		if err != nil {
			s.fail(w, req, err)
		}
	})).Methods(methodsOf(method)...)
}

// methodsOf is a route's methods: a GET route answers HEAD too (the same
// headers, no body), as HTTP clients and proxies expect.
func methodsOf(method string) []string {
	if method == http.MethodGet {
		return []string{http.MethodGet, http.MethodHead}
	}
	return []string{method}
}

// routeMethods are the methods a 405's Allow header may list.
var routeMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// allowedMethods lists the methods some route takes on req's path, for the
// Allow header that RFC 9110 requires on a 405.
func allowedMethods(router *mux.Router, req *http.Request) []string {
	var allowed []string
	for _, m := range routeMethods {
		probe := req.Clone(req.Context())
		probe.Method = m
		var match mux.RouteMatch
		if router.Match(probe, &match) && match.MatchErr == nil {
			allowed = append(allowed, m)
		}
	}
	return allowed
}

// fail answers an error and logs it when it is the service's, not the
// caller's: that is where it is handled, so it is logged once.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	writeError(w, err)
	if e, ok := err.(*Error); !ok || e.Status() >= 500 {
		s.cfg.Logger.Warn("request failed", "method", r.Method, "route", routeOf(r),
			"subject", infoOf(r).subject, "err", err)
	}
}

// requestInfo is what the outer layer learns from the router: the route
// matched (a metric label) and the caller (a log field).
type requestInfo struct {
	route   string
	subject string
}

type infoKey struct{}

func infoOf(r *http.Request) *requestInfo {
	if i, ok := r.Context().Value(infoKey{}).(*requestInfo); ok {
		return i
	}
	return &requestInfo{}
}

func routeOf(r *http.Request) string { return infoOf(r).route }

// nameRoute records the matched route's template.
func nameRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if cur := mux.CurrentRoute(r); cur != nil {
			if tpl, err := cur.GetPathTemplate(); err == nil {
				infoOf(r).route = tpl
			}
		}
		next.ServeHTTP(w, r)
	})
}

// serveHTTP is the outer layer of every request: its deadline, metrics,
// and a bug in a handler answered with 500 instead of a dropped connection.
func (s *server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	info := &requestInfo{route: "unmatched"}
	r = r.WithContext(context.WithValue(ctx, infoKey{}, info))
	rec := &statusRecorder{ResponseWriter: w}
	rec.Header().Set("X-Content-Type-Options", "nosniff")
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.cfg.Logger.Error("handler panic", "method", r.Method, "route", info.route,
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if !rec.wrote {
				writeError(rec, errorf(CodeInternal, "internal error"))
			}
		}
		s.metrics.observe(info.route, r.Method, rec.code(), time.Since(start))
	}()
	s.router.ServeHTTP(rec, r)
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusRecorder) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusRecorder) code() int {
	if !w.wrote {
		return http.StatusOK
	}
	return w.status
}

// pathVar is a route variable, percent-decoded (the router matches the
// encoded path so that ids may hold "/").
func pathVar(r *http.Request, name string) (string, error) {
	v, err := url.PathUnescape(mux.Vars(r)[name])
	if err != nil {
		return "", errorf(CodeBadRequest, "path segment %s: %v", name, err)
	}
	return v, nil
}
