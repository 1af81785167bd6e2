package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

// scrapeTimeout bounds the read-model reads of one /metrics scrape.
const scrapeTimeout = 2 * time.Second

type metrics struct {
	registry *prometheus.Registry
	latency  *prometheus.HistogramVec
	inputs   *prometheus.CounterVec
}

func newMetrics(cfg Config) (*metrics, error) {
	reg := cfg.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
		if err := registerAll(reg, collectors.NewGoCollector(),
			collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})); err != nil {
			return nil, err
		}
	}
	m := &metrics{registry: reg,
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "techcredit_http_request_duration_seconds",
			Help:    "HTTP request latency by route template, method and status code.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method", "code"}),
		inputs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "techcredit_http_inputs_total",
			Help: "Inputs submitted over HTTP by outcome (applied, duplicate, rejected) and reject code (none when applied).",
		}, []string{"outcome", "code"}),
	}
	// Every outcome and reject code is a series from the start, at zero, so
	// a dashboard's rate() sees the first rejection of a kind, not a new
	// series appearing.
	m.inputs.WithLabelValues("applied", "none")
	m.inputs.WithLabelValues("duplicate", "none")
	for _, c := range ledger.Codes() {
		m.inputs.WithLabelValues("rejected", c.String())
	}
	cs := []prometheus.Collector{m.latency, m.inputs, &viewsCollector{views: cfg.Views}}
	if c := cfg.Counts; c != nil {
		for _, o := range []struct {
			outcome string
			load    func() int64
		}{
			{"applied", c.Applied.Load}, {"duplicate", c.Duplicates.Load}, {"rejected", c.Rejected.Load},
		} {
			cs = append(cs, prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "techcredit_engine_inputs_total", Help: "Inputs the engine took, every transport, by outcome.",
				ConstLabels: prometheus.Labels{"outcome": o.outcome}}, asFloat(o.load)))
		}
		cs = append(cs, prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "techcredit_journal_seq", Help: "Sequence number of the last journaled record."}, asFloat(c.JournalSeq.Load)))
	}
	if cfg.Lag != nil {
		cs = append(cs, prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "techcredit_journal_lag_inputs",
			Help: "Inputs received and not yet journaled (in the Kafka mode also not yet fetched from the input topics)."},
			asFloat(cfg.Lag)))
	}
	if cfg.PartitionsOwned != nil {
		cs = append(cs, prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "techcredit_partitions_owned",
			Help: "Journal partitions this instance runs the writer of (Kafka mode); at rest the sum over instances is the partition count."},
			asFloat(cfg.PartitionsOwned)))
	}
	if err := registerAll(reg, cs...); err != nil {
		return nil, err
	}
	return m, nil
}

func registerAll(reg *prometheus.Registry, cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("api metrics: %w", err)
		}
	}
	return nil
}

func asFloat(load func() int64) func() float64 {
	return func() float64 { return float64(load()) }
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Timeout: scrapeTimeout})
}

func (m *metrics) observe(route, method string, code int, d time.Duration) {
	m.latency.WithLabelValues(route, method, strconv.Itoa(code)).Observe(d.Seconds())
}

func (m *metrics) countInputs(outs []ledger.Outcome) {
	for _, o := range outs {
		code := "none"
		if o.Code != ledger.CodeNone {
			code = o.Code.String()
		}
		m.inputs.WithLabelValues(o.Status.String(), code).Inc()
	}
}

// viewsCollector exports each program's pool from the read model at scrape
// time. Amounts become float64 here only, for graphs; never for money.
type viewsCollector struct {
	views readmodel.Reader
}

var (
	descPoolBalance = prometheus.NewDesc("techcredit_pool_balance", "Pool balance of a program, in its currency.",
		[]string{"program", "currency"}, nil)
	descPoolOwed = prometheus.NewDesc("techcredit_pool_owed", "What a program's approved claims are still owed.",
		[]string{"program", "currency"}, nil)
	descLeverage = prometheus.NewDesc("techcredit_pool_leverage", "Covered outstanding ÷ pool balance (absent while the pool is empty).",
		[]string{"program"}, nil)
	descMaxLeverage = prometheus.NewDesc("techcredit_pool_max_leverage", "A program's leverage limit (absent when it has none).",
		[]string{"program"}, nil)
	descClaims = prometheus.NewDesc("techcredit_claims", "Claims of a program by status.",
		[]string{"program", "status"}, nil)
	descQueued = prometheus.NewDesc("techcredit_claims_queued", "Approved claims waiting for the pool to have money.",
		[]string{"program"}, nil)
	descViewsUp = prometheus.NewDesc("techcredit_read_model_up", "1 when the read model answered the scrape.", nil, nil)
)

func (c *viewsCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descPoolBalance, descPoolOwed, descLeverage, descMaxLeverage, descClaims, descQueued, descViewsUp} {
		ch <- d
	}
}

func (c *viewsCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	programs, err := c.views.Programs(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(descViewsUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(descViewsUp, prometheus.GaugeValue, 1)
	for _, p := range programs {
		gauge(ch, descPoolBalance, &p.PoolBalance, p.ID, p.Currency)
		gauge(ch, descPoolOwed, &p.Owed, p.ID, p.Currency)
		gauge(ch, descLeverage, p.Leverage, p.ID)
		gauge(ch, descMaxLeverage, p.MaxLeverage, p.ID)
		for _, st := range claimStatuses {
			ch <- prometheus.MustNewConstMetric(descClaims, prometheus.GaugeValue, float64(p.ClaimsByStatus[st]), p.ID, st)
		}
		ch <- prometheus.MustNewConstMetric(descQueued, prometheus.GaugeValue, float64(p.ClaimsByStatus["queued"]), p.ID)
	}
}

// gauge sends a decimal string as a gauge; a null or malformed one is left out.
func gauge(ch chan<- prometheus.Metric, d *prometheus.Desc, v *string, labels ...string) {
	if v == nil {
		return
	}
	f, err := strconv.ParseFloat(*v, 64)
	if err != nil {
		return
	}
	ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, f, labels...)
}
