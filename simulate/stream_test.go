package simulate

import (
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// streamBytes is a whole stream as NDJSON, read line by line with Next.
func streamBytes(t *testing.T, opts Options) []byte {
	t.Helper()
	_, s := Generate(opts)
	var b bytes.Buffer
	for l, ok := s.Next(); ok; l, ok = s.Next() {
		b.Write(l)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func TestSameSeedSameBytes(t *testing.T) {
	a := streamBytes(t, Options{Loans: 400, Seed: 42})
	b := streamBytes(t, Options{Loans: 400, Seed: 42})
	if !bytes.Equal(a, b) {
		t.Fatalf("seed 42 gave two different streams: sha256 %x and %x", sha256.Sum256(a), sha256.Sum256(b))
	}
	if c := streamBytes(t, Options{Loans: 400, Seed: 43}); bytes.Equal(a, c) {
		t.Fatal("seeds 42 and 43 gave the same stream")
	}
}

func TestNextMatchesAll(t *testing.T) {
	want := streamBytes(t, Options{Loans: 100, Seed: 5})
	_, s := Generate(Options{Loans: 100, Seed: 5})
	var got bytes.Buffer
	for l := range s.All() {
		got.Write(l)
		got.WriteByte('\n')
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatal("All and Next gave different streams")
	}
	if n := int64(bytes.Count(want, []byte("\n"))); n != s.Stats().Inputs {
		t.Fatalf("got %d lines, want Stats().Inputs %d", n, s.Stats().Inputs)
	}
}

func TestInputsPerLoan(t *testing.T) {
	_, s := Generate(Options{Loans: 2000, Seed: 1})
	for range s.All() {
	}
	st := s.Stats()
	if perLoan := float64(st.Inputs) / 2000; perLoan < 8.5 || perLoan > 11.5 {
		t.Fatalf("got %.2f inputs per loan, want about 10", perLoan)
	}
	if st.Loans != 2000 || st.Types["loan.disbursed"] != 2000 || st.Types["loan.closed"] != 2000 {
		t.Fatalf("got %d loans, %d disbursed, %d closed, want 2000 each",
			st.Loans, st.Types["loan.disbursed"], st.Types["loan.closed"])
	}
	bad := float64(st.Rejected()+st.Resent) / float64(st.Inputs)
	if bad < 0.004 || bad > 0.02 {
		t.Fatalf("got %.4f bad inputs, want about 0.01", bad)
	}
	if clean := streamBytes(t, Options{Loans: 300, Seed: 1, Clean: true}); bytes.Contains(clean, []byte("502 Bad Gateway")) {
		t.Fatal("a clean stream holds garbage")
	}
}

// The generator's model of the programs must be the programs file it
// writes, or it would mispredict coverage and dual approvals.
func TestProgramsJSONMatchesModel(t *testing.T) {
	cfg, err := risk.ParsePrograms(strings.NewReader(ProgramsJSON))
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld()
	if len(cfg.Programs) != len(w.programs) {
		t.Fatalf("got %d programs in the file, want %d", len(cfg.Programs), len(w.programs))
	}
	var shares float64
	for _, m := range w.programs {
		p := cfg.Program(m.id)
		if p == nil {
			t.Fatalf("program %s is not in the file", m.id)
		}
		shares += m.loanShare
		check := func(what string, got, want int64) {
			t.Helper()
			if got != want {
				t.Errorf("%s %s: got %d in the file, want %d as modelled", m.id, what, got, want)
			}
		}
		if p.Kind != m.kind {
			t.Errorf("%s: kind %s, want %s", m.id, p.Kind, m.kind)
		}
		// Payouts, caps and the dual approval threshold: the model assesses
		// with the file's own program (the one the engine reads).
		if !reflect.DeepEqual(m.def, p) {
			t.Errorf("%s: the model's program %+v differs from the file's %+v", m.id, m.def, p)
		}
		if p.DualApprovalThreshold == nil {
			t.Errorf("%s: no dual approval threshold, want one (the stream exercises dual approvals)", m.id)
		}
		check("trigger", int64(p.ClaimTriggerDaysPastDue), int64(m.trigger))
		var maxLeverage int64
		if p.MaxLeverage != nil {
			maxLeverage = p.MaxLeverage.IntPart()
		}
		check("max leverage", maxLeverage, m.maxLeverage)
		if p.PerBankAnnualCap != nil || p.BankNPLSuspendRatio != nil || p.CoversInterest() {
			t.Errorf("%s sets a rule the generator does not model", m.id)
		}
		switch m.kind {
		case risk.KindCompensationPool:
			for i, s := range p.Shares {
				if s.Party != m.funders[i] {
					t.Errorf("%s: funder %d is %s, want %s", m.id, i, s.Party, m.funders[i])
				}
			}
		case risk.KindCappedGuarantee:
			if p.CapBasis != risk.CapBasisGuaranteed {
				t.Errorf("%s: cap basis %s, want guaranteed", m.id, p.CapBasis)
			}
		}
	}
	if shares < 0.999 || shares > 1.001 {
		t.Errorf("loan shares sum to %g, want 1", shares)
	}
}

// mulPPM must round as the engine does: half-up to the cent, once.
func TestMulPPMRoundsAsTheEngine(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		cents := r.Int64N(1 << 52)
		ppm := r.Int64N(1_000_001)
		if i%3 == 0 {
			cents = cents / 1000 * 1000
			ppm = ppm / 100000 * 100000
		}
		want := risk.MulCents(decimal.New(cents, -2), decimal.New(ppm, -6)).Shift(2).IntPart()
		if got := mulPPM(cents, ppm); got != want {
			t.Fatalf("mulPPM(%d, %d) = %d, want %d", cents, ppm, got, want)
		}
	}
}

func TestAmountsFollowTheSpec(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 5000; i++ {
		cents := r.Int64N(1_000_000_000_000_00)
		for _, compact := range []bool{false, true} {
			s := string(appendCents(nil, cents, compact))
			d, err := risk.ParseAmount(s)
			if err != nil {
				t.Fatalf("appendCents(%d, %v) = %q: %v", cents, compact, s, err)
			}
			if got := d.Shift(2).IntPart(); got != cents {
				t.Fatalf("appendCents(%d, %v) = %q, which reads as %d cents", cents, compact, s, got)
			}
		}
	}
	for _, tc := range []struct {
		cents   int64
		compact bool
		want    string
	}{{0, false, "0.00"}, {0, true, "0"}, {50, true, "0.5"}, {700, true, "7"}, {125000000, false, "1250000.00"}, {1, true, "0.01"}} {
		if got := string(appendCents(nil, tc.cents, tc.compact)); got != tc.want {
			t.Errorf("appendCents(%d, %v) = %q, want %q", tc.cents, tc.compact, got, tc.want)
		}
	}
	for _, tc := range []struct {
		ppm  int64
		want string
	}{{38500, "0.0385"}, {40000, "0.04"}, {1_000_000, "1"}, {1, "0.000001"}} {
		if got := string(appendRatio(nil, tc.ppm)); got != tc.want {
			t.Errorf("appendRatio(%d) = %q, want %q", tc.ppm, got, tc.want)
		}
	}
}

func TestAppendString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`plain`, `"plain"`},
		{`济南华芯`, `"济南华芯"`},
		{`a"b\c`, `"a\"b\\c"`},
		{"tab\t", `"tab\u0009"`},
		{"bad\xff", `"bad\ufffd"`},
	} {
		if got := string(appendString(nil, tc.in)); got != tc.want {
			t.Errorf("appendString(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestOptionsValidate(t *testing.T) {
	for _, tc := range []struct {
		opts Options
		ok   bool
	}{
		{Options{}, true},
		{Options{Loans: 5, BadInputRate: 0.2}, true},
		{Options{Loans: -1}, false},
		{Options{Loans: LoansMax + 1}, false},
		{Options{BadInputRate: 0.5}, false},
		{Options{DisbursementDays: -3}, false},
	} {
		if err := tc.opts.Validate(); (err == nil) != tc.ok {
			t.Errorf("Validate(%+v) = %v, want ok %v", tc.opts, err, tc.ok)
		}
	}
}

// The generator holds the running loans, not the stream: the event queue
// stays far smaller than the number of inputs.
func TestStreamingKeepsOnlyRunningLoans(t *testing.T) {
	_, s := Generate(Options{Loans: 5000, Seed: 9})
	peak := 0
	for range s.All() {
		peak = max(peak, len(s.queue))
	}
	if st := s.Stats(); int64(peak) > st.Inputs/5 || peak > 5000+10 {
		t.Fatalf("got a queue of up to %d events for %d inputs of 5000 loans", peak, st.Inputs)
	}
}

// The generator is pure: the standard library and the constants of ledger
// and risk, nothing that does I/O on its own.
func TestImportsArePure(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{join .Imports " "}}`, ".").CombinedOutput()
	if err != nil {
		t.Skipf("go list: %v\n%s", err, out)
	}
	for _, imp := range strings.Fields(string(out)) {
		switch {
		case imp == "github.com/techcredit/techcredit/ledger", imp == "github.com/techcredit/techcredit/risk":
		case strings.Contains(strings.SplitN(imp, "/", 2)[0], "."):
			t.Errorf("simulate imports %s, want the standard library, ledger and risk only", imp)
		case imp == "net" || strings.HasPrefix(imp, "net/") || imp == "os" || imp == "os/exec" || imp == "log" || imp == "time/tzdata":
			t.Errorf("simulate imports %s: a generator does no I/O of its own", imp)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	var inputs int64
	for i := 0; i < b.N; i++ {
		_, s := Generate(Options{Loans: 10_000, Seed: uint64(i)})
		for range s.All() {
		}
		inputs += s.Stats().Inputs
	}
	b.ReportMetric(float64(inputs)/b.Elapsed().Seconds(), "inputs/s")
}
