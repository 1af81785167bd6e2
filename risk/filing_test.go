package risk

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func filingProgram(filing string) string {
	return `{"programs":[{"id":"lkd","name":"lkd","kind":"compensation_pool","currency":"CNY",` +
		`"shares":[{"party":"province","ratio":"0.35"}],"filing":` + filing + `}]}`
}

func TestParseProgramsFiling(t *testing.T) {
	cfg, err := ParsePrograms(strings.NewReader(filingProgram(`{"window_months":3,"documents":["consent_letter","contract"],` +
		`"cap_per_borrower":"10000000.00","qualified_only":true}`)))
	if err != nil {
		t.Fatal(err)
	}
	f := cfg.Programs[0].Filing
	if f == nil || f.WindowMonths != 3 || strings.Join(f.Documents, ",") != "consent_letter,contract" ||
		f.CapPerBorrower.StringFixed(2) != "10000000.00" || !f.QualifiedOnly {
		t.Errorf("got filing %+v", f)
	}
	cfg, err = ParsePrograms(strings.NewReader(filingProgram(`{}`)))
	if err != nil {
		t.Fatal(err)
	}
	if f := cfg.Programs[0].Filing; f == nil || f.WindowMonths != 0 || f.Documents != nil || f.CapPerBorrower != nil || f.QualifiedOnly {
		t.Errorf("filing {}: got %+v, want no window, no documents, no cap, qualified_only false", f)
	}
	for _, tc := range []struct{ filing, want string }{
		{`{"window_months":0}`, "program lkd: filing.window_months: 0 must be between 1 and 120"},
		{`{"window_months":"3"}`, "program lkd"},
		{`{"documents":["contract","contract"]}`, `program lkd: filing.documents: "contract" listed twice`},
		{`{"documents":["Contract"]}`, `program lkd: filing.documents: "Contract"`},
		{`{"cap_per_borrower":"0"}`, "program lkd: filing.cap_per_borrower: must be above 0"},
		{`{"cap_per_borrower":"1.001"}`, "program lkd: filing.cap_per_borrower"},
		{`{"window":3}`, `program lkd: json: unknown field "window"`},
		{`{"window_months":3,"Window_months":3}`, "program lkd"},
		{`[]`, "program lkd"},
	} {
		_, err := ParsePrograms(strings.NewReader(filingProgram(tc.filing)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("filing %s: got %v, want an error containing %q", tc.filing, err, tc.want)
		}
	}
}

func TestCoveredPart(t *testing.T) {
	for _, tc := range []struct{ x, f, p, want string }{
		{"12000000.00", "10000000.00", "15000000.00", "8000000.00"},
		{"1.00", "1.00", "3.00", "0.33"},
		{"1.00", "2.00", "3.00", "0.67"},
		{"0.05", "1.00", "2.00", "0.03"}, // half-up
		{"7.00", "7.00", "7.00", "7.00"},
	} {
		got := CoveredPart(mustAmount(t, tc.x), mustAmount(t, tc.f), mustAmount(t, tc.p))
		if got.StringFixed(2) != tc.want {
			t.Errorf("CoveredPart(%s, %s, %s): got %s, want %s", tc.x, tc.f, tc.p, got.StringFixed(2), tc.want)
		}
	}
}

func mustAmount(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := ParseAmount(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
