package ledger

import "testing"

// TestImportSources holds an admin's import to SPEC §15: bank, guarantor
// and admin sources keep their source; a finance source is forbidden, and
// journaled as a rejected input; the caller's own source is no import.
func TestImportSources(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("pool", `,"dual_approval_threshold":"2000000.00"`)))
	s.fund("pool", "10000000.00")
	s.meta = Meta{ImportedBy: "admin:mo"}
	// A bank's history may be imported: it keeps its source.
	s.disburse(bank1, "pool", "b1-L1", "e1", "small", "5000000.00", "")
	s.defaultLoan(bank1, "pool", "b1-L1")
	s.ok(TypeGuarantorNetAssets, "guarantor:g1", "", netAssetsData("g1", "1000000.00"))
	// Another admin's input may be imported, and the admin's own is none.
	s.ok(TypeProjectRegistered, "admin:zhou", "", projectData("pr1", "e1", "pilot", "listed"))
	s.ok(TypeProjectRegistered, "admin:mo", "", projectData("pr2", "e1", "pilot", "listed"))

	// Two imported "approvals" above the dual-approval threshold pay nothing.
	s.refused(CodeForbidden, TypeClaimApproved, "finance:ghost", "pool", claimData("pool/b1-L1"))
	s.refused(CodeForbidden, TypeClaimApproved, "finance:ghost2", "pool", claimData("pool/b1-L1"))
	s.refused(CodeForbidden, TypePoolFunded, "finance:ghost", "pool", fundedData("province", "1.00"))
	s.wantClaim("pool/b1-L1", `pending loss=5000000.00 shares={"province":"1750000.00","city":"1750000.00","bank":"1500000.00"} payable=3500000.00 paid=0.00 owed=0.00 recovered=0.00 approvals=`)
	s.wantPool("pool", "10000000.00", "0.00", "0.00", "0.00")
	if got := len(s.state().Rejected); got != 3 {
		t.Errorf("rejected[]: got %d entries, want 3", got)
	}

	// Only an admin imports: a transport that names another importer is refused.
	s.meta = Meta{ImportedBy: "bank:b2"}
	s.refused(CodeForbidden, TypeLoanDisbursed, bank1, "pool", disbursedData("b1-L2", "e2", "small", "1.00", ""))

	// Under the rules before RulesStrictFields the import applied: an old
	// journal replays as it was judged.
	s.meta = Meta{ImportedBy: "admin:mo", Rules: RulesStrictJSON}
	s.ok(TypePoolFunded, "finance:ghost", "pool", fundedData("province", "1.00"))
	s.wantPool("pool", "10000001.00", "0.00", "0.00", "0.00")
}
