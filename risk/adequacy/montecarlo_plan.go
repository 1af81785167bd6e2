package adequacy

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// plan is a portfolio prepared for simulation: loans that can draw on the
// pool, grouped by PD so that the conditional default probability is computed
// once per group and scenario.
type plan struct {
	// pays[i] is the pool draw when loan i defaults, loans ordered by group.
	pays []float64
	// groups partition pays into runs of loans sharing one PD.
	groups []pdGroup
	// certain is Σ pays of the loans with PD = 1; they default in every scenario.
	certain float64
	// slope is √(ρ/(1−ρ)): pᵢ(Z) = N(group.c − slope·Z).
	slope float64
	// portfolioCap caps a scenario's total; 0 = none.
	portfolioCap float64
}

// pdGroup is a run pays[lo:hi] of loans with the same PD; c = N⁻¹(PD)/√(1−ρ).
// A loan defaults when its idiosyncratic εᵢ < c − slope·Z. A group of at
// least minUniformGroup loans computes p(Z) = N(c − slope·Z) once and
// compares a uniform draw per loan (cheap); a smaller group draws εᵢ itself
// (direct), which saves the N() per scenario. Both are exact.
type pdGroup struct {
	c      float64
	lo, hi int
	direct bool
}

// minUniformGroup is where one N() per scenario (about 40 ns) costs less than
// a normal draw instead of a uniform one per loan (about 6 ns more each).
const minUniformGroup = 8

func newPlan(in SimulationInput) plan {
	type item struct {
		pd, pay float64
	}
	items := make([]item, 0, len(in.Loans))
	p := plan{slope: math.Sqrt(in.Rho / (1 - in.Rho)), portfolioCap: in.Rule.PortfolioCap}
	for _, l := range in.Loans {
		pay := in.Rule.Share * in.LGD * l.EAD
		if in.Rule.PerLoanCap > 0 {
			pay = min(pay, in.Rule.PerLoanCap)
		}
		switch {
		case pay == 0 || l.PD == 0:
			// Never changes the draw.
		case l.PD == 1:
			p.certain += pay
		default:
			items = append(items, item{pd: l.PD, pay: pay})
		}
	}
	// A stable sort keeps loans of one PD in input order: the result is a
	// function of the input's order as well as its content, nothing else.
	slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(a.pd, b.pd) })
	p.pays = make([]float64, len(items))
	sd := math.Sqrt(1 - in.Rho)
	for i, it := range items {
		p.pays[i] = it.pay
		if i == 0 || it.pd != items[i-1].pd {
			p.groups = append(p.groups, pdGroup{c: normInv(it.pd) / sd, lo: i})
		}
		p.groups[len(p.groups)-1].hi = i + 1
	}
	for i, g := range p.groups {
		p.groups[i].direct = g.hi-g.lo < minUniformGroup
	}
	return p
}

// runChunk simulates len(draws) consecutive scenarios of chunk c.
func (p *plan) runChunk(seed uint64, c int, draws []float64) {
	src := chunkSource(seed, c)
	factor := rand.New(src)
	for s := range draws {
		draws[s] = p.scenario(factor.NormFloat64(), factor, src)
	}
}

// scenario is the pool's total draw given the systematic factor z. normal
// and src share one stream: normal draws εᵢ, src the uniform draws.
func (p *plan) scenario(z float64, normal *rand.Rand, src *rand.PCG) float64 {
	sum := p.certain
	for _, g := range p.groups {
		if g.direct {
			cut := g.c - p.slope*z
			for _, pay := range p.pays[g.lo:g.hi] {
				if normal.NormFloat64() < cut {
					sum += pay
				}
			}
			continue
		}
		t := probabilityThreshold(normCDF(g.c - p.slope*z))
		if t == 0 {
			continue
		}
		for _, pay := range p.pays[g.lo:g.hi] {
			if src.Uint64() < t {
				sum += pay
			}
		}
	}
	if p.portfolioCap > 0 {
		sum = min(sum, p.portfolioCap)
	}
	mustFinite(sum)
	return sum
}

// probabilityThreshold maps a probability to t such that a uniform 64-bit
// draw u has P(u < t) = t/2⁶⁴ = prob (to 2⁻⁶⁴; the top value is 1 − 2⁻⁶⁴).
func probabilityThreshold(prob float64) uint64 {
	if prob >= 1 {
		return math.MaxUint64
	}
	if !(prob > 0) {
		return 0
	}
	return uint64(prob * 0x1p64)
}

// chunkSource is the PCG stream of chunk c: both seed words are outputs of
// SplitMix64 at positions 2c+1 and 2c+2 of the stream started by seed, so
// neighbouring chunks get unrelated states.
func chunkSource(seed uint64, c int) *rand.PCG {
	const golden = 0x9e3779b97f4a7c15
	k := uint64(c)
	return rand.NewPCG(splitMix64(seed+golden*(2*k+1)), splitMix64(seed+golden*(2*k+2)))
}

// splitMix64 is SplitMix64's output function (Steele, Lea, Flood 2014).
func splitMix64(x uint64) uint64 {
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
