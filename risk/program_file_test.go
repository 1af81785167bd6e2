package risk

import (
	"errors"
	"strings"
	"testing"
)

func TestParseProgramsDefaults(t *testing.T) {
	cfg, err := ParsePrograms(strings.NewReader(`{"programs":[` + lukedaiProgram + `,` + guarantee4321Program + `,` + cappedProgram + `]}`))
	if err != nil {
		t.Fatalf("ParsePrograms: %v", err)
	}
	if got := len(cfg.Programs); got != 3 {
		t.Fatalf("programs: got %d, want 3", got)
	}
	pool := cfg.Program("dz-lukedai")
	if pool == nil {
		t.Fatalf("Program(dz-lukedai): got nil")
	}
	if pool.Covers != CoversPrincipal || pool.ClaimTriggerDaysPastDue != 90 || pool.MaxLeverage != nil ||
		pool.DualApprovalThreshold != nil || pool.PerLoanCap != nil || pool.PerBankAnnualCap != nil || pool.BankNPLSuspendRatio != nil {
		t.Errorf("pool defaults: got covers %q trigger %d, optional values %v %v %v %v %v; want principal, 90, all nil",
			pool.Covers, pool.ClaimTriggerDaysPastDue, pool.MaxLeverage, pool.DualApprovalThreshold, pool.PerLoanCap,
			pool.PerBankAnnualCap, pool.BankNPLSuspendRatio)
	}
	if got := pool.FunderRatioSum().String(); got != "0.7" {
		t.Errorf("funder ratio sum: got %s, want 0.7", got)
	}
	if cfg.Program("nope") != nil {
		t.Errorf("Program(nope): got a program, want nil")
	}
	r := cfg.GuarantorRules
	if r.LeverageLimit.String() != "10" || r.LeverageLimitSmall.String() != "15" ||
		r.SmallBorrowerWeight.String() != "0.75" || FormatAmount(r.SmallBorrowerBalanceMax) != "5000000.00" {
		t.Errorf("guarantor rules: got %s %s %s %s, want 10 15 0.75 5000000.00", r.LeverageLimit, r.LeverageLimitSmall,
			r.SmallBorrowerWeight, FormatAmount(r.SmallBorrowerBalanceMax))
	}
	capped := cfg.Program("eu-capped")
	if capped.GuaranteeRate.String() != "0.5" || capped.CapRate.String() != "0.2" || capped.CapBasis != CapBasisGuaranteed {
		t.Errorf("capped: got rate %s cap_rate %s basis %s, want 0.5 0.2 guaranteed", capped.GuaranteeRate, capped.CapRate, capped.CapBasis)
	}
}

func TestParseProgramsOptionalFields(t *testing.T) {
	cfg, err := ParsePrograms(strings.NewReader(`{"programs":[{"id":"p","name":"p","kind":"compensation_pool","currency":"CNY",
		"claim_trigger_days_past_due":0,"dual_approval_threshold":"1000000.00","max_leverage":"12.5",
		"shares":[{"party":"province","ratio":"0.35"}],"covers":"principal_and_interest",
		"per_loan_cap":"2000000.00","per_bank_annual_cap":"5000000.00","bank_npl_suspend_ratio":"0.05"}],
		"guarantor_rules":{"leverage_limit":"8","leverage_limit_small":"12","small_borrower_weight":"0.5","small_borrower_balance_max":"3000000.00"}}`))
	if err != nil {
		t.Fatalf("ParsePrograms: %v", err)
	}
	p := cfg.Programs[0]
	for _, tc := range []struct{ what, got, want string }{
		{"trigger", strings.Repeat("x", p.ClaimTriggerDaysPastDue), ""},
		{"dual_approval_threshold", FormatAmount(*p.DualApprovalThreshold), "1000000.00"},
		{"max_leverage", FormatRatio(*p.MaxLeverage), "12.5000"},
		{"covers", p.Covers, CoversPrincipalAndInterest},
		{"per_loan_cap", FormatAmount(*p.PerLoanCap), "2000000.00"},
		{"per_bank_annual_cap", FormatAmount(*p.PerBankAnnualCap), "5000000.00"},
		{"bank_npl_suspend_ratio", FormatRatio(*p.BankNPLSuspendRatio), "0.0500"},
		{"leverage_limit", cfg.GuarantorRules.LeverageLimit.String(), "8"},
		{"leverage_limit_small", cfg.GuarantorRules.LeverageLimitSmall.String(), "12"},
		{"small_borrower_weight", cfg.GuarantorRules.SmallBorrowerWeight.String(), "0.5"},
		{"small_borrower_balance_max", FormatAmount(cfg.GuarantorRules.SmallBorrowerBalanceMax), "3000000.00"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.what, tc.got, tc.want)
		}
	}
}

func TestParseProgramsErrors(t *testing.T) {
	const pool = `"kind":"compensation_pool","currency":"CNY","shares":[{"party":"province","ratio":"0.35"}]`
	const gpShares = `{"party":"guarantor","ratio":"0.40"},{"party":"reguarantor","ratio":"0.30"},{"party":"bank","ratio":"0.20"}`
	for _, tc := range []struct {
		name, file string
		want       []string // each must appear in the message
	}{
		{"guarantee shares do not sum to 1",
			`{"programs":[{"id":"gp","name":"g","kind":"guarantee_program","currency":"CNY","shares":[` + gpShares + `,{"party":"government","ratio":"0.05"}]}]}`,
			[]string{"program gp", "shares", "sum to 0.95, not 1"}},
		{"guarantee without the bank",
			`{"programs":[{"id":"gp","name":"g","kind":"guarantee_program","currency":"CNY","shares":[{"party":"guarantor","ratio":"0.40"},{"party":"reguarantor","ratio":"0.30"},{"party":"government","ratio":"0.30"}]}]}`,
			[]string{"program gp", "shares", "bank party is missing"}},
		{"guarantee with an unknown party",
			`{"programs":[{"id":"gp","name":"g","kind":"guarantee_program","currency":"CNY","shares":[` + gpShares + `,{"party":"city","ratio":"0.10"}]}]}`,
			[]string{"program gp", "shares", `"city" is not one of`}},
		{"ratio above 1",
			`{"programs":[{"id":"p1","name":"p","kind":"compensation_pool","currency":"CNY","shares":[{"party":"province","ratio":"1.5"}]}]}`,
			[]string{"program p1", "shares[0].ratio", "province", "above 1"}},
		{"pool funders above 1",
			`{"programs":[{"id":"p1","name":"p","kind":"compensation_pool","currency":"CNY","shares":[{"party":"province","ratio":"0.6"},{"party":"city","ratio":"0.5"}]}]}`,
			[]string{"program p1", "shares", "sum to 1.1, above 1"}},
		{"bank as a pool funder",
			`{"programs":[{"id":"p1","name":"p","kind":"compensation_pool","currency":"CNY","shares":[{"party":"bank","ratio":"0.3"}]}]}`,
			[]string{"program p1", "shares", "bank is not a funder"}},
		{"pool without funders",
			`{"programs":[{"id":"p1","name":"p","kind":"compensation_pool","currency":"CNY"}]}`,
			[]string{"program p1", "shares", "at least one funder"}},
		{"party listed twice",
			`{"programs":[{"id":"p1","name":"p","kind":"compensation_pool","currency":"CNY","shares":[{"party":"city","ratio":"0.3"},{"party":"city","ratio":"0.3"}]}]}`,
			[]string{"program p1", "shares[1].party", "listed twice"}},
		{"unknown kind",
			`{"programs":[{"id":"p1","name":"p","kind":"lottery","currency":"CNY"}]}`,
			[]string{"program p1", "kind", `"lottery" is not one of`}},
		{"unknown field",
			`{"programs":[{"id":"p1","name":"p",` + pool + `,"per_loan_capp":"100.00"}]}`,
			[]string{"program p1", "per_loan_capp", "unknown field"}},
		{"unknown field in the second program",
			`{"programs":[{"id":"p1","name":"p",` + pool + `},{"id":"p2","name":"p",` + pool + `,"coverz":"principal"}]}`,
			[]string{"program p2", "coverz", "unknown field"}},
		{"field of the wrong JSON type",
			`{"programs":[{"id":"p1","name":"p",` + pool + `,"per_loan_cap":100}]}`,
			[]string{"program p1", "per_loan_cap"}},
		{"duplicate ids",
			`{"programs":[{"id":"p1","name":"a",` + pool + `},{"id":"p1","name":"b",` + pool + `}]}`,
			[]string{"program p1", "id", "defined twice"}},
		{"bad id",
			`{"programs":[{"id":"p 1","name":"a",` + pool + `}]}`,
			[]string{"program p 1", "id", "must be 1-64 characters"}},
		{"missing id",
			`{"programs":[{"name":"a",` + pool + `}]}`,
			[]string{"program #1", "id"}},
		{"bad currency",
			`{"programs":[{"id":"p1","name":"a","kind":"compensation_pool","currency":"cny","shares":[{"party":"city","ratio":"0.3"}]}]}`,
			[]string{"program p1", "currency", "ISO 4217"}},
		{"max_leverage below 1",
			`{"programs":[{"id":"p1","name":"a",` + pool + `,"max_leverage":"0.5"}]}`,
			[]string{"program p1", "max_leverage", "at least 1"}},
		{"per_loan_cap with three decimals",
			`{"programs":[{"id":"p1","name":"a",` + pool + `,"per_loan_cap":"1.005"}]}`,
			[]string{"program p1", "per_loan_cap", "bad amount"}},
		{"bad covers",
			`{"programs":[{"id":"p1","name":"a",` + pool + `,"covers":"everything"}]}`,
			[]string{"program p1", "covers", `"everything"`}},
		{"negative trigger",
			`{"programs":[{"id":"p1","name":"a",` + pool + `,"claim_trigger_days_past_due":-1}]}`,
			[]string{"program p1", "claim_trigger_days_past_due", "between 0 and 3650"}},
		{"capped without a cap rate",
			`{"programs":[{"id":"c1","name":"c","kind":"capped_portfolio_guarantee","currency":"EUR","guarantee_rate":"0.5","cap_basis":"guaranteed"}]}`,
			[]string{"program c1", "cap_rate", "required"}},
		{"capped with a bad basis",
			`{"programs":[{"id":"c1","name":"c","kind":"capped_portfolio_guarantee","currency":"EUR","guarantee_rate":"0.5","cap_rate":"0.2","cap_basis":"all"}]}`,
			[]string{"program c1", "cap_basis", `"all"`}},
		{"capped with a pool field",
			`{"programs":[{"id":"c1","name":"c","kind":"capped_portfolio_guarantee","currency":"EUR","guarantee_rate":"0.5","cap_rate":"0.2","cap_basis":"portfolio","per_loan_cap":"1.00"}]}`,
			[]string{"program c1", "per_loan_cap", "not used by kind capped_portfolio_guarantee"}},
		{"guarantee with a pool field",
			`{"programs":[{"id":"gp","name":"g","kind":"guarantee_program","currency":"CNY","shares":[` + gpShares + `,{"party":"government","ratio":"0.10"}],"per_bank_annual_cap":"1.00"}]}`,
			[]string{"program gp", "per_bank_annual_cap", "not used by kind guarantee_program"}},
		{"bad guarantor rules",
			`{"programs":[{"id":"p1","name":"a",` + pool + `}],"guarantor_rules":{"small_borrower_weight":"1.5"}}`,
			[]string{"guarantor_rules", "small_borrower_weight", "above 1"}},
		{"no programs", `{"programs":[]}`, []string{"no programs"}},
		{"a field twice: which one was meant?",
			`{"programs":[{"id":"p1","name":"a",` + pool + `,"per_loan_cap":"1.00","per_loan_cap":"1000000.00"}]}`,
			[]string{"program p1", `"per_loan_cap" more than once`}},
		{"a field in another case",
			`{"programs":[{"id":"p1","name":"a",` + pool + `,"Per_Loan_Cap":"1.00"}]}`,
			[]string{"program p1", `"Per_Loan_Cap": the field is spelt "per_loan_cap"`}},
		{"programs twice",
			`{"programs":[{"id":"p1","name":"a",` + pool + `}],"programs":[]}`,
			[]string{`"programs" more than once`}},
		{"guarantor rules in another case",
			`{"programs":[{"id":"p1","name":"a",` + pool + `}],"guarantor_rules":{"Small_borrower_weight":"0.5"}}`,
			[]string{"guarantor_rules", `the field is spelt "small_borrower_weight"`}},
		{"trailing data", `{"programs":[{"id":"p1","name":"a",` + pool + `}]} {}`, []string{"trailing data"}},
		{"not JSON", `programs:`, []string{"invalid programs file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePrograms(strings.NewReader(tc.file))
			if err == nil {
				t.Fatalf("ParsePrograms: got no error, want one naming %q", tc.want)
			}
			if !errors.Is(err, ErrInvalidPrograms) {
				t.Errorf("ParsePrograms: got error %v, want one wrapping ErrInvalidPrograms", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ParsePrograms: got %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestParseProgramsSizeLimit(t *testing.T) {
	big := `{"programs":[{"id":"p1","name":"` + strings.Repeat("x", ProgramsFileBytesMax) + `"}]}`
	_, err := ParsePrograms(strings.NewReader(big))
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("ParsePrograms of %d bytes: got %v, want a size error", len(big), err)
	}
}
