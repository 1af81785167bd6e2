package adequacy_test

import (
	"context"
	"fmt"

	"github.com/techcredit/techcredit/risk/adequacy"
)

// A 5 million pool paying 70% of the losses on 100 million of loans (20×
// leverage) with PD 2%, LGD 60% and asset correlation 0.2.
func ExampleVasicek() {
	r, err := adequacy.Vasicek(adequacy.VasicekInput{
		EAD: 100_000_000, PD: 0.02, LGD: 0.6, Rho: 0.2, Pool: 5_000_000, PayableShare: 0.7,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("expected loss %.0f\n", r.EL)
	fmt.Printf("99.9%% default rate %.6f, loss %.0f\n", r.DefaultRateQ999, r.LossQ999)
	fmt.Printf("pool exhausted above a default rate of %.3f%%, with probability %.3f%%\n", 100*r.XStar, 100*r.PExhaust)
	// Output:
	// expected loss 1200000
	// 99.9% default rate 0.226313, loss 13578768
	// pool exhausted above a default rate of 11.905%, with probability 1.278%
}

// The highest leverage at which the same pool exhausts in at most 1 year in 100.
func ExampleMaxLeverageAt() {
	leverage, err := adequacy.MaxLeverageAt(0.01, 0.02, 0.6, 0.2, 0.7)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.2f×\n", leverage)
	// Output: 18.51×
}

// A finite portfolio of 300 equal loans with a 50 million pool, then the
// same portfolio when one of its three banks fails (its 100 loans default
// for sure: 100 × min(0.7 × 0.6 × 1,000,000, 500,000) = 42 million).
func ExampleSimulate() {
	var loans []adequacy.Loan
	for i := range 300 {
		loans = append(loans, adequacy.Loan{EAD: 1_000_000, PD: 0.03, Sector: "software", Bank: []string{"icbc", "boc", "ccb"}[i%3]})
	}
	stressed, err := adequacy.FailBank(loans, "ccb")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, portfolio := range [][]adequacy.Loan{loans, stressed} {
		r, err := adequacy.Simulate(context.Background(), adequacy.SimulationInput{
			Loans: portfolio, LGD: 0.6, Rho: 0.2, PoolBalance: 50_000_000,
			Rule:      adequacy.PayoutRule{Share: 0.7, PerLoanCap: 500_000},
			Scenarios: 20_000, Seed: 7,
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("mean draw %.0f, q99 %.0f, p_exhaust %.4f\n", r.MeanDraw, r.DrawQ99, r.PExhaust)
	}
	// Output:
	// mean draw 3767589, q99 22260000, p_exhaust 0.0003
	// mean draw 44509983, q99 56700000, p_exhaust 0.0556
}
