package ledger

import (
	"testing"

	"github.com/techcredit/techcredit/risk"
)

// nplOf is a bank's NPL ratio as the API shows it, "null" when undefined.
func nplOf(s *scenario, program, bank string) string {
	r, ok := s.e.BankNPLRatio(s.e.programs[program], bank)
	if !ok {
		return "null"
	}
	return risk.FormatRatio(r)
}

// TestNPLCountsRemainingLoss reproduces issue 13.10: a fully recovered,
// approved claim kept counting its loss frozen at approval, so its bank
// stayed bank_suspended. The NPL numerator is each defaulted covered loan's
// remaining loss, max(0, O + I − R), recomputed after every recovery.
func TestNPLCountsRemainingLoss(t *testing.T) {
	programs := programsOf(poolProgram("npl", `,"bank_npl_suspend_ratio":"0.20","claim_trigger_days_past_due":0`))
	setup := func(t *testing.T, meta Meta) *scenario {
		s := newScenario(t, programs)
		s.meta = meta
		s.fund("npl", "10000000.00")
		s.disburse(bank1, "npl", "b1-L1", "e1", "small", "1000000.00", "")
		s.disburse(bank1, "npl", "b1-L2", "e2", "small", "1000000.00", "")
		s.defaultLoan(bank1, "npl", "b1-L1")
		s.approve(finAnn, "npl", "npl/b1-L1")
		s.wantClaim("npl/b1-L1", `paid loss=1000000.00 shares={"province":"350000.00","city":"350000.00","bank":"300000.00"} payable=700000.00 paid=700000.00 owed=0.00 recovered=0.00 approvals=finance:ann`)
		// 1,000,000 ÷ (1,000,000 + 1,000,000) = 0.50 > 0.20: suspended.
		s.disburse(bank1, "npl", "b1-L3", "e3", "small", "100000.00", "")
		s.wantLoan("b1-L3", "performing", "100000.00", false, UncoveredBankSuspended)
		// A recovery after approval: the claim's loss stays frozen, the
		// pool gets its part back.
		s.recover(bank1, "npl", "b1-L1", "1000000.00", "")
		s.wantClaim("npl/b1-L1", `paid loss=1000000.00 shares={"province":"350000.00","city":"350000.00","bank":"300000.00"} payable=700000.00 paid=700000.00 owed=0.00 recovered=700000.00 approvals=finance:ann`)
		return s
	}

	t.Run("fully recovered", func(t *testing.T) {
		s := setup(t, Meta{})
		// Remaining loss 0 ÷ (0 + 1,000,000) = 0: covered again.
		s.disburse(bank1, "npl", "b1-L4", "e4", "small", "100000.00", "")
		s.wantLoan("b1-L4", "performing", "100000.00", true, "")
		if got := nplOf(s, "npl", "b1"); got != "0.0000" {
			t.Errorf("bank b1 NPL ratio: got %s, want 0.0000", got)
		}
	})
	t.Run("old rules replay as judged", func(t *testing.T) {
		s := setup(t, Meta{Rules: RulesStrictJSON})
		s.disburse(bank1, "npl", "b1-L4", "e4", "small", "100000.00", "")
		s.wantLoan("b1-L4", "performing", "100000.00", false, UncoveredBankSuspended)
	})
}

// TestNPLRemainingLossAfterEachRecovery: partial recoveries lower the
// remaining loss one by one, interest counts where the program covers it,
// a rejected claim's loan still counts, and a closed loan counts no more.
func TestNPLRemainingLossAfterEachRecovery(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("npl", `,"bank_npl_suspend_ratio":"0.20","claim_trigger_days_past_due":0,"covers":"principal_and_interest"`)))
	s.fund("npl", "10000000.00")
	s.disburse(bank1, "npl", "b1-L1", "e1", "small", "1000000.00", "")
	s.disburse(bank1, "npl", "b1-L2", "e2", "small", "1000000.00", "")
	s.ok(TypeLoanDefaulted, bank1, "npl", obj("loan", "b1-L1", "as_of", "2026-02-20", "unpaid_interest", "50000.00"))
	s.ok(TypeClaimRejected, finLi, "npl", claimRejectedData("npl/b1-L1", "not a tech firm"))
	wantNPL := func(want string) {
		t.Helper()
		if got := nplOf(s, "npl", "b1"); got != want {
			t.Errorf("bank b1 NPL ratio: got %s, want %s", got, want)
		}
	}
	// 1,050,000 ÷ (1,050,000 + 1,000,000) = 0.5122.
	wantNPL("0.5122")
	// R 850,000 (900,000 less 50,000 costs): 200,000 ÷ 1,200,000 = 0.1667.
	s.recover(bank1, "npl", "b1-L1", "900000.00", "50000.00")
	wantNPL("0.1667")
	s.disburse(bank1, "npl", "b1-L3", "e3", "small", "1.00", "")
	s.wantLoan("b1-L3", "performing", "1.00", true, "")
	// A recovery beyond the loss leaves nothing, never less.
	s.recover(bank1, "npl", "b1-L1", "300000.00", "")
	wantNPL("0.0000")
	// Closed: the loan counts no more, and nor does a later default's
	// loss that a close takes back at its remaining value.
	s.ok(TypeLoanClosed, bank1, "npl", closedData("b1-L1"))
	wantNPL("0.0000")
	s.defaultLoan(bank1, "npl", "b1-L3")
	s.recover(bank1, "npl", "b1-L3", "0.50", "")
	s.ok(TypeLoanClosed, bank1, "npl", closedData("b1-L3"))
	wantNPL("0.0000")
	// A zero denominator never suspends.
	s.repay(bank1, "npl", "b1-L2", "1000000.00", "0")
	s.ok(TypeLoanClosed, bank1, "npl", closedData("b1-L2"))
	s.disburse(bank1, "npl", "b1-L5", "e5", "small", "1.00", "")
	s.wantLoan("b1-L5", "performing", "1.00", true, "")
}
