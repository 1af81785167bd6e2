package adequacy

import (
	"context"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

// sink keeps the floor loops from being optimised away.
var sink uint64

// benchPortfolio is 2,000 loans with `distinct` different PDs (1 = the
// homogeneous reference, 20 ≈ a sector × size table, 2,000 = every loan its
// own PD).
func benchPortfolio(distinct int) SimulationInput {
	in := homogeneous(2_000, 4_096, 1)
	for i := range in.Loans {
		in.Loans[i].PD = 0.01 + 0.03*float64(i%distinct)/float64(distinct)
	}
	return in
}

// floorRate is the throughput of the bare random draws the simulation needs
// per loan-scenario (one uniform 64-bit PCG draw each) on one core: the best
// of three runs of n draws, since a limit is what the machine can reach.
func floorRate(n int) float64 {
	best := 0.0
	for range 3 {
		src := rand.NewPCG(1, 2)
		var acc uint64
		start := time.Now()
		for range n {
			acc += src.Uint64()
		}
		elapsed := time.Since(start)
		sink += acc
		best = max(best, float64(n)/elapsed.Seconds())
	}
	return best
}

// normalFloorRate is the same for one standard normal draw per loan-scenario,
// the floor of the textbook method (draw εᵢ, compare with a threshold) and of
// the groups too small to share a conditional probability.
func normalFloorRate(n int) float64 {
	best := 0.0
	for range 3 {
		r := rand.New(rand.NewPCG(1, 2))
		var acc float64
		start := time.Now()
		for range n {
			acc += r.NormFloat64()
		}
		elapsed := time.Since(start)
		if acc > 0 {
			sink++
		}
		best = max(best, float64(n)/elapsed.Seconds())
	}
	return best
}

// BenchmarkSimulate measures loan-scenarios per second on one core (one
// worker) and divides by the floor measured in the same run.
func BenchmarkSimulate(b *testing.B) {
	for _, bc := range []struct {
		name     string
		distinct int
	}{
		{"pds=1", 1},
		{"pds=20", 20},
		{"pds=2000", 2_000},
	} {
		b.Run(bc.name, func(b *testing.B) {
			in := benchPortfolio(bc.distinct)
			in.Workers = 1
			ctx := context.Background()
			for b.Loop() {
				if _, err := Simulate(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
			work := float64(b.N) * float64(len(in.Loans)) * float64(in.Scenarios)
			rate := work / b.Elapsed().Seconds()
			floor := floorRate(20_000_000)
			b.ReportMetric(rate, "loan-scenarios/s/core")
			b.ReportMetric(floor, "floor_loan-scenarios/s")
			b.ReportMetric(rate/floor, "ratio_to_floor")
			b.ReportMetric(rate/normalFloorRate(10_000_000), "ratio_to_normal_floor")
		})
	}
}

// BenchmarkSimulateAllCores runs with one worker per GOMAXPROCS and reports
// the total and per-core throughput.
func BenchmarkSimulateAllCores(b *testing.B) {
	in := benchPortfolio(20)
	in.Scenarios = 65_536
	ctx := context.Background()
	for b.Loop() {
		if _, err := Simulate(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	procs := runtime.GOMAXPROCS(0)
	rate := float64(b.N) * float64(len(in.Loans)) * float64(in.Scenarios) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "loan-scenarios/s")
	b.ReportMetric(rate/float64(procs), "loan-scenarios/s/core")
	b.ReportMetric(rate/(float64(procs)*floorRate(20_000_000)), "ratio_to_floor")
}

// BenchmarkFloorUniform and BenchmarkFloorNormal are the bare draws alone.
func BenchmarkFloorUniform(b *testing.B) {
	src := rand.NewPCG(1, 2)
	var acc uint64
	for b.Loop() {
		acc += src.Uint64()
	}
	sink += acc
}

func BenchmarkFloorNormal(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	var acc float64
	for b.Loop() {
		acc += r.NormFloat64()
	}
	if acc > 0 {
		sink++
	}
}
