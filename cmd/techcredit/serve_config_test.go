package main

import (
	"bytes"
	"io"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

// TestServeFlags: the operations listener and the API's limits, their
// defaults, and their environment variables.
func TestServeFlags(t *testing.T) {
	if c := serveFlagsOf(t); c.MetricsAddr != "127.0.0.1:9090" || !c.metricsOn() || c.TokenRate != 50 || c.TokenBurst != 200 || c.TrustedProxies != nil {
		t.Errorf("defaults: got metrics %q, token rate %v, burst %d, proxies %v", c.MetricsAddr, c.TokenRate, c.TokenBurst, c.TrustedProxies)
	}
	t.Setenv("TECHCREDIT_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7/32")
	t.Setenv("TECHCREDIT_METRICS_ADDR", "off")
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.7/32")}
	if c := serveFlagsOf(t, "--token-rate", "5", "--token-burst", "9"); c.metricsOn() || c.TokenRate != 5 || c.TokenBurst != 9 || !slices.Equal(c.TrustedProxies, want) {
		t.Errorf("from flags and the environment: got metrics %q, token rate %v, burst %d, proxies %v",
			c.MetricsAddr, c.TokenRate, c.TokenBurst, c.TrustedProxies)
	}
}

// TestServeRefusesABadCIDR: a proxy list that does not parse is a usage
// error (exit 2) that names the bad entry, from a flag or the environment.
func TestServeRefusesABadCIDR(t *testing.T) {
	for name, setup := range map[string]func() []string{
		"flag": func() []string { return []string{"serve", "--trusted-proxies", "10.0.0.0/8,10.1.2.3/33"} },
		"env": func() []string {
			t.Setenv("TECHCREDIT_TRUSTED_PROXIES", "10.0.0.0/8,10.1.2.3/33")
			return []string{"serve"}
		},
	} {
		t.Run(name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(setup(), io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), `not a CIDR prefix such as 10.0.0.0/8: "10.1.2.3/33"`) {
				t.Errorf("got exit %d: %s", code, stderr.String())
			}
		})
	}
}
