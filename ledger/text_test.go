package ledger

import (
	"strings"
	"testing"
)

// TestTextAtItsLimits: text exactly at its byte limit, and a reason or a
// summary in lines, are taken; under the older rules a NUL was taken too
// (a replay judges it alike).
func TestTextAtItsLimits(t *testing.T) {
	s := newScenario(t, rejectPrograms)
	name := strings.Repeat("软", NameBytesMax/3) + "xx" // 66 × 3 + 2 = 200 bytes
	s.ok(TypeLoanDisbursed, bank1, "pool", strings.Replace(disbursedData("b1-L1", "e1", "small", "1000.00", ""), `"Firm e1"`, `"`+name+`"`, 1))
	s.defaultLoan(bank1, "pool", "b1-L1")
	reason := strings.Repeat("材料不全。\n", TextBytesMax/16) // 16 bytes a line
	s.ok(TypeClaimRejected, finLi, "pool", claimRejectedData("pool/b1-L1", reason))
	if got := s.state().Loans[0].Borrower; got != "e1" {
		t.Errorf("loan borrower: got %s, want e1", got)
	}
	s.meta = Meta{Rules: RulesStrictJSON}
	s.ok(TypeLoanDisbursed, bank1, "pool", strings.Replace(disbursedData("L2", "e2", "small", "1000.00", ""), `"Firm e2"`, `"Firm\u0000e2"`, 1))
}
