package ledger

import (
	"strconv"
	"testing"
)

// Rules of SPEC §6, each driven through Engine.Apply and read back from the
// state document, to the cent.

const (
	bank1, bank2 = "bank:b1", "bank:b2"
	finLi        = "finance:li"
	finAnn       = "finance:ann"
	finBob       = "finance:bob"
	finCy        = "finance:cy"
	shares4321   = `[{"party":"guarantor","ratio":"0.40"},{"party":"reguarantor","ratio":"0.30"},{"party":"bank","ratio":"0.20"},{"party":"government","ratio":"0.10"}]`
	sharesLuke   = `[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.35"}]`
)

func poolProgram(id, extra string) string {
	return `{"id":"` + id + `","name":"` + id + `","kind":"compensation_pool","currency":"CNY","shares":` + sharesLuke + extra + `}`
}

func programsOf(programs ...string) string {
	out := `{"programs":[`
	for i, p := range programs {
		if i > 0 {
			out += ","
		}
		out += p
	}
	return out + `]}`
}

// disburse, repay, ... send one bank input that must be applied.
func (s *scenario) disburse(bank, program, loan, borrower, size, principal, guarantor string) {
	s.t.Helper()
	s.ok(TypeLoanDisbursed, bank, program, disbursedData(loan, borrower, size, principal, guarantor))
}

func (s *scenario) repay(bank, program, loan, principal, interest string) {
	s.t.Helper()
	s.ok(TypeLoanRepaid, bank, program, repaidData(loan, principal, interest))
}

func (s *scenario) defaultLoan(bank, program, loan string) {
	s.t.Helper()
	s.ok(TypeLoanDefaulted, bank, program, defaultedData(loan))
}

func (s *scenario) recover(bank, program, loan, amount, costs string) {
	s.t.Helper()
	s.ok(TypeLoanRecovered, bank, program, recoveredData(loan, amount, costs))
}

func (s *scenario) fund(program, amount string) {
	s.t.Helper()
	s.ok(TypePoolFunded, finLi, program, fundedData("province", amount))
}

func (s *scenario) approve(user, program, claim string) {
	s.t.Helper()
	s.ok(TypeClaimApproved, user, program, claimData(claim))
}

func (s *scenario) wantPool(program, balance, paid, recovered, owed string) {
	s.t.Helper()
	p := s.program(program)
	got := "balance=" + p.PoolBalance + " paid=" + p.Paid + " recovered=" + p.Recovered + " owed=" + p.Owed
	if want := "balance=" + balance + " paid=" + paid + " recovered=" + recovered + " owed=" + owed; got != want {
		s.t.Errorf("program %s: got %s, want %s", program, got, want)
	}
}

func (s *scenario) wantGuarantor(id, netAssets, liability, leverage, limit string) {
	s.t.Helper()
	g := s.guarantor(id)
	got := "net_assets=" + strOrNull(g.NetAssets) + " liability=" + g.Liability + " leverage=" + strOrNull(g.Leverage) + " limit=" + g.Limit
	if want := "net_assets=" + netAssets + " liability=" + liability + " leverage=" + leverage + " limit=" + limit; got != want {
		s.t.Errorf("guarantor %s: got %s, want %s", id, got, want)
	}
}

func TestDualApproval(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("pool", `,"dual_approval_threshold":"2800000.00"`)))
	s.fund("pool", "10000000.00")
	s.disburse(bank1, "pool", "b1-L1", "e1", "small", "5000000.00", "")
	s.repay(bank1, "pool", "b1-L1", "1000000.00", "96250.00")
	s.defaultLoan(bank1, "pool", "b1-L1")
	const split = ` shares={"province":"1400000.00","city":"1400000.00","bank":"1200000.00"} payable=2800000.00`

	// Payable 2,800,000.00 is at the threshold: two finance users must approve.
	s.approve(finAnn, "pool", "pool/b1-L1")
	s.wantClaim("pool/b1-L1", "awaiting_second_approval loss=4000000.00"+split+" paid=0.00 owed=0.00 recovered=0.00 approvals=finance:ann")
	s.wantPool("pool", "10000000.00", "0.00", "0.00", "0.00")
	s.refused(CodeSameApprover, TypeClaimApproved, finAnn, "pool", claimData("pool/b1-L1"))
	s.approve(finBob, "pool", "pool/b1-L1")
	s.wantClaim("pool/b1-L1", "paid loss=4000000.00"+split+" paid=2800000.00 owed=0.00 recovered=0.00 approvals=finance:ann,finance:bob")
	s.wantPool("pool", "7200000.00", "2800000.00", "0.00", "0.00")
	s.refused(CodeClaimClosed, TypeClaimApproved, finCy, "pool", claimData("pool/b1-L1"))

	// One cent under the threshold: one approval pays.
	s.disburse(bank1, "pool", "b1-L2", "e2", "small", "3999999.99", "")
	s.defaultLoan(bank1, "pool", "b1-L2")
	s.approve(finAnn, "pool", "pool/b1-L2")
	s.wantClaim("pool/b1-L2", `paid loss=3999999.99 shares={"province":"1400000.00","city":"1399999.99","bank":"1200000.00"} payable=2799999.99 paid=2799999.99 owed=0.00 recovered=0.00 approvals=finance:ann`)
	s.wantPool("pool", "4400000.01", "5599999.99", "0.00", "0.00")

	// The threshold is tested at the first approval: a recovery that lowers
	// the payable below it afterwards still needs the second approval.
	s.disburse(bank1, "pool", "b1-L3", "e3", "small", "4000000.00", "")
	s.defaultLoan(bank1, "pool", "b1-L3")
	s.approve(finBob, "pool", "pool/b1-L3")
	s.recover(bank1, "pool", "b1-L3", "1100000.00", "100000.00")
	s.wantClaim("pool/b1-L3", `awaiting_second_approval loss=3000000.00 shares={"province":"1050000.00","city":"1050000.00","bank":"900000.00"} payable=2100000.00 paid=0.00 owed=0.00 recovered=0.00 approvals=finance:bob`)
	s.refused(CodeSameApprover, TypeClaimApproved, finBob, "pool", claimData("pool/b1-L3"))
	s.approve(finCy, "pool", "pool/b1-L3")
	s.wantClaim("pool/b1-L3", `paid loss=3000000.00 shares={"province":"1050000.00","city":"1050000.00","bank":"900000.00"} payable=2100000.00 paid=2100000.00 owed=0.00 recovered=0.00 approvals=finance:bob,finance:cy`)
	s.wantPool("pool", "2300000.01", "7699999.99", "0.00", "0.00")
}

func TestClaimRejectedOnlyFromOpen(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("pool", `,"dual_approval_threshold":"500000.00"`)))
	s.fund("pool", "100.00")
	for _, loan := range []string{"b1-P", "b1-A", "b1-Q", "b1-D"} {
		s.disburse(bank1, "pool", loan, "e-"+loan, "small", "1000000.00", "")
		s.defaultLoan(bank1, "pool", loan)
	}
	const split = ` loss=1000000.00 shares={"province":"350000.00","city":"350000.00","bank":"300000.00"} payable=700000.00`

	// pending → rejected.
	s.ok(TypeClaimRejected, finLi, "pool", claimRejectedData("pool/b1-P", "  not a tech firm "))
	s.wantClaim("pool/b1-P", "rejected"+split+" paid=0.00 owed=0.00 recovered=0.00 approvals=")
	s.refused(CodeClaimClosed, TypeClaimApproved, finAnn, "pool", claimData("pool/b1-P"))
	s.refused(CodeClaimClosed, TypeClaimRejected, finAnn, "pool", claimRejectedData("pool/b1-P", "again"))

	// awaiting_second_approval → rejected.
	s.approve(finAnn, "pool", "pool/b1-A")
	s.ok(TypeClaimRejected, finBob, "pool", claimRejectedData("pool/b1-A", "documents missing"))
	s.wantClaim("pool/b1-A", "rejected"+split+" paid=0.00 owed=0.00 recovered=0.00 approvals=finance:ann")
	s.refused(CodeClaimClosed, TypeClaimApproved, finBob, "pool", claimData("pool/b1-A"))

	// queued: no longer open.
	s.approve(finAnn, "pool", "pool/b1-Q")
	s.approve(finBob, "pool", "pool/b1-Q")
	s.wantClaim("pool/b1-Q", "queued"+split+" paid=100.00 owed=699900.00 recovered=0.00 approvals=finance:ann,finance:bob")
	s.refused(CodeClaimClosed, TypeClaimRejected, finLi, "pool", claimRejectedData("pool/b1-Q", "too late"))

	// paid: no longer open.
	s.fund("pool", "699900.00")
	s.wantClaim("pool/b1-Q", "paid"+split+" paid=700000.00 owed=0.00 recovered=0.00 approvals=finance:ann,finance:bob")
	s.refused(CodeClaimClosed, TypeClaimRejected, finLi, "pool", claimRejectedData("pool/b1-Q", "too late"))
	s.wantPool("pool", "0.00", "700000.00", "0.00", "0.00")

	// A recovery on a loan whose claim was rejected goes to the bank alone.
	s.recover(bank1, "pool", "b1-P", "500000.00", "")
	s.wantClaim("pool/b1-P", "rejected"+split+" paid=0.00 owed=0.00 recovered=0.00 approvals=")
	s.wantPool("pool", "0.00", "700000.00", "0.00", "0.00")
}

func TestPerLoanCap(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("pool", `,"per_loan_cap":"1000000.00"`)))
	s.fund("pool", "5000000.00")
	s.disburse(bank1, "pool", "b1-L1", "e1", "small", "4000000.00", "")
	s.disburse(bank1, "pool", "b1-L2", "e2", "small", "1000000.00", "")
	s.disburse(bank1, "pool", "b1-L3", "e3", "small", "1428571.43", "")
	for _, l := range []string{"b1-L1", "b1-L2", "b1-L3"} {
		s.defaultLoan(bank1, "pool", l)
	}
	s.wantClaim("pool/b1-L1", `pending loss=4000000.00 shares={"province":"500000.00","city":"500000.00","bank":"3000000.00"} payable=1000000.00 paid=0.00 owed=0.00 recovered=0.00 approvals=`)
	s.wantClaim("pool/b1-L2", `pending loss=1000000.00 shares={"province":"350000.00","city":"350000.00","bank":"300000.00"} payable=700000.00 paid=0.00 owed=0.00 recovered=0.00 approvals=`)
	// 1,428,571.43 × 0.70 = 1,000,000.001 → capped at 1,000,000.00.
	s.wantClaim("pool/b1-L3", `pending loss=1428571.43 shares={"province":"500000.00","city":"500000.00","bank":"428571.43"} payable=1000000.00 paid=0.00 owed=0.00 recovered=0.00 approvals=`)
}

func TestPerBankAnnualCapByLocalYear(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("yr", `,"per_bank_annual_cap":"3000000.00","claim_trigger_days_past_due":0`)))
	s.fund("yr", "20000000.00")
	for _, l := range []struct{ bank, loan, principal string }{
		{bank1, "b1-L1", "4000000.00"}, {bank1, "b1-L2", "1000000.00"}, {bank1, "b1-L3", "1000000.00"},
		{bank1, "b1-L4", "1000000.00"}, {bank2, "b2-L5", "1000000.00"}, {bank1, "b1-L6", "100000.00"},
	} {
		s.disburse(l.bank, "yr", l.loan, "e-"+l.loan, "small", l.principal, "")
	}
	defaultAt := func(bank, loan, at string) {
		t.Helper()
		s.at = at
		s.defaultLoan(bank, "yr", loan)
	}
	const none = " paid=0.00 owed=0.00 recovered=0.00 approvals="
	defaultAt(bank1, "b1-L1", "2026-06-01T09:00:00+08:00")
	s.wantClaim("yr/b1-L1", `pending loss=4000000.00 shares={"province":"1400000.00","city":"1400000.00","bank":"1200000.00"} payable=2800000.00`+none)
	// Last second of 2026 in local time: 200,000.00 of the cap is left.
	defaultAt(bank1, "b1-L2", "2026-12-31T23:59:59+08:00")
	s.wantClaim("yr/b1-L2", `pending loss=1000000.00 shares={"province":"100000.00","city":"100000.00","bank":"800000.00"} payable=200000.00`+none)
	// 2027-01-01 local (still 2026 in UTC): a new year, a new cap.
	defaultAt(bank1, "b1-L3", "2027-01-01T00:30:00+08:00")
	s.wantClaim("yr/b1-L3", `pending loss=1000000.00 shares={"province":"350000.00","city":"350000.00","bank":"300000.00"} payable=700000.00`+none)
	// 2026-12-31 local (already 2027 in UTC): the 2026 cap is used up.
	defaultAt(bank1, "b1-L4", "2026-12-31T20:00:00-05:00")
	s.wantClaim("yr/b1-L4", `pending loss=1000000.00 shares={"province":"0.00","city":"0.00","bank":"1000000.00"} payable=0.00`+none)
	// Another bank has a cap of its own.
	defaultAt(bank2, "b2-L5", "2026-12-01T09:00:00+08:00")
	s.wantClaim("yr/b2-L5", `pending loss=1000000.00 shares={"province":"350000.00","city":"350000.00","bank":"300000.00"} payable=700000.00`+none)
	// A rejected claim no longer uses up the cap.
	s.ok(TypeClaimRejected, finLi, "yr", claimRejectedData("yr/b1-L2", "not eligible"))
	defaultAt(bank1, "b1-L6", "2026-11-30T09:00:00+08:00")
	s.wantClaim("yr/b1-L6", `pending loss=100000.00 shares={"province":"35000.00","city":"35000.00","bank":"30000.00"} payable=70000.00`+none)
}

func TestBankNPLSuspend(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("npl", `,"bank_npl_suspend_ratio":"0.20","claim_trigger_days_past_due":0`)))
	s.disburse(bank1, "npl", "b1-L1", "e1", "small", "1000000.00", "")
	s.disburse(bank1, "npl", "b1-L2", "e2", "small", "4000000.00", "")
	s.defaultLoan(bank1, "npl", "b1-L1")
	// NPL ratio 1,000,000 ÷ (1,000,000 + 4,000,000) = 0.20: not above the limit.
	s.disburse(bank1, "npl", "b1-L3", "e3", "small", "500000.00", "")
	s.wantLoan("b1-L3", "performing", "500000.00", true, "")
	// 1,000,000 ÷ (1,000,000 + 3,500,000) = 0.2222 > 0.20: suspended.
	s.repay(bank1, "npl", "b1-L2", "1000000.00", "0")
	s.disburse(bank1, "npl", "b1-L4", "e4", "small", "300000.00", "")
	s.wantLoan("b1-L4", "performing", "300000.00", false, UncoveredBankSuspended)
	// Another bank is not suspended.
	s.disburse(bank2, "npl", "b2-L5", "e5", "small", "300000.00", "")
	s.wantLoan("b2-L5", "performing", "300000.00", true, "")
	p := s.program("npl")
	if got := p.CoveredOutstanding + " " + strconv.Itoa(p.Loans) + " " + strconv.Itoa(p.CoveredLoans); got != "3800000.00 5 4" {
		t.Errorf("program: got covered outstanding, loans, covered loans %s, want 3800000.00 5 4", got)
	}
	// An uncovered loan never opens a claim.
	s.defaultLoan(bank1, "npl", "b1-L4")
	s.noClaim("npl/b1-L4")
	s.wantLoan("b1-L4", "defaulted", "300000.00", false, UncoveredBankSuspended)
	// A net recovery of 500,000.00 lowers the loss: 0.5m ÷ (0.5m + 3.5m) = 0.125.
	s.recover(bank1, "npl", "b1-L1", "500000.00", "")
	s.disburse(bank1, "npl", "b1-L6", "e6", "small", "100000.00", "")
	s.wantLoan("b1-L6", "performing", "100000.00", true, "")
}

func TestGuarantorLeverageCoverage(t *testing.T) {
	s := newScenario(t, programsOf(
		`{"id":"gp","name":"gp","kind":"guarantee_program","currency":"CNY","shares":`+shares4321+`}`,
		`{"id":"gp2","name":"gp2","kind":"guarantee_program","currency":"CNY","shares":`+shares4321+`}`))

	t.Run("unknown net assets", func(t *testing.T) {
		s.t = t
		s.disburse(bank1, "gp", "b1-U1", "e-u", "small", "100000.00", "guarantor:g2")
		s.wantLoan("b1-U1", "performing", "100000.00", false, UncoveredGuarantorLeverage)
		s.wantGuarantor("g2", "null", "0.00", "null", "10.0000")
		s.ok(TypeGuarantorNetAssets, "guarantor:g2", "", netAssetsData("g2", "1000000.00"))
		s.disburse(bank1, "gp", "b1-U2", "e-u", "small", "100000.00", "g2")
		s.wantLoan("b1-U2", "performing", "100000.00", true, "")
		s.wantGuarantor("g2", "1000000.00", "75000.00", "0.0750", "15.0000")
	})

	t.Run("limit 10 over all programs", func(t *testing.T) {
		s.t = t
		s.ok(TypeGuarantorNetAssets, finLi, "", netAssetsData("g1", "1000000.00"))
		s.disburse(bank1, "gp", "b1-A1", "e-m1", "medium", "6000000.00", "g1")
		s.disburse(bank2, "gp2", "b2-A2", "e-m2", "large", "4000000.00", "g1")
		s.wantLoan("b2-A2", "performing", "4000000.00", true, "") // exactly 10×
		s.wantGuarantor("g1", "1000000.00", "10000000.00", "10.0000", "10.0000")
		s.disburse(bank1, "gp", "b1-A3", "e-m3", "medium", "0.01", "g1")
		s.wantLoan("b1-A3", "performing", "0.01", false, UncoveredGuarantorLeverage)
		s.repay(bank1, "gp", "b1-A1", "0.01", "0")
		s.disburse(bank1, "gp", "b1-A4", "e-m3", "medium", "0.01", "g1")
		s.wantLoan("b1-A4", "performing", "0.01", true, "")
		// A default takes the loan out of the in-force book.
		s.defaultLoan(bank2, "gp2", "b2-A2")
		s.wantGuarantor("g1", "1000000.00", "6000000.00", "6.0000", "10.0000")
	})

	t.Run("limit 15 for small borrowers", func(t *testing.T) {
		s.t = t
		s.ok(TypeGuarantorNetAssets, finLi, "", netAssetsData("g3", "1000000.00"))
		for _, l := range []string{"b1-S1", "b1-S2", "b1-S3", "b1-S4"} {
			s.disburse(bank1, "gp", l, "e-s"+l, "small", "5000000.00", "g3")
			s.wantLoan(l, "performing", "5000000.00", true, "")
		}
		s.wantGuarantor("g3", "1000000.00", "15000000.00", "15.0000", "15.0000")
		s.disburse(bank1, "gp", "b1-S5", "e-sS5", "micro", "0.01", "g3")
		s.wantLoan("b1-S5", "performing", "0.01", false, UncoveredGuarantorLeverage)
	})

	t.Run("weight 0.75 up to 5,000,000.00 inclusive", func(t *testing.T) {
		s.t = t
		s.ok(TypeGuarantorNetAssets, finLi, "", netAssetsData("g4", "1000000.00"))
		s.disburse(bank1, "gp", "b1-T1", "e-t", "small", "5000000.00", "g4")
		s.wantGuarantor("g4", "1000000.00", "3750000.00", "3.7500", "15.0000")
		s.disburse(bank1, "gp2", "b1-T2", "e-t", "small", "0.01", "g4")
		s.wantGuarantor("g4", "1000000.00", "5000000.01", "5.0000", "15.0000")
		s.repay(bank1, "gp2", "b1-T2", "0.01", "0")
		s.wantGuarantor("g4", "1000000.00", "3750000.00", "3.7500", "15.0000")
	})

	t.Run("limit falls to 10 when small borrowers hold under half", func(t *testing.T) {
		s.t = t
		s.ok(TypeGuarantorNetAssets, finLi, "", netAssetsData("g5", "50000.00"))
		for _, l := range []string{"b1-V1", "b1-V2", "b1-V3", "b1-V4"} {
			s.disburse(bank1, "gp", l, "e-v"+l, "small", "100000.00", "g5")
		}
		// 4 of 5 borrowers small, holding exactly half: limit 15.
		s.disburse(bank1, "gp", "b1-W1", "e-w", "medium", "400000.00", "g5")
		s.wantLoan("b1-W1", "performing", "400000.00", true, "")
		s.wantGuarantor("g5", "50000.00", "700000.00", "14.0000", "15.0000")
		// One more cent to the medium borrower: under half, limit 10.
		s.disburse(bank1, "gp", "b1-W2", "e-w", "medium", "0.01", "g5")
		s.wantLoan("b1-W2", "performing", "0.01", false, UncoveredGuarantorLeverage)
		s.wantGuarantor("g5", "50000.00", "700000.00", "14.0000", "15.0000")
	})
}

func TestPrincipalAndInterestCoverage(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("pi", `,"covers":"principal_and_interest"`), poolProgram("p", "")))
	for _, prog := range []string{"pi", "p"} {
		loan := "b1-" + prog + "L1"
		s.disburse(bank1, prog, loan, "e-"+prog, "small", "5000000.00", "")
		s.repay(bank1, prog, loan, "1000000.00", "96250.00")
		s.ok(TypeLoanDefaulted, bank1, prog, obj("loan", loan, "as_of", "2026-02-20",
			"outstanding_principal", "4000000.00", "unpaid_interest", "120000.00"))
	}
	const none = " paid=0.00 owed=0.00 recovered=0.00 approvals="
	s.wantClaim("pi/b1-piL1", `pending loss=4120000.00 shares={"province":"1442000.00","city":"1442000.00","bank":"1236000.00"} payable=2884000.00`+none)
	s.wantClaim("p/b1-pL1", `pending loss=4000000.00 shares={"province":"1400000.00","city":"1400000.00","bank":"1200000.00"} payable=2800000.00`+none)
	// A recovery before approval lowers principal and interest alike.
	s.recover(bank1, "pi", "b1-piL1", "120000.01", "0.01")
	s.wantClaim("pi/b1-piL1", `pending loss=4000000.00 shares={"province":"1400000.00","city":"1400000.00","bank":"1200000.00"} payable=2800000.00`+none)
	// A default by days past due reports no unpaid interest.
	s.disburse(bank1, "pi", "b1-piL2", "e-x", "small", "1000.01", "")
	s.ok(TypeLoanOverdue, bank1, "pi", overdueData("b1-piL2", 90))
	s.wantClaim("pi/b1-piL2", `pending loss=1000.01 shares={"province":"350.01","city":"350.00","bank":"300.00"} payable=700.01`+none)
}

func TestRecoveryBeforeApproval(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("pool", "")))
	s.fund("pool", "10000000.00")
	s.disburse(bank1, "pool", "b1-L1", "e1", "small", "5000000.00", "")
	s.repay(bank1, "pool", "b1-L1", "1000000.00", "0")
	s.defaultLoan(bank1, "pool", "b1-L1")
	const none = " paid=0.00 owed=0.00 recovered=0.00 approvals="
	s.wantClaim("pool/b1-L1", `pending loss=4000000.00 shares={"province":"1400000.00","city":"1400000.00","bank":"1200000.00"} payable=2800000.00`+none)
	// R = 1,100,000.00 − 100,000.00 lowers L and the payable.
	s.recover(bank1, "pool", "b1-L1", "1100000.00", "100000.00")
	s.wantClaim("pool/b1-L1", `pending loss=3000000.00 shares={"province":"1050000.00","city":"1050000.00","bank":"900000.00"} payable=2100000.00`+none)
	// Costs above the amount: R = 0, nothing changes.
	s.recover(bank1, "pool", "b1-L1", "50.00", "80.00")
	s.wantClaim("pool/b1-L1", `pending loss=3000000.00 shares={"province":"1050000.00","city":"1050000.00","bank":"900000.00"} payable=2100000.00`+none)
	s.recover(bank1, "pool", "b1-L1", "0.01", "")
	s.wantClaim("pool/b1-L1", `pending loss=2999999.99 shares={"province":"1050000.00","city":"1049999.99","bank":"900000.00"} payable=2099999.99`+none)
	s.approve(finAnn, "pool", "pool/b1-L1")
	s.wantClaim("pool/b1-L1", `paid loss=2999999.99 shares={"province":"1050000.00","city":"1049999.99","bank":"900000.00"} payable=2099999.99 paid=2099999.99 owed=0.00 recovered=0.00 approvals=finance:ann`)
	s.wantPool("pool", "7900000.01", "2099999.99", "0.00", "0.00")
	// After approval L is frozen: R × payable ÷ L goes back to the pool.
	s.recover(bank1, "pool", "b1-L1", "300000.00", "")
	s.wantClaim("pool/b1-L1", `paid loss=2999999.99 shares={"province":"1050000.00","city":"1049999.99","bank":"900000.00"} payable=2099999.99 paid=2099999.99 owed=0.00 recovered=210000.00 approvals=finance:ann`)
	s.wantPool("pool", "8110000.01", "2099999.99", "210000.00", "0.00")

	// A recovery above the loss before approval: L and the payable are 0.
	s.disburse(bank1, "pool", "b1-L2", "e2", "small", "1000.00", "")
	s.defaultLoan(bank1, "pool", "b1-L2")
	s.recover(bank1, "pool", "b1-L2", "1500.00", "")
	s.wantClaim("pool/b1-L2", `pending loss=0.00 shares={"province":"0.00","city":"0.00","bank":"0.00"} payable=0.00`+none)
	s.approve(finAnn, "pool", "pool/b1-L2")
	s.wantClaim("pool/b1-L2", `paid loss=0.00 shares={"province":"0.00","city":"0.00","bank":"0.00"} payable=0.00 paid=0.00 owed=0.00 recovered=0.00 approvals=finance:ann`)
}

func TestRecoveryCancelsWhatIsOwed(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("pool", "")))
	s.fund("pool", "100.00")
	s.disburse(bank1, "pool", "b1-L1", "e1", "small", "1000000.00", "")
	s.defaultLoan(bank1, "pool", "b1-L1")
	s.approve(finAnn, "pool", "pool/b1-L1")
	const head = `loss=1000000.00 shares={"province":"350000.00","city":"350000.00","bank":"300000.00"} payable=700000.00 paid=100.00`
	s.wantClaim("pool/b1-L1", "queued "+head+" owed=699900.00 recovered=0.00 approvals=finance:ann")
	s.wantPool("pool", "0.00", "100.00", "0.00", "699900.00")
	// Pool part 500,000.00 × 700,000.00 ÷ 1,000,000.00 = 350,000.00 cancels what is owed.
	s.recover(bank1, "pool", "b1-L1", "500000.00", "")
	s.wantClaim("pool/b1-L1", "queued "+head+" owed=349900.00 recovered=350000.00 approvals=finance:ann")
	s.wantPool("pool", "0.00", "100.00", "0.00", "349900.00")
	// 420,000.00 more is capped at the 350,000.00 left: 349,900.00 cancels, 100.00 is cash.
	s.recover(bank1, "pool", "b1-L1", "600000.00", "")
	s.wantClaim("pool/b1-L1", "paid "+head+" owed=0.00 recovered=700000.00 approvals=finance:ann")
	s.wantPool("pool", "100.00", "100.00", "100.00", "0.00")
	s.recover(bank1, "pool", "b1-L1", "600000.00", "")
	s.wantClaim("pool/b1-L1", "paid "+head+" owed=0.00 recovered=700000.00 approvals=finance:ann")
}

func TestZeroPayableClaimBehindTheQueueIsPaid(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("pool", "")))
	s.fund("pool", "100.00")
	s.disburse(bank1, "pool", "b1-A", "e1", "small", "1000.00", "")
	s.disburse(bank1, "pool", "b1-B", "e2", "small", "1000.00", "")
	s.defaultLoan(bank1, "pool", "b1-A")
	s.defaultLoan(bank1, "pool", "b1-B")
	s.approve(finAnn, "pool", "pool/b1-A")
	s.recover(bank1, "pool", "b1-B", "1000.00", "")
	s.approve(finAnn, "pool", "pool/b1-B")
	s.wantClaim("pool/b1-A", `queued loss=1000.00 shares={"province":"350.00","city":"350.00","bank":"300.00"} payable=700.00 paid=100.00 owed=600.00 recovered=0.00 approvals=finance:ann`)
	// Nothing is owed on B: it is paid, not queued behind A.
	s.wantClaim("pool/b1-B", `paid loss=0.00 shares={"province":"0.00","city":"0.00","bank":"0.00"} payable=0.00 paid=0.00 owed=0.00 recovered=0.00 approvals=finance:ann`)
	s.fund("pool", "1000.00")
	s.wantClaim("pool/b1-A", `paid loss=1000.00 shares={"province":"350.00","city":"350.00","bank":"300.00"} payable=700.00 paid=700.00 owed=0.00 recovered=0.00 approvals=finance:ann`)
	s.wantPool("pool", "400.00", "700.00", "0.00", "0.00")
}

func TestClosingRules(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("pool", "")))
	s.fund("pool", "1000000.00")

	// A performing loan closes only when nothing is outstanding.
	s.disburse(bank1, "pool", "b1-L1", "e1", "small", "1000.00", "")
	s.refused(CodeOutstandingNotZero, TypeLoanClosed, bank1, "pool", closedData("b1-L1"))
	s.repay(bank1, "pool", "b1-L1", "999.99", "5.00")
	s.refused(CodeOutstandingNotZero, TypeLoanClosed, bank1, "pool", closedData("b1-L1"))
	s.repay(bank1, "pool", "b1-L1", "0.01", "0")
	s.ok(TypeLoanClosed, bank1, "pool", closedData("b1-L1"))
	s.wantLoan("b1-L1", "closed", "0.00", true, "")
	for _, in := range []struct{ typ, data string }{
		{TypeLoanRepaid, repaidData("b1-L1", "0", "1.00")},
		{TypeLoanOverdue, overdueData("b1-L1", 1)},
		{TypeLoanDefaulted, defaultedData("b1-L1")},
		{TypeLoanRecovered, recoveredData("b1-L1", "1.00", "")},
		{TypeLoanClosed, closedData("b1-L1")},
	} {
		s.refused(CodeLoanClosed, in.typ, bank1, "pool", in.data)
	}

	// An overdue loan repaid in full closes.
	s.disburse(bank1, "pool", "b1-L2", "e2", "small", "100.00", "")
	s.ok(TypeLoanOverdue, bank1, "pool", overdueData("b1-L2", 30))
	s.wantLoan("b1-L2", "overdue", "100.00", true, "")
	s.refused(CodeOutstandingNotZero, TypeLoanClosed, bank1, "pool", closedData("b1-L2"))
	s.repay(bank1, "pool", "b1-L2", "100.00", "1.00")
	s.ok(TypeLoanClosed, bank1, "pool", closedData("b1-L2"))
	s.wantLoan("b1-L2", "closed", "0.00", true, "")

	// A defaulted loan closes at any time: the outstanding is written off,
	// and its claim can still be approved.
	s.disburse(bank1, "pool", "b1-L3", "e3", "small", "1000000.00", "")
	s.defaultLoan(bank1, "pool", "b1-L3")
	s.ok(TypeLoanClosed, bank1, "pool", closedData("b1-L3"))
	s.wantLoan("b1-L3", "closed", "1000000.00", true, "")
	if got := s.e.Book().Balance(Account{AccountLoanLosses, "pool", "b1"}).StringFixed(2); got != "1000000.00" {
		t.Errorf("loan losses: got %s, want 1000000.00", got)
	}
	if got := s.program("pool").CoveredOutstanding; got != "0.00" {
		t.Errorf("covered outstanding: got %s, want 0.00", got)
	}
	s.refused(CodeLoanClosed, TypeLoanRecovered, bank1, "pool", recoveredData("b1-L3", "1.00", ""))
	s.approve(finAnn, "pool", "pool/b1-L3")
	s.wantClaim("pool/b1-L3", `paid loss=1000000.00 shares={"province":"350000.00","city":"350000.00","bank":"300000.00"} payable=700000.00 paid=700000.00 owed=0.00 recovered=0.00 approvals=finance:ann`)
	s.wantPool("pool", "300000.00", "700000.00", "0.00", "0.00")
}

func TestOverdueTrigger(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("t90", ""), poolProgram("t0", `,"claim_trigger_days_past_due":0`)))
	s.disburse(bank1, "t90", "b1-L1", "e1", "small", "1000.00", "")
	s.ok(TypeLoanOverdue, bank1, "t90", overdueData("b1-L1", 89))
	s.wantLoan("b1-L1", "overdue", "1000.00", true, "")
	s.noClaim("t90/b1-L1")
	s.ok(TypeLoanOverdue, bank1, "t90", overdueData("b1-L1", 0))
	s.wantLoan("b1-L1", "performing", "1000.00", true, "")
	s.ok(TypeLoanOverdue, bank1, "t90", overdueData("b1-L1", 90))
	s.wantLoan("b1-L1", "defaulted", "1000.00", true, "")
	s.wantClaim("t90/b1-L1", `pending loss=1000.00 shares={"province":"350.00","city":"350.00","bank":"300.00"} payable=700.00 paid=0.00 owed=0.00 recovered=0.00 approvals=`)

	// Trigger 0: only loan.defaulted opens a claim.
	s.disburse(bank1, "t0", "b1-L2", "e2", "small", "1000.00", "")
	s.ok(TypeLoanOverdue, bank1, "t0", overdueData("b1-L2", 400))
	s.wantLoan("b1-L2", "overdue", "1000.00", true, "")
	s.noClaim("t0/b1-L2")
	s.defaultLoan(bank1, "t0", "b1-L2")
	s.wantLoan("b1-L2", "defaulted", "1000.00", true, "")
	s.claim("t0/b1-L2")
}

func TestLeverageCapCoverage(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("lev", `,"max_leverage":"10"`)))
	s.disburse(bank1, "lev", "b1-L0", "e0", "small", "0.01", "")
	s.wantLoan("b1-L0", "performing", "0.01", false, UncoveredLeverageCap) // empty pool
	s.fund("lev", "1000.00")
	s.disburse(bank1, "lev", "b1-L1", "e1", "small", "9999.99", "")
	s.disburse(bank1, "lev", "b1-L2", "e2", "small", "0.02", "")
	s.wantLoan("b1-L2", "performing", "0.02", false, UncoveredLeverageCap)
	s.disburse(bank1, "lev", "b1-L3", "e3", "small", "0.01", "")
	s.wantLoan("b1-L3", "performing", "0.01", true, "")
	p := s.program("lev")
	got := p.CoveredOutstanding + " " + strOrNull(p.Leverage) + " " + strOrNull(p.MaxLeverage) + " " + strOrNull(p.Headroom)
	if want := "10000.00 10.0000 10.0000 0.00"; got != want {
		t.Errorf("program lev: got %s, want %s", got, want)
	}
	// A repayment frees headroom; a default takes the loan out of leverage.
	s.repay(bank1, "lev", "b1-L1", "2500.00", "0")
	s.defaultLoan(bank1, "lev", "b1-L3")
	p = s.program("lev")
	got = p.CoveredOutstanding + " " + strOrNull(p.Leverage) + " " + strOrNull(p.Headroom)
	if want := "7499.99 7.5000 2500.01"; got != want {
		t.Errorf("program lev: got %s, want %s", got, want)
	}
}
