package ledger

import "testing"

// TestGuarantorBorrowerSizeIsTheLatestCovered holds the weight rule of SPEC
// §6 as the engine applies it: a borrower's size with a guarantor is the one
// given in the latest covered disbursement that this guarantor guarantees
// to it, and a later loan reported with another size re-weights the
// borrower's whole balance with that guarantor. Another guarantor's loan,
// an uncovered loan and a repayment leave the size as it is.
func TestGuarantorBorrowerSizeIsTheLatestCovered(t *testing.T) {
	s := newScenario(t, programsOf(`{"id":"gp","name":"gp","kind":"guarantee_program","currency":"CNY","shares":`+shares4321+`}`))
	s.ok(TypeGuarantorNetAssets, finLi, "", netAssetsData("g1", "10000000.00"))
	s.ok(TypeGuarantorNetAssets, finLi, "", netAssetsData("g2", "10000000.00"))

	s.disburse(bank1, "gp", "b1-L1", "e1", "small", "3000000.00", "g1")
	s.wantGuarantor("g1", "10000000.00", "2250000.00", "0.2250", "15.0000") // 0.75 × 3,000,000
	// The same borrower reported medium: all 4,000,000 weigh 1.00.
	s.disburse(bank1, "gp", "b1-L2", "e1", "medium", "1000000.00", "g1")
	s.wantGuarantor("g1", "10000000.00", "4000000.00", "0.4000", "10.0000")
	// Reported micro again: all 4,500,000 (≤ 5,000,000) weigh 0.75.
	s.disburse(bank1, "gp", "b1-L3", "e1", "micro", "500000.00", "g1")
	s.wantGuarantor("g1", "10000000.00", "3375000.00", "0.3375", "15.0000")
	// Another guarantor's loan to e1 as large changes nothing with g1.
	s.disburse(bank1, "gp", "b1-L4", "e1", "large", "1000000.00", "g2")
	s.wantGuarantor("g1", "10000000.00", "3375000.00", "0.3375", "15.0000")
	s.wantGuarantor("g2", "10000000.00", "1000000.00", "0.1000", "10.0000")
	// An uncovered loan (above g1's limit) is no covered disbursement.
	s.disburse(bank1, "gp", "b1-L5", "e1", "large", "200000000.00", "g1")
	s.wantLoan("b1-L5", "performing", "200000000.00", false, UncoveredGuarantorLeverage)
	s.wantGuarantor("g1", "10000000.00", "3375000.00", "0.3375", "15.0000")
	// A repayment lowers the balance, not the size: 0.75 × 4,000,000.
	s.repay(bank1, "gp", "b1-L2", "500000.00", "0")
	s.wantGuarantor("g1", "10000000.00", "3000000.00", "0.3000", "15.0000")
}
