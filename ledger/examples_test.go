package ledger

import "testing"

const examples = "../testdata/examples/"

// Worked examples of SPEC §8, each asserted to the cent.

func TestExample1LukedaiDefault(t *testing.T) {
	e := replayDir(t, examples+"1-lukedai-default")
	c := claimDoc(t, e, "dz-lukedai/icbc-dz-L1")
	wantEqual(t, "loss", c.Loss, "4000000.00")
	wantEqual(t, "shares", sharesString(c.Shares), `{"province":"1400000.00","city":"1400000.00","bank":"1200000.00"}`)
	wantEqual(t, "payable", c.Payable, "2800000.00")
	wantEqual(t, "paid", c.Paid, "2800000.00")
	wantEqual(t, "status", c.Status, "paid")
	p := programDoc(t, e, "dz-lukedai")
	wantEqual(t, "pool balance", p.PoolBalance, "7200000.00")
	wantEqual(t, "funded", p.Funded, "10000000.00")
}

func TestExample2RecoveryAfterPayment(t *testing.T) {
	e := replayDir(t, examples+"2-recovery-after-payment")
	c := claimDoc(t, e, "dz-lukedai/icbc-dz-L1")
	wantEqual(t, "claim recovered", c.Recovered, "700000.00")
	wantEqual(t, "loss stays frozen", c.Loss, "4000000.00")
	p := programDoc(t, e, "dz-lukedai")
	wantEqual(t, "program recovered", p.Recovered, "700000.00")
	wantEqual(t, "pool balance", p.PoolBalance, "7900000.00")
	// The bank keeps 300,000.00 of the 1,000,000.00 net recovery.
	net := e.book.Balance(Account{AccountRecoveriesForBank, "dz-lukedai", "icbc-dz"}).Neg()
	wantEqual(t, "net recovery to the bank", net.StringFixed(2), "1000000.00")
	poolPart := e.book.Balance(Account{AccountPoolRecoveries, "dz-lukedai", ""}).Neg()
	wantEqual(t, "the bank keeps", net.Sub(poolPart).StringFixed(2), "300000.00")
}

func TestExample3Guarantee4321(t *testing.T) {
	e := replayDir(t, examples+"3-guarantee-4321")
	c := claimDoc(t, e, "lukedan/boc-jn-G1")
	wantEqual(t, "loss", c.Loss, "8000000.00")
	wantEqual(t, "shares", sharesString(c.Shares),
		`{"guarantor":"3200000.00","reguarantor":"2400000.00","government":"800000.00","bank":"1600000.00"}`)
	wantEqual(t, "payable", c.Payable, "800000.00")
	wantEqual(t, "guarantor pays bank", GuarantorPaysBankOf(e.claims["lukedan/boc-jn-G1"]), "6400000.00")
	wantEqual(t, "status", c.Status, "paid")
	wantEqual(t, "pool balance", programDoc(t, e, "lukedan").PoolBalance, "1200000.00")
}

func TestExample4FIFOShortPool(t *testing.T) {
	e := replayDir(t, examples+"4-fifo-short-pool")
	for _, tc := range []struct{ id, payable, paid, owed, status string }{
		{"pool-50/b1-A", "1200000.00", "1200000.00", "0.00", "paid"},
		{"pool-50/b1-B", "2000000.00", "2000000.00", "0.00", "paid"},
		{"pool-50/b1-C", "500000.00", "400000.00", "100000.00", "queued"},
	} {
		c := claimDoc(t, e, tc.id)
		wantEqual(t, tc.id+" payable", c.Payable, tc.payable)
		wantEqual(t, tc.id+" paid", c.Paid, tc.paid)
		wantEqual(t, tc.id+" owed", c.Owed, tc.owed)
		wantEqual(t, tc.id+" status", c.Status, tc.status)
	}
	p := programDoc(t, e, "pool-50")
	wantEqual(t, "pool balance", p.PoolBalance, "0.00")
	wantEqual(t, "owed", p.Owed, "100000.00")
	wantEqual(t, "paid", p.Paid, "3600000.00")
}

func TestExample5CappedGuarantee(t *testing.T) {
	e := replayDir(t, examples+"5-capped-guarantee")
	for i, want := range []string{"3000000.00", "4000000.00", "2500000.00", "500000.00"} {
		id := "eu-capped/kfw-K" + string(rune('0'+i))
		wantEqual(t, id+" payable", claimDoc(t, e, id).Payable, want)
	}
	wantEqual(t, "K3 shares", sharesString(claimDoc(t, e, "eu-capped/kfw-K3").Shares), `{"guarantor":"500000.00","bank":"3500000.00"}`)
}

func TestExample6PoolLeverage(t *testing.T) {
	e := replayDir(t, examples+"6-pool-leverage")
	over, fit := e.loans["b1-new30m"], e.loans["b1-new20m"]
	wantEqual(t, "30m covered", over.Covered, false)
	wantEqual(t, "30m reason", over.UncoveredReason, UncoveredLeverageCap)
	wantEqual(t, "20m covered", fit.Covered, true)
	p := programDoc(t, e, "lev")
	wantEqual(t, "covered outstanding", p.CoveredOutstanding, "500000000.00")
	wantEqual(t, "leverage", *p.Leverage, "10.0000")
	wantEqual(t, "headroom", *p.Headroom, "0.00")
	wantEqual(t, "loans", p.Loans, 6)
	wantEqual(t, "covered loans", p.CoveredLoans, 5)
}

func TestExample7GuarantorLimit(t *testing.T) {
	e := replayDir(t, examples+"7-guarantor-limit")
	g := e.GuarantorDoc(e.guarantors["g1"])
	// e-a: 5,500,000.00 at weight 1.00; e-b: 5,000,000.00 at 0.75 = 3,750,000.00.
	wantEqual(t, "liability", g.Liability, "9250000.00")
	wantEqual(t, "leverage", *g.Leverage, "0.0463")
	wantEqual(t, "limit", g.Limit, "15.0000")
}

func TestExample8Rounding(t *testing.T) {
	e := replayDir(t, examples+"8-rounding")
	c := claimDoc(t, e, "gp/b1-R1")
	wantEqual(t, "shares", sharesString(c.Shares),
		`{"guarantor":"493827.16","reguarantor":"370370.37","government":"123456.79","bank":"246913.57"}`)
	wantEqual(t, "payable", c.Payable, "123456.79")
}

// TestExample9FilingCap: SPEC §10's covered part. A loan of 15,000,000.00
// filed under a cap of 10,000,000.00 (F 10,000,000.00), 3,000,000.00
// repaid, then defaulted: L = 12,000,000.00 × 10/15 = 8,000,000.00.
func TestExample9FilingCap(t *testing.T) {
	e := replayDir(t, examples+"9-filing-cap")
	l := e.loans["icbc-dz-L1"]
	wantEqual(t, "filed", l.Filed.StringFixed(2), "10000000.00")
	wantEqual(t, "filing", l.filingState().String(), "approved")
	c := claimDoc(t, e, "dz-lukedai/icbc-dz-L1")
	wantEqual(t, "loss", c.Loss, "8000000.00")
	wantEqual(t, "shares", sharesString(c.Shares), `{"province":"2800000.00","city":"2800000.00","bank":"2400000.00"}`)
	wantEqual(t, "payable", c.Payable, "5600000.00")
	wantEqual(t, "paid", c.Paid, "5600000.00")
	wantEqual(t, "pool balance", programDoc(t, e, "dz-lukedai").PoolBalance, "4400000.00")
}

// TestExample10InterestSubsidy: SPEC §11. 40% of 1,300,000.00 of interest
// is capped at 500,000.00; 40% of 123,456.78 is 49,382.71. A budget of
// 600,000.00 pays the approved 500,000.00 (two officers: at the
// threshold) and 100,000.00 of 300,000.00, owing 200,000.00 until the
// next subsidy.funded of 250,000.00 pays it first-in first-out. The pool
// pays none of it.
func TestExample10InterestSubsidy(t *testing.T) {
	e := replayDir(t, examples+"10-interest-subsidy")
	for _, w := range []struct{ id, interest, amount, paid, status string }{
		{"dz-lukedai/icbc-dz-A/2026", "1300000.00", "500000.00", "500000.00", "paid"},
		{"dz-lukedai/icbc-dz-B/2026", "123456.78", "49382.71", "0.00", "pending"},
		{"dz-lukedai/icbc-dz-E/2026", "750000.00", "300000.00", "300000.00", "paid"},
	} {
		d := SubsidyDocOf(e.Subsidy(w.id))
		wantEqual(t, w.id+" interest", d.Interest, w.interest)
		wantEqual(t, w.id+" amount", d.Amount, w.amount)
		wantEqual(t, w.id+" paid", d.Paid, w.paid)
		wantEqual(t, w.id+" status", d.Status, w.status)
	}
	p := programDoc(t, e, "dz-lukedai")
	wantEqual(t, "subsidy funded", *p.SubsidyFunded, "850000.00")
	wantEqual(t, "subsidy paid", *p.SubsidyPaid, "800000.00")
	wantEqual(t, "subsidy owed", *p.SubsidyOwed, "0.00")
	wantEqual(t, "subsidy balance", *p.SubsidyBalance, "50000.00")
	wantEqual(t, "pool balance", p.PoolBalance, "10000000.00")
}

// TestExample11TransformationFund: 100,000,000.00 committed; rounds of
// 20,000,000.00 (fund 4,000,000.00, largest co-investor 10,000,000.00) and
// 10,000,000.00 (fund 3,000,000.00, co-investors 3,500,000.00) give
// invested 7,000,000.00 and leverage 4.2857; one refused round per limit.
func TestExample11TransformationFund(t *testing.T) {
	e := replayDir(t, examples+"11-transformation-fund")
	d := e.FundDoc(e.Fund("dz-transfer"))
	wantEqual(t, "committed", d.Committed, "100000000.00")
	wantEqual(t, "invested", d.Invested, "7000000.00")
	wantEqual(t, "available", d.Available, "93000000.00")
	wantEqual(t, "proceeds", d.Proceeds, "6000000.00")
	wantEqual(t, "leverage", strOrNull(d.Leverage), "4.2857")
	wantEqual(t, "early share", strOrNull(d.EarlyShare), "0.4286")
	wantEqual(t, "small share", strOrNull(d.SmallShare), "0.5714")
	wantEqual(t, "hard tech share", strOrNull(d.HardTechShare), "1.0000")
	codes := map[string]string{}
	for _, r := range e.State().Rejected {
		codes[r.ID] = r.Code
	}
	for id, want := range map[string]string{"inv-3": "fund_share_exceeded", "inv-4": "fund_largest_investor",
		"inv-5": "insufficient_capital", "inv-6": "bad_amount", "inv-7": "unknown_project", "inv-1b": "duplicate_investment",
		"inv-8": "bad_field", "ex-2": "already_exited", "ex-3": "unknown_investment", "ex-4": "bad_date"} {
		wantEqual(t, id, codes[id], want)
	}
}
