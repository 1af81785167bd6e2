package risk

import (
	"errors"
	"strings"
	"testing"
)

const riskPool = `"id":"p1","name":"p","kind":"compensation_pool","currency":"CNY","shares":[{"party":"province","ratio":"0.35"}]`

func TestParseProgramsRiskAssumptions(t *testing.T) {
	cfg, err := ParsePrograms(strings.NewReader(`{"programs":[{` + riskPool + `,
		"risk":{"version":"2026-01","lgd":"0.45","rho":"0.15","default_pd":"0.03",
		        "pd":{"semiconductors":{"micro":"0.05","small":"0.04"},"software":{"large":"0.012"}}}},
		{"id":"p2","name":"q","kind":"compensation_pool","currency":"CNY","shares":[{"party":"city","ratio":"0.5"}]}]}`))
	if err != nil {
		t.Fatalf("ParsePrograms: %v", err)
	}
	a := cfg.Program("p1").Risk
	if a == nil {
		t.Fatalf("p1.Risk: got nil, want the file's assumptions")
	}
	for _, tc := range []struct{ what, got, want string }{
		{"version", a.Version, "2026-01"},
		{"lgd", a.LGD.String(), "0.45"},
		{"rho", a.Rho.String(), "0.15"},
		{"default_pd", a.DefaultPD.String(), "0.03"},
		{"pd semiconductors micro", a.PDFor("semiconductors", "micro").String(), "0.05"},
		{"pd semiconductors small", a.PDFor("semiconductors", "small").String(), "0.04"},
		{"pd semiconductors medium (not in the table)", a.PDFor("semiconductors", "medium").String(), "0.03"},
		{"pd software large", a.PDFor("software", "large").String(), "0.012"},
		{"pd of an unknown sector", a.PDFor("biotech", "micro").String(), "0.03"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.what, tc.got, tc.want)
		}
	}
	if r := cfg.Program("p2").Risk; r != nil {
		t.Errorf("p2.Risk: got %+v, want nil (no risk object)", r)
	}
}

func TestDefaultAssumptions(t *testing.T) {
	a := DefaultAssumptions()
	if a.Version != "default" || a.LGD.String() != "0.45" || a.Rho.String() != "0.15" || a.DefaultPD.String() != "0.03" || len(a.PD) != 0 {
		t.Errorf("DefaultAssumptions: got %+v, want version default, lgd 0.45, rho 0.15, default_pd 0.03, no table", a)
	}
	if got := a.PDFor("anything", "micro").String(); got != "0.03" {
		t.Errorf("PDFor: got %s, want 0.03", got)
	}
}

func TestParseProgramsRiskErrors(t *testing.T) {
	const ok = `"version":"v1","lgd":"0.45","rho":"0.15","default_pd":"0.03"`
	for _, tc := range []struct {
		name, risk string
		want       []string
	}{
		{"missing version", `{"lgd":"0.45","rho":"0.15","default_pd":"0.03"}`, []string{"risk.version", "required"}},
		{"missing lgd", `{"version":"v1","rho":"0.15","default_pd":"0.03"}`, []string{"risk.lgd", "required"}},
		{"missing rho", `{"version":"v1","lgd":"0.45","default_pd":"0.03"}`, []string{"risk.rho", "required"}},
		{"missing default_pd", `{"version":"v1","lgd":"0.45","rho":"0.15"}`, []string{"risk.default_pd", "required"}},
		{"lgd zero", `{"version":"v1","lgd":"0","rho":"0.15","default_pd":"0.03"}`, []string{"risk.lgd", "in (0, 1]"}},
		{"rho one", `{"version":"v1","lgd":"1","rho":"1","default_pd":"0.03"}`, []string{"risk.rho", "in (0, 1)"}},
		{"pd above 1", `{` + ok + `,"pd":{"software":{"micro":"1.2"}}}`, []string{"risk.pd.software.micro", "above 1"}},
		{"pd zero", `{` + ok + `,"pd":{"software":{"small":"0"}}}`, []string{"risk.pd.software.small", "in (0, 1)"}},
		{"pd as a number", `{` + ok + `,"pd":{"software":{"small":0.05}}}`, []string{"risk.pd"}},
		{"ratio with 7 decimals", `{"version":"v1","lgd":"0.4500001","rho":"0.15","default_pd":"0.03"}`, []string{"risk.lgd", "fractional digits"}},
		{"unknown size", `{` + ok + `,"pd":{"software":{"tiny":"0.05"}}}`, []string{"risk.pd.software.tiny", "unknown size"}},
		{"empty sector", `{` + ok + `,"pd":{" ":{"micro":"0.05"}}}`, []string{"risk.pd", "sector"}},
		{"unknown field", `{` + ok + `,"confidence":"0.99"}`, []string{"confidence", "unknown field"}},
		{"ratio as a number", `{"version":"v1","lgd":0.45,"rho":"0.15","default_pd":"0.03"}`, []string{"risk.lgd"}},
		// The ranges adequacy.Assumptions checked before it merged into this
		// type (one concept, one type): PDs and rho in (0, 1), LGD at most 1.
		{"default_pd zero", `{"version":"v1","lgd":"0.45","rho":"0.15","default_pd":"0"}`, []string{"risk.default_pd", "in (0, 1)"}},
		{"default_pd one", `{"version":"v1","lgd":"0.45","rho":"0.15","default_pd":"1"}`, []string{"risk.default_pd", "in (0, 1)"}},
		{"pd NaN", `{` + ok + `,"pd":{"software":{"small":"NaN"}}}`, []string{"risk.pd.software.small"}},
		{"lgd negative", `{"version":"v1","lgd":"-0.1","rho":"0.15","default_pd":"0.03"}`, []string{"risk.lgd"}},
		{"lgd above one", `{"version":"v1","lgd":"1.01","rho":"0.15","default_pd":"0.03"}`, []string{"risk.lgd", "above 1"}},
		{"rho zero", `{"version":"v1","lgd":"0.45","rho":"0","default_pd":"0.03"}`, []string{"risk.rho", "in (0, 1)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePrograms(strings.NewReader(`{"programs":[{` + riskPool + `,"risk":` + tc.risk + `}]}`))
			if err == nil {
				t.Fatalf("ParsePrograms: got no error, want one naming %q", tc.want)
			}
			if !errors.Is(err, ErrInvalidPrograms) {
				t.Errorf("got %v, want an error wrapping ErrInvalidPrograms", err)
			}
			for _, w := range append([]string{"program p1"}, tc.want...) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

// TestParseProgramsRiskLGDOne: an LGD of 1 (the whole exposure lost) is a
// valid assumption, the top of its range (0, 1].
func TestParseProgramsRiskLGDOne(t *testing.T) {
	cfg, err := ParsePrograms(strings.NewReader(`{"programs":[{` + riskPool +
		`,"risk":{"version":"v1","lgd":"1","rho":"0.15","default_pd":"0.03"}}]}`))
	if err != nil {
		t.Fatalf("ParsePrograms: got %v, want lgd 1 accepted", err)
	}
	if got := cfg.Program("p1").Risk.LGD.String(); got != "1" {
		t.Errorf("lgd: got %s, want 1", got)
	}
}
