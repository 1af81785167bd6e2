package adequacy

import (
	"context"
	"errors"
	"math"
	"reflect"
	"runtime"
	"testing"
)

// homogeneous is the reference portfolio of TestVasicekReference cut into n
// equal loans: 100 million, PD 2%, LGD 60%, a 5 million pool paying 70%.
func homogeneous(n, scenarios int, seed uint64) SimulationInput {
	loans := make([]Loan, n)
	for i := range loans {
		loans[i] = Loan{EAD: 100_000_000 / float64(n), PD: 0.02, Sector: "s", Bank: "b"}
	}
	return SimulationInput{
		Loans: loans, LGD: 0.6, Rho: 0.2, PoolBalance: 5_000_000,
		Rule: PayoutRule{Share: 0.7}, Scenarios: scenarios, Seed: seed,
	}
}

// finiteDefaults is the exact distribution of D, the number of defaults
// among n homogeneous loans in the one-factor model: P(D = j) =
// ∫ φ(z)·Binomial(n, p(z))(j) dz with p(z) = N((N⁻¹(pd) − √ρ·z)/√(1−ρ)),
// by the trapezoid rule on [−9, 9] with step 0.005 (the integrand is smooth
// and its mass beyond |z| = 9 is below 1e-18). It returns P(D ≤ j), j = 0…n.
func finiteDefaults(n int, pd, rho float64) []float64 {
	lnFact := make([]float64, n+1)
	for i := 1; i <= n; i++ {
		lnFact[i] = lnFact[i-1] + math.Log(float64(i))
	}
	pmf := make([]float64, n+1)
	a := normInv(pd)
	const h = 0.005
	for i := range 3601 {
		z := -9 + float64(i)*h
		p := normCDF((a - math.Sqrt(rho)*z) / math.Sqrt(1-rho))
		if p <= 0 {
			pmf[0] += normPDF(z) * h
			continue
		}
		// Binomial terms beyond 12 standard deviations of the mean are < 1e-30.
		mean, sd := float64(n)*p, math.Sqrt(float64(n)*p*(1-p))
		lo, hi := max(0, int(mean-12*sd-1)), min(n, int(mean+12*sd+1))
		lp, lq := math.Log(p), math.Log1p(-p)
		w := normPDF(z) * h
		for j := lo; j <= hi; j++ {
			pmf[j] += w * math.Exp(lnFact[n]-lnFact[j]-lnFact[n-j]+float64(j)*lp+float64(n-j)*lq)
		}
	}
	cdf := make([]float64, n+1)
	var acc float64
	for j, m := range pmf {
		acc += m
		cdf[j] = acc
	}
	return cdf
}

// quantileOf is the smallest j with cdf[j] ≥ q.
func quantileOf(cdf []float64, q float64) int {
	for j, c := range cdf {
		if c >= q {
			return j
		}
	}
	return len(cdf) - 1
}

// TestSimulateConvergesToVasicek runs 2,000 equal loans (the reference
// portfolio) and compares with the closed form in two steps, each with its
// own justified tolerance:
//
//  1. granularity: the exact distribution of the number of defaults among
//     2,000 loans (finiteDefaults) differs from the infinitely granular
//     Vasicek limit by idiosyncratic noise only; at n = 2,000 it moves
//     P(exhaust) by about 1% and the quantiles by less than 1% (asserted
//     below at 5% and 1.5%).
//  2. sampling: with S scenarios the simulated P(exhaust) has standard error
//     σ = √(p(1−p)/S) around the exact finite value; an empirical q-quantile
//     k satisfies F(k−1) ≤ q + 4σ_q and F(k) ≥ q − 4σ_q with
//     σ_q = √(q(1−q)/S). Four standard errors: a wrong model is caught, a
//     correct one fails with probability below 1e-4 for a random seed (and
//     the seed is fixed, so the test is deterministic).
//
// The simulated values must then lie within 4σ plus the granularity gap of
// the closed form.
func TestSimulateConvergesToVasicek(t *testing.T) {
	const (
		loans     = 2_000
		scenarios = 60_000
		share     = 0.7
	)
	got, err := Simulate(context.Background(), homogeneous(loans, scenarios, 1))
	if err != nil {
		t.Fatalf("got error %v, want nil", err)
	}
	closed, err := Vasicek(reference(0.2))
	if err != nil {
		t.Fatalf("Vasicek: got error %v, want nil", err)
	}
	cdf := finiteDefaults(loans, 0.02, 0.2)
	// Each default draws 0.7 × 0.6 × 50,000 = 21,000; the pool of 5 million
	// is exceeded from 239 defaults on (x* = 0.11905 of 2,000 is 238.1).
	const perDefault = share * 0.6 * 100_000_000 / loans
	exhaustAt := int(math.Floor(5_000_000/perDefault)) + 1
	exact := 1 - cdf[exhaustAt-1]

	granularity := math.Abs(exact - closed.PExhaust)
	if granularity > 0.05*closed.PExhaust {
		t.Errorf("exact finite p_exhaust: got %.5f, want within 5%% of closed form %.5f", exact, closed.PExhaust)
	}
	sigma := math.Sqrt(exact * (1 - exact) / scenarios)
	if d := math.Abs(got.PExhaust - exact); d > 4*sigma {
		t.Errorf("p_exhaust: got %.5f, want exact finite %.5f ± %.5f (4σ)", got.PExhaust, exact, 4*sigma)
	}
	if d := math.Abs(got.PExhaust - closed.PExhaust); d > 4*sigma+granularity {
		t.Errorf("p_exhaust: got %.5f, want closed form %.5f ± %.5f", got.PExhaust, closed.PExhaust, 4*sigma+granularity)
	}

	quantiles := []struct {
		name       string
		q          float64
		draw       float64
		closedLoss float64
		closedRate float64
	}{
		{"q99", Q99, got.DrawQ99, closed.LossQ99, closed.DefaultRateQ99},
		{"q999", Q999, got.DrawQ999, closed.LossQ999, closed.DefaultRateQ999},
	}
	for _, qq := range quantiles {
		k := int(math.Round(qq.draw / perDefault))
		exactK := quantileOf(cdf, qq.q)
		closedK := qq.closedRate * loans
		gap := math.Abs(float64(exactK) - closedK)
		if gap > 0.015*closedK {
			t.Errorf("%s exact finite defaults: got %d, want within 1.5%% of closed form %.1f", qq.name, exactK, closedK)
		}
		sq := math.Sqrt(qq.q * (1 - qq.q) / scenarios)
		if cdf[k-1] > qq.q+4*sq || cdf[k] < qq.q-4*sq {
			t.Errorf("%s: got %d defaults with exact F(k−1) %.5f, F(k) %.5f, want F(k−1) ≤ %.5f and F(k) ≥ %.5f",
				qq.name, k, cdf[k-1], cdf[k], qq.q+4*sq, qq.q-4*sq)
		}
		// The same 4σ_q band read on the closed form's quantile function,
		// widened by the granularity gap and one loan.
		lo := ConditionalDefaultRate(0.02, 0.2, qq.q-4*sq)*loans - gap - 1
		hi := ConditionalDefaultRate(0.02, 0.2, qq.q+4*sq)*loans + gap + 1
		if float64(k) < lo || float64(k) > hi {
			t.Errorf("%s: got %d defaults (draw %.0f), want closed form %.1f within [%.1f, %.1f] (draw %.0f)",
				qq.name, k, qq.draw, closedK, lo, hi, share*qq.closedLoss)
		}
		t.Logf("%s: simulated draw %.0f, closed form %.0f", qq.name, qq.draw, share*qq.closedLoss)
	}
	t.Logf("p_exhaust: simulated %.5f, exact finite %.5f, closed form %.5f, σ %.5f", got.PExhaust, exact, closed.PExhaust, sigma)
}

// Both per-group methods (a shared conditional probability for groups of at
// least 8 loans, a normal draw per loan for smaller groups) must reproduce
// the exact finite-portfolio distribution. Jittering each PD by at most 5e-10
// gives every loan its own group, forcing the per-loan method, while moving
// the exact probability by far less than the 4σ tolerance.
func TestSimulateBothMethodsMatchExact(t *testing.T) {
	const (
		loans     = 500
		scenarios = 30_000
	)
	// Each default draws 0.7 × 0.6 × 200,000 = 84,000: the 5 million pool
	// is exceeded from 60 defaults on.
	cdf := finiteDefaults(loans, 0.02, 0.2)
	exact := 1 - cdf[59]
	sigma := math.Sqrt(exact * (1 - exact) / scenarios)
	for _, jitter := range []bool{false, true} {
		in := homogeneous(loans, scenarios, 11)
		if jitter {
			for i := range in.Loans {
				in.Loans[i].PD += float64(i) * 1e-12
			}
		}
		p := newPlan(in)
		if wantGroups := map[bool]int{false: 1, true: loans}[jitter]; len(p.groups) != wantGroups || p.groups[0].direct != jitter {
			t.Fatalf("jitter %v: got %d groups (direct %v), want %d (direct %v)", jitter, len(p.groups), p.groups[0].direct, wantGroups, jitter)
		}
		got, err := Simulate(context.Background(), in)
		if err != nil {
			t.Fatalf("jitter %v: got error %v, want nil", jitter, err)
		}
		if math.Abs(got.PExhaust-exact) > 4*sigma {
			t.Errorf("jitter %v: p_exhaust got %.5f, want exact finite %.5f ± %.5f (4σ)", jitter, got.PExhaust, exact, 4*sigma)
		}
		// The draw's coefficient of variation is about 1.5 here, so the
		// mean's standard error over 30,000 scenarios is about 0.9%.
		wantMean := 0.02 * 84_000 * loans
		if math.Abs(got.MeanDraw-wantMean) > 0.05*wantMean {
			t.Errorf("jitter %v: mean draw got %.0f, want %.0f ± 5%%", jitter, got.MeanDraw, wantMean)
		}
	}
}

// uneven is a small portfolio with unequal exposures, several PDs, a loan
// that always defaults and one that never does.
func uneven(scenarios int, seed uint64) SimulationInput {
	var loans []Loan
	pds := []float64{0.01, 0.02, 0.05, 0.1}
	for i := range 200 {
		loans = append(loans, Loan{
			EAD:    float64(1+i%5) * 1_000_000,
			PD:     pds[i%len(pds)],
			Sector: []string{"biotech", "software", "materials"}[i%3],
			Bank:   []string{"icbc", "boc"}[i%2],
		})
	}
	loans = append(loans, Loan{EAD: 3_000_000, PD: 1, Bank: "failed"}, Loan{EAD: 9_000_000, PD: 0, Bank: "safe"})
	return SimulationInput{
		Loans: loans, LGD: 0.5, Rho: 0.15, PoolBalance: 30_000_000,
		Rule:      PayoutRule{Share: 0.8, PerLoanCap: 1_500_000},
		Scenarios: scenarios, Seed: seed,
	}
}

// rawDraws runs the simulation engine and returns the draws in scenario order.
func rawDraws(t *testing.T, in SimulationInput) []float64 {
	t.Helper()
	if err := in.Validate(); err != nil {
		t.Fatalf("Validate: got error %v, want nil", err)
	}
	p := newPlan(in)
	draws := make([]float64, in.Scenarios)
	if err := runChunks(context.Background(), &p, in.Seed, draws, in.Workers); err != nil {
		t.Fatalf("runChunks: got error %v, want nil", err)
	}
	return draws
}

// The mean draw is unbiased: E[draw] = Σ PDᵢ × min(Share × LGD × EADᵢ,
// PerLoanCap) without a portfolio cap, whatever the correlation. Tolerance:
// four standard errors of the sample mean.
func TestSimulateMeanDrawUnbiased(t *testing.T) {
	in := uneven(20_000, 7)
	var want float64
	for _, l := range in.Loans {
		want += l.PD * min(in.Rule.Share*in.LGD*l.EAD, in.Rule.PerLoanCap)
	}
	draws := rawDraws(t, in)
	var sum, sumSq float64
	for _, d := range draws {
		sum += d
		sumSq += d * d
	}
	n := float64(len(draws))
	mean := sum / n
	se := math.Sqrt((sumSq/n - mean*mean) / n)
	if math.Abs(mean-want) > 4*se {
		t.Errorf("mean draw: got %.0f, want %.0f ± %.0f (4 standard errors)", mean, want, 4*se)
	}
	got, err := Simulate(context.Background(), in)
	if err != nil {
		t.Fatalf("got error %v, want nil", err)
	}
	if got.MeanDraw != mean {
		t.Errorf("Simulate mean draw: got %v, want %v (same draws)", got.MeanDraw, mean)
	}
	// The always-defaulting loan pays min(0.8 × 0.5 × 3,000,000, 1,500,000)
	// in every scenario.
	if got.Histogram.Lo < 1_200_000 {
		t.Errorf("smallest draw: got %.0f, want ≥ 1200000 (the failed loan)", got.Histogram.Lo)
	}
}

func TestSimulateDeterministic(t *testing.T) {
	in := uneven(5_000, 42)
	in.Workers = 1
	want, err := Simulate(context.Background(), in)
	if err != nil {
		t.Fatalf("got error %v, want nil", err)
	}
	for _, workers := range []int{1, 2, 3, 8} {
		in.Workers = workers
		got, err := Simulate(context.Background(), in)
		if err != nil {
			t.Fatalf("workers %d: got error %v, want nil", workers, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("workers %d: got %+v, want %+v", workers, got, want)
		}
	}
	in.Workers = 0
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		got, err := Simulate(context.Background(), in)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatalf("GOMAXPROCS %d: got error %v, want nil", procs, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("GOMAXPROCS %d: got %+v, want %+v", procs, got, want)
		}
	}
	in.Seed = 43
	other, err := Simulate(context.Background(), in)
	if err != nil {
		t.Fatalf("seed 43: got error %v, want nil", err)
	}
	if reflect.DeepEqual(other, want) || other.MeanDraw == want.MeanDraw {
		t.Errorf("seed 43: got the same result as seed 42, want a different sample")
	}
}

// Portfolios whose loans all have PD 0 or 1 have one possible draw, so every
// statistic is known exactly.
func TestSimulateCertainOutcomes(t *testing.T) {
	sure := []Loan{{EAD: 1_000_000, PD: 1}, {EAD: 4_000_000, PD: 1}, {EAD: 7_000_000, PD: 0}}
	tests := []struct {
		name          string
		loans         []Loan
		rule          PayoutRule
		pool          float64
		wantDraw      float64
		wantExhausted bool
	}{
		{"share only", sure, PayoutRule{Share: 0.7}, 5_000_000, 0.7 * 0.5 * 5_000_000, false},
		{"per-loan cap", sure, PayoutRule{Share: 0.7, PerLoanCap: 1_000_000}, 1_000_000, 350_000 + 1_000_000, true},
		{"portfolio cap", sure, PayoutRule{Share: 0.7, PortfolioCap: 1_000_000}, 900_000, 1_000_000, true},
		{"draw equal to pool does not exhaust", sure, PayoutRule{Share: 1}, 2_500_000, 2_500_000, false},
		{"no loans", nil, PayoutRule{Share: 1}, 0, 0, false},
		{"share zero", sure, PayoutRule{Share: 0}, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := SimulationInput{Loans: tt.loans, LGD: 0.5, Rho: 0.3, PoolBalance: tt.pool, Rule: tt.rule, Scenarios: 3_000, Seed: 1, Bins: 10}
			got, err := Simulate(context.Background(), in)
			if err != nil {
				t.Fatalf("got error %v, want nil", err)
			}
			wantP, wantShort := 0.0, 0.0
			if tt.wantExhausted {
				wantP, wantShort = 1, tt.wantDraw-tt.pool
			}
			checks := []struct {
				name      string
				got, want float64
			}{
				{"mean_draw", got.MeanDraw, tt.wantDraw},
				{"draw_q99", got.DrawQ99, tt.wantDraw},
				{"draw_q999", got.DrawQ999, tt.wantDraw},
				{"es99", got.ES99, tt.wantDraw},
				{"p_exhaust", got.PExhaust, wantP},
				{"shortfall_given_exhaust", got.ShortfallGivenExhaust, wantShort},
				{"mean_shortfall", got.MeanShortfall, wantShort},
				{"histogram lo", got.Histogram.Lo, tt.wantDraw},
				{"histogram hi", got.Histogram.Hi, tt.wantDraw},
				{"histogram first bin", float64(got.Histogram.Counts[0]), 3_000},
			}
			for _, c := range checks {
				if math.Abs(c.got-c.want) > 1e-6 {
					t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
				}
			}
		})
	}
}

func TestSimulatePortfolioCapBinds(t *testing.T) {
	in := homogeneous(500, 4_000, 3)
	in.Rule.PortfolioCap = 2_000_000
	got, err := Simulate(context.Background(), in)
	if err != nil {
		t.Fatalf("got error %v, want nil", err)
	}
	if got.Histogram.Hi != 2_000_000 || got.DrawQ999 != 2_000_000 {
		t.Errorf("largest draw, q999: got %.0f, %.0f, want both capped at 2000000", got.Histogram.Hi, got.DrawQ999)
	}
	if got.PExhaust != 0 {
		t.Errorf("p_exhaust: got %g, want 0 (cap below the pool)", got.PExhaust)
	}
}

// Stress scenarios move the simulated draw the way they should.
func TestSimulateStressRaisesDraw(t *testing.T) {
	base := uneven(4_000, 5)
	baseline, err := Simulate(context.Background(), base)
	if err != nil {
		t.Fatalf("baseline: got error %v, want nil", err)
	}
	scaled, err := ScalePD(base.Loans, 2)
	if err != nil {
		t.Fatalf("ScalePD: got error %v, want nil", err)
	}
	failed, err := FailBank(base.Loans, "icbc")
	if err != nil {
		t.Fatalf("FailBank: got error %v, want nil", err)
	}
	for name, loans := range map[string][]Loan{"pd × 2": scaled, "icbc fails": failed} {
		in := base
		in.Loans = loans
		got, err := Simulate(context.Background(), in)
		if err != nil {
			t.Fatalf("%s: got error %v, want nil", name, err)
		}
		if got.MeanDraw <= baseline.MeanDraw || got.PExhaust < baseline.PExhaust {
			t.Errorf("%s: mean draw %.0f, p_exhaust %.4f, want above the baseline %.0f, %.4f",
				name, got.MeanDraw, got.PExhaust, baseline.MeanDraw, baseline.PExhaust)
		}
	}
}

func TestSimulateRejects(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*SimulationInput)
		want   error
	}{
		{"no scenarios", func(in *SimulationInput) { in.Scenarios = 0 }, ErrLimit},
		{"too many scenarios", func(in *SimulationInput) { in.Scenarios = MaxScenarios + 1 }, ErrLimit},
		{"too much work", func(in *SimulationInput) {
			in.Loans = make([]Loan, MaxLoanScenarios/MaxScenarios+1)
			in.Scenarios = MaxScenarios
		}, ErrLimit},
		{"too many bins", func(in *SimulationInput) { in.Bins = MaxBins + 1 }, ErrLimit},
		{"negative workers", func(in *SimulationInput) { in.Workers = -1 }, ErrInvalidInput},
		{"lgd above one", func(in *SimulationInput) { in.LGD = 1.2 }, ErrInvalidInput},
		{"rho zero", func(in *SimulationInput) { in.Rho = 0 }, ErrInvalidInput},
		{"pool negative", func(in *SimulationInput) { in.PoolBalance = -1 }, ErrInvalidInput},
		{"share above one", func(in *SimulationInput) { in.Rule.Share = 1.1 }, ErrInvalidInput},
		{"per-loan cap nan", func(in *SimulationInput) { in.Rule.PerLoanCap = math.NaN() }, ErrInvalidInput},
		{"portfolio cap inf", func(in *SimulationInput) { in.Rule.PortfolioCap = math.Inf(1) }, ErrInvalidInput},
		{"loan pd above one", func(in *SimulationInput) { in.Loans[3].PD = 1.5 }, ErrInvalidInput},
		{"loan ead negative", func(in *SimulationInput) { in.Loans[3].EAD = -1 }, ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := uneven(10, 1)
			tt.mutate(&in)
			if _, err := Simulate(context.Background(), in); !errors.Is(err, tt.want) {
				t.Errorf("got error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSimulateCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Simulate(ctx, uneven(10_000, 1)); !errors.Is(err, context.Canceled) {
		t.Errorf("got error %v, want context.Canceled", err)
	}
}

func TestProbabilityThreshold(t *testing.T) {
	tests := []struct {
		p    float64
		want uint64
	}{
		{0, 0},
		{-1, 0},
		{math.NaN(), 0},
		{0.5, 1 << 63},
		{0.25, 1 << 62},
		{1, math.MaxUint64},
		{2, math.MaxUint64},
	}
	for _, tt := range tests {
		if got := probabilityThreshold(tt.p); got != tt.want {
			t.Errorf("probabilityThreshold(%v): got %d, want %d", tt.p, got, tt.want)
		}
	}
}

func TestChunkSourcesDiffer(t *testing.T) {
	seen := map[uint64]bool{}
	for _, seed := range []uint64{0, 1, 2} {
		for c := range 100 {
			v := chunkSource(seed, c).Uint64()
			if seen[v] {
				t.Fatalf("seed %d chunk %d: got a first value already seen, want distinct streams", seed, c)
			}
			seen[v] = true
		}
	}
}
