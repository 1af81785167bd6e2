package main

import (
	"flag"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"time"

	"github.com/techcredit/techcredit/api"
	"github.com/techcredit/techcredit/stream"
)

// ServeConfig is what `techcredit serve` runs with; each field is a flag
// and an environment variable TECHCREDIT_<FLAG>. The zero value is usable
// (as tests build it): no operations listener, the API's default limits.
type ServeConfig struct {
	DataDir         string         // --data: the embedded journal's directory
	HTTPAddr        string         // --http
	MetricsAddr     string         // --metrics-addr: the operations listener; "" or "off": none
	ProgramsPath    string         // --programs
	TokensPath      string         // --tokens
	KafkaBrokers    string         // --kafka-brokers: Kafka mode when set
	KafkaPartitions int            // --kafka-partitions
	KafkaGroup      string         // --kafka-group
	KafkaPrefix     string         // --kafka-topic-prefix
	KafkaSession    time.Duration  // --kafka-session-timeout
	Demo            bool           // --demo
	BatchMax        int            // --batch-max
	LogLevel        string         // --log-level
	TrustedProxies  []netip.Prefix // --trusted-proxies: api.Config.TrustedProxies
	TokenRate       float64        // --token-rate: api.Config.TokenRatePerSecond
	TokenBurst      int            // --token-burst: api.Config.TokenBurst
	Redis           RedisFlags     // --redis-*, --snapshot-*: see serve_redis.go
}

// defaultMetricsAddr is loopback: the metrics hold per-program money
// gauges and the listener serves the state document too.
const defaultMetricsAddr = "127.0.0.1:9090"

// flagSet registers every flag of serve on c.
func (c *ServeConfig) flagSet(stderr io.Writer) *flag.FlagSet {
	fs := newFlagSet("serve", stderr)
	fs.StringVar(&c.DataDir, "data", "./data", "directory of the embedded journal")
	fs.StringVar(&c.HTTPAddr, "http", ":8080", "HTTP listen address of the API")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", defaultMetricsAddr, `operations listener: GET /metrics and GET /state ("" or off: none)`)
	fs.StringVar(&c.ProgramsPath, "programs", "", "programs file (JSON); journaled when it changes")
	fs.StringVar(&c.TokensPath, "tokens", "", "API tokens file (SHA-256 hashes only)")
	fs.StringVar(&c.KafkaBrokers, "kafka-brokers", "", "comma-separated Kafka brokers: Kafka mode")
	fs.IntVar(&c.KafkaPartitions, "kafka-partitions", 3, "partitions of the techcredit topics created here")
	fs.StringVar(&c.KafkaGroup, "kafka-group", "techcredit-engine", "consumer group of the engines")
	fs.DurationVar(&c.KafkaSession, "kafka-session-timeout", 10*time.Second, "group session timeout: how long a dead engine holds its partitions")
	fs.StringVar(&c.KafkaPrefix, "kafka-topic-prefix", "", "prefix of the techcredit topic names (several deployments on one cluster)")
	fs.BoolVar(&c.Demo, "demo", false, "demo programs, demo tokens and a simulated portfolio")
	fs.IntVar(&c.BatchMax, "batch-max", stream.DefaultBatchMax, "inputs applied and journaled per durable write")
	fs.StringVar(&c.LogLevel, "log-level", "info", "debug, info, warn or error")
	fs.Func("trusted-proxies", "CIDR,...: proxies whose X-Forwarded-For names the client (default none)", func(v string) (err error) {
		c.TrustedProxies, err = parsePrefixes(v)
		return err
	})
	fs.Float64Var(&c.TokenRate, "token-rate", api.DefaultTokenRatePerSecond, "requests per second each caller may sustain (negative: no limit)")
	fs.IntVar(&c.TokenBurst, "token-burst", api.DefaultTokenBurst, "requests a caller may send at once before --token-rate applies")
	c.Redis.register(fs)
	return fs
}

// parse reads flags, then the environment variables of flags not given.
func (c *ServeConfig) parse(args []string, stderr io.Writer) error {
	fs := c.flagSet(stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return applyEnv(fs)
}

// metricsOn reports whether the operations listener is configured.
func (c *ServeConfig) metricsOn() bool { return c.MetricsAddr != "" && c.MetricsAddr != "off" }

// parsePrefixes parses comma-separated CIDR prefixes.
func parsePrefixes(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("not a CIDR prefix such as 10.0.0.0/8: %q", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
