package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/risk/programrisk"
	"github.com/techcredit/techcredit/stream"
)

// testRisk is the embedded mode's hook over the test deployment's runner.
func testRisk(r *stream.Runner) RiskFunc { return WriterRisk(r.Do) }

// TestProgramRisk reads both programs' reports as finance (each answer is
// validated against openapi.json by e.do) and checks the figures a person
// can work out from testdata/inputs.ndjson.
func TestProgramRisk(t *testing.T) {
	e := newEnv(t)
	res := e.want(200, req{method: "GET", path: "/v1/programs/dz-lukedai/risk", subject: "finance:li"})
	var doc programrisk.Report
	res.decode(t, &doc)
	view, _, _ := e.views.Program(context.Background(), "dz-lukedai")
	// In force and covered: icbc-dz-L3 2,000,000 (semiconductors small, PD
	// 0.04), boc-jn-L4 1,500,000 (robotics small, default PD 0.03), icbc-dz-L8
	// 12,000,000 (energy medium, 0.025). Five of the eight covered loans
	// defaulted. EL = 0.45 × (80,000 + 45,000 + 300,000).
	for _, tc := range []struct{ what, got, want string }{
		{"assumptions_source", doc.AssumptionsSource, "program"},
		{"assumptions.version", doc.Assumptions.Version, "2026-01"},
		{"assumptions.pd.semiconductors.small", doc.Assumptions.PD["semiconductors"]["small"], "0.04"},
		{"portfolio.ead", doc.Portfolio.EAD, "15500000.00"},
		{"portfolio.ead = covered outstanding", doc.Portfolio.EAD, view.CoveredOutstanding},
		{"portfolio.pool_balance", doc.Portfolio.PoolBalance, view.PoolBalance},
		// Pending claims: icbc-dz-L1 0.70 × 4,000,000, icbc-dz-L6 0.70 × 3,000,000, icbc-dz-L2 0.70 × 800,000.
		{"portfolio.open_claims_payable", doc.Portfolio.OpenClaimsPayable, "5460000.00"},
		{"payout_rule.share", doc.PayoutRule.Share, "0.7000"},
		{"expected_loss.loss", doc.ExpectedLoss.Loss, "191250.00"},
		{"expected_loss.pool_draw", doc.ExpectedLoss.PoolDraw, "133875.00"},
		{"expected_loss.by_bank.icbc-dz", doc.ExpectedLoss.ByBank["icbc-dz"], "171000.00"},
		{"expected_loss.by_bank.boc-jn", doc.ExpectedLoss.ByBank["boc-jn"], "20250.00"},
		{"expected_loss.by_sector.energy", doc.ExpectedLoss.BySector["energy"], "135000.00"},
		{"observed", fmt.Sprint(doc.Observed.CoveredLoans, doc.Observed.DefaultedLoans, *doc.Observed.DefaultRate), "8 5 0.625"},
		{"max_leverage.program_limit", *doc.MaxLeverage.ProgramLimit, "10.0000"},
		{"fund_leverage.government_money", doc.FundLeverage.GovernmentMoney, "4000000.00"},
		{"stress", fmt.Sprintf("%d %s %s %s %s", len(doc.Stress), doc.Stress[1].Name, *doc.Stress[1].Sector, doc.Stress[2].Name, *doc.Stress[2].Bank),
			"3 sector_x3 energy bank_fails icbc-dz"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.what, tc.got, tc.want)
		}
	}
	if doc.Vasicek == nil || doc.Simulation.Scenarios != programrisk.ScenariosDefault || len(doc.Simulation.Histogram.Counts) != programrisk.Bins {
		t.Errorf("got vasicek %v, simulation of %d scenarios with %d bins; want a closed form, %d scenarios, %d bins",
			doc.Vasicek, doc.Simulation.Scenarios, len(doc.Simulation.Histogram.Counts), programrisk.ScenariosDefault, programrisk.Bins)
	}
	// The same state gives the same document, byte for byte.
	again := e.want(200, req{method: "GET", path: "/v1/programs/dz-lukedai/risk", subject: "admin:sci"})
	if !bytes.Equal(again.body, res.body) {
		t.Errorf("a second report on the same state differs:\n%s\n%s", res.body, again.body)
	}

	// The guarantee program has no "risk" object: the defaults, and the
	// government's share of each loss.
	var gp programrisk.Report
	e.want(200, req{method: "GET", path: "/v1/programs/lukedan/risk", subject: "finance:li"}).decode(t, &gp)
	if gp.AssumptionsSource != "default" || gp.Assumptions.Version != "default" || gp.PayoutRule.Share != "0.1000" {
		t.Errorf("lukedan: got source %s, version %s, share %s; want default, default, 0.1000",
			gp.AssumptionsSource, gp.Assumptions.Version, gp.PayoutRule.Share)
	}

	if code := e.want(404, req{method: "GET", path: "/v1/programs/nope/risk", subject: "finance:li"}).errorCode(t); code != CodeNotFound {
		t.Errorf("unknown program: got code %s, want not_found", code)
	}
}

// TestProgramRiskUnavailable: without a hook, or when the hook cannot
// compute the report (the Kafka mode), the answer is 503 not_ready with a
// message; any other failure of the hook is 503 unavailable, whose message
// never names the cause's hosts, ports or files (SPEC §9: it is logged).
func TestProgramRiskUnavailable(t *testing.T) {
	for _, tc := range []struct {
		name     string
		risk     RiskFunc
		code     string
		messages []string
		absent   []string
	}{
		{"no hook", nil, CodeNotReady, []string{"no risk reports"}, nil},
		{"kafka mode", func(context.Context, string) (any, bool, error) {
			return nil, false, fmt.Errorf("%w in the Kafka mode yet", ErrRiskUnavailable)
		}, CodeNotReady, []string{"not available in the Kafka mode"}, nil},
		{"writer stopped", func(context.Context, string) (any, bool, error) {
			return nil, false, errors.New("writer stopped: dial tcp 127.0.0.1:6379: open /var/lib/techcredit/journal.db")
		}, CodeUnavailable, []string{"unavailable"}, []string{"127.0.0.1", "6379", "journal.db", "dial"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, func(c *Config) { c.Risk = tc.risk })
			res := e.want(503, req{method: "GET", path: "/v1/programs/dz-lukedai/risk", subject: "finance:li"})
			var body errorBody
			res.decode(t, &body)
			if body.Error.Code != tc.code {
				t.Errorf("got code %s, want %s", body.Error.Code, tc.code)
			}
			for _, m := range tc.messages {
				if !strings.Contains(body.Error.Message, m) {
					t.Errorf("got message %q, want it to contain %q", body.Error.Message, m)
				}
			}
			for _, m := range tc.absent {
				if strings.Contains(body.Error.Message, m) {
					t.Errorf("got message %q, want it without %q", body.Error.Message, m)
				}
			}
		})
	}
}
