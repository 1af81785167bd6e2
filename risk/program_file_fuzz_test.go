package risk

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
)

// FuzzParsePrograms: ParsePrograms never panics; every refusal wraps
// ErrInvalidPrograms; an accepted file, written back in the file format of
// SPEC §5, validates again into the same programs (a fixed point).
func FuzzParsePrograms(f *testing.F) {
	examples, _ := filepath.Glob("../testdata/examples/*/programs.json")
	for _, path := range examples {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{"programs":[{"id":"p1","name":"P","kind":"compensation_pool","currency":"CNY","shares":[{"party":"province","ratio":"0.35"}]}]}`,
		`{"programs":[{"id":"g","name":"G","kind":"guarantee_program","currency":"CNY","shares":[{"party":"guarantor","ratio":"0.4"},{"party":"reguarantor","ratio":"0.3"},{"party":"bank","ratio":"0.2"},{"party":"government","ratio":"0.1"}]}]}`,
		`{"programs":[{"id":"c","name":"C","kind":"capped_portfolio_guarantee","currency":"USD","guarantee_rate":"0.8","cap_rate":"0.05","cap_basis":"portfolio"}]}`,
		`{"programs":[{"id":"r","name":"R","kind":"compensation_pool","currency":"CNY","shares":[{"party":"city","ratio":"1"}],"risk":{"version":"v","lgd":"1","rho":"0.1","default_pd":"0.02","pd":{"tech":{"micro":"0.05"}}}}],"guarantor_rules":{"leverage_limit":"10"}}`,
		`{"programs":[{"id":"p1","kind":"compensation_pool","currency":"CNY","shares":[{"party":"a","ratio":"0.6"},{"party":"b","ratio":"0.6"}]}]}`,
		`{"programs":[{"id":"p1","kind":"compensation_pool","currency":"CNY","shares":[{"party":"a","ratio":"0.5"}]},{"id":"p1","kind":"compensation_pool","currency":"CNY","shares":[{"party":"a","ratio":"0.5"}]}]}`,
		`{"programs":[{"id":"p1","kind":"compensation_pool","currency":"CNY","shares":[{"party":"a","ratio":"1e-1"}]}]}`,
		`{"programs":[{"id":"p1","kind":"compensation_pool","currency":"CNY","claim_trigger_days_past_due":-1}]}`,
		`{"programs":[{"id":"p1","kind":"compensation_pool","currency":"CNY","per_loan_cap":null,"shares":[{"party":"a","ratio":"0.1"}]}]}`,
		`{"programs":[{"id":"p1","kind":"compensation_pool","currency":"CNY","shares":[{"party":"a","ratio":"0.1"}],"colour":"red"}]}`,
		`{"programs":[]}`, `{"programs":[null]}`, `{"programs":[1]}`, `[]`, `null`, ``, `{} {}`,
		`{"guarantor_rules":{"leverage_limit":"0"},"programs":[{}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, file []byte) {
		cfg, err := ParsePrograms(bytes.NewReader(file))
		if err != nil {
			if !errors.Is(err, ErrInvalidPrograms) {
				t.Fatalf("got error %v, want one wrapping ErrInvalidPrograms", err)
			}
			return
		}
		if len(cfg.Programs) == 0 {
			t.Fatal("accepted a file without programs")
		}
		again := writePrograms(t, cfg)
		cfg2, err := ParsePrograms(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("accepted %q, but its programs written back %s are refused: %v", file, again, err)
		}
		if third := writePrograms(t, cfg2); !bytes.Equal(again, third) {
			t.Fatalf("accepted %q: written back as %s, then as %s", file, again, third)
		}
	})
}

// writePrograms is the programs file of a Config (test only: the service
// never writes one).
func writePrograms(t *testing.T, cfg *Config) []byte {
	t.Helper()
	str := func(d *decimal.Decimal) *string {
		if d == nil {
			return nil
		}
		s := d.String()
		return &s
	}
	val := func(d decimal.Decimal) *string { return str(&d) }
	g := cfg.GuarantorRules
	file := struct {
		Programs       []programJSON       `json:"programs"`
		GuarantorRules *guarantorRulesJSON `json:"guarantor_rules"`
	}{GuarantorRules: &guarantorRulesJSON{LeverageLimit: val(g.LeverageLimit), LeverageLimitSmall: val(g.LeverageLimitSmall),
		SmallBorrowerWeight: val(g.SmallBorrowerWeight), SmallBorrowerBalanceMax: val(g.SmallBorrowerBalanceMax)}}
	for _, p := range cfg.Programs {
		days := p.ClaimTriggerDaysPastDue
		pj := programJSON{ID: p.ID, Name: p.Name, Kind: string(p.Kind), Currency: p.Currency,
			ClaimTriggerDaysPastDue: &days, DualApprovalThreshold: str(p.DualApprovalThreshold),
			MaxLeverage: str(p.MaxLeverage), Covers: p.Covers, PerLoanCap: str(p.PerLoanCap),
			PerBankAnnualCap: str(p.PerBankAnnualCap), BankNPLSuspendRatio: str(p.BankNPLSuspendRatio),
			CapBasis: p.CapBasis}
		if p.Kind == KindCappedGuarantee {
			pj.GuaranteeRate, pj.CapRate = val(p.GuaranteeRate), val(p.CapRate)
		} else {
			for _, s := range p.Shares {
				pj.Shares = append(pj.Shares, funderShareJSON{Party: s.Party, Ratio: s.Ratio.String()})
			}
		}
		if a := p.Risk; a != nil {
			aj := &assumptionsJSON{Version: a.Version, LGD: val(a.LGD), Rho: val(a.Rho), DefaultPD: val(a.DefaultPD)}
			for sector, bySize := range a.PD {
				if aj.PD == nil {
					aj.PD = map[string]map[string]string{}
				}
				aj.PD[sector] = map[string]string{}
				for size, pd := range bySize {
					aj.PD[sector][size] = pd.String()
				}
			}
			pj.Risk = aj
		}
		file.Programs = append(file.Programs, pj)
	}
	b, err := json.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
