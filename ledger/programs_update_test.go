package ledger

import (
	"strings"
	"testing"

	"github.com/techcredit/techcredit/risk"
)

func mustPrograms(t testing.TB, text string) *risk.Config {
	t.Helper()
	cfg, err := risk.ParsePrograms(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestUpdatePrograms(t *testing.T) {
	v1 := `{"programs":[{"id":"p1","kind":"compensation_pool","currency":"CNY","shares":[{"party":"city","ratio":"0.5"}]}]}`
	e := NewEngine(mustPrograms(t, v1))
	for _, tc := range []struct{ name, file, wantErr string }{
		{"kind change", `{"programs":[{"id":"p1","kind":"capped_portfolio_guarantee","currency":"CNY","guarantee_rate":"0.5","cap_rate":"0.2","cap_basis":"portfolio"}]}`, "kind and currency cannot change"},
		{"removal", `{"programs":[{"id":"p2","kind":"compensation_pool","currency":"CNY","shares":[{"party":"city","ratio":"0.5"}]}]}`, "cannot be removed"},
	} {
		if err := e.UpdatePrograms(mustPrograms(t, tc.file)); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.wantErr)
		}
	}
	v2 := `{"programs":[{"id":"p1","kind":"compensation_pool","currency":"CNY","per_loan_cap":"100.00","shares":[{"party":"city","ratio":"0.5"}]},
		{"id":"p0","kind":"compensation_pool","currency":"CNY","shares":[{"party":"city","ratio":"0.3"}]}]}`
	if err := e.UpdatePrograms(mustPrograms(t, v2)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(e.programIDs, ","); got != "p0,p1" {
		t.Errorf("program ids: got %s, want p0,p1", got)
	}
	if got := e.programs["p1"].Def.PerLoanCap.StringFixed(2); got != "100.00" {
		t.Errorf("p1 per_loan_cap: got %s, want 100.00", got)
	}
}
