package simulate

import (
	_ "embed"
	"fmt"

	"github.com/techcredit/techcredit/ledger"
)

// SubsidyProgramsJSON is the programs file of the interest-subsidy
// scenario (SPEC §11): a 鲁科贷 pool that pays firms repaying on time 40%
// of the interest paid on one loan a year, at most 500,000.00 a firm, with
// dual approval from 400,000.00.
//
//go:embed programs/subsidy.json
var SubsidyProgramsJSON string

// SubsidyScenario is a fixed stream for SubsidyProgramsJSON, the year 2026:
// firms that paid their interest on time and apply (one over the cap, one
// whose 40% rounds), a late payer and a defaulter refused not_eligible, a
// firm's second loan refused already_applied, a firm with no interest in
// the year, approvals (one by two officers, one officer twice refused
// same_approver), a rejection, and a budget of 600,000.00 that runs short
// and is topped up by 300,000.00, paying the owed subsidies first-in
// first-out. Its amounts are asserted in subsidy_test.go.
func SubsidyScenario() (programsJSON []byte, steps []Step) {
	const p = "dz-subsidy"
	const icbc, boc, li, wang = "bank:icbc-dz", "bank:boc-dz", "finance:li", "finance:wang"
	sc := &script{prefix: "ss"}
	disburse := func(source, loan, borrower, principal, on string) {
		sc.add(0, ledger.TypeLoanDisbursed, source, p, on, fmt.Sprintf(
			`{"loan":%q,"borrower":{"id":%q,"name":"Firm %s","sector":"ic","size":"small"},"principal":%q,"annual_rate":"0.0385","term_months":36,"disbursed_on":%q}`,
			loan, borrower, borrower, principal, on))
	}
	interest := func(source, loan, amount, on string) {
		sc.add(0, ledger.TypeLoanRepaid, source, p, on, fmt.Sprintf(`{"loan":%q,"principal":"0","interest":%q,"paid_on":%q}`, loan, amount, on))
	}
	overdue := func(source, loan string, days int, on string) {
		sc.add(0, ledger.TypeLoanOverdue, source, p, on, fmt.Sprintf(`{"loan":%q,"days_past_due":%d,"as_of":%q}`, loan, days, on))
	}
	apply := func(code ledger.Code, source, loan string) {
		sc.add(code, ledger.TypeSubsidyApplied, source, p, "2026-11-05", fmt.Sprintf(`{"loan":%q,"year":2026}`, loan))
	}
	approve := func(code ledger.Code, officer, loan string) {
		sc.add(code, ledger.TypeSubsidyApproved, officer, p, "2026-11-10", fmt.Sprintf(`{"subsidy":"%s/%s/2026"}`, p, loan))
	}
	fund := func(amount, on string) {
		sc.add(0, ledger.TypeSubsidyFunded, li, p, on, fmt.Sprintf(`{"funder":"city","amount":%q}`, amount))
	}

	sc.add(0, ledger.TypePoolFunded, li, p, "2026-01-02", `{"funder":"province","amount":"20000000.00"}`)
	fund("600000.00", "2026-01-02")
	disburse(icbc, "icbc-dz-S1", "e-big", "40000000.00", "2026-01-10")
	disburse(icbc, "icbc-dz-S2", "e-chip", "3000000.00", "2026-01-10")
	disburse(icbc, "icbc-dz-S3", "e-late", "2000000.00", "2026-01-10")
	disburse(icbc, "icbc-dz-S4", "e-big", "1000000.00", "2026-02-10")
	disburse(boc, "boc-dz-S5", "e-bio", "20000000.00", "2026-01-15")
	disburse(boc, "boc-dz-S6", "e-soft", "1000000.00", "2026-01-15")
	disburse(boc, "boc-dz-S7", "e-new", "1000000.00", "2026-10-20")
	disburse(boc, "boc-dz-S8", "e-def", "2000000.00", "2026-01-15")
	for _, q := range []string{"2026-03-21", "2026-06-21", "2026-09-21"} {
		interest(icbc, "icbc-dz-S1", "325000.00", q) // 1,300,000.00 with December's below
		interest(icbc, "icbc-dz-S3", "19250.00", q)
		interest(boc, "boc-dz-S5", "250000.00", q) // 750,000.00
		interest(boc, "boc-dz-S8", "19250.00", q)
	}
	interest(icbc, "icbc-dz-S1", "325000.00", "2026-10-30")
	interest(icbc, "icbc-dz-S2", "123456.78", "2026-09-30")
	interest(icbc, "icbc-dz-S4", "9625.00", "2026-06-30")
	interest(boc, "boc-dz-S6", "25000.00", "2026-09-30")
	overdue(icbc, "icbc-dz-S3", 1, "2026-07-02") // one day late, then paid
	overdue(icbc, "icbc-dz-S3", 0, "2026-07-03")
	overdue(boc, "boc-dz-S8", 95, "2026-10-05") // past 90 days: defaulted, a claim opens

	apply(0, icbc, "icbc-dz-S1")                         // 40% of 1,300,000.00 is 520,000.00: capped at 500,000.00
	apply(0, icbc, "icbc-dz-S2")                         // 40% of 123,456.78: 49,382.71
	apply(ledger.CodeNotEligible, icbc, "icbc-dz-S3")    // once 1 day past due
	apply(ledger.CodeAlreadyApplied, icbc, "icbc-dz-S4") // e-big applied on S1
	apply(0, boc, "boc-dz-S5")                           // 300,000.00
	apply(0, boc, "boc-dz-S6")                           // 10,000.00
	apply(ledger.CodeNotEligible, boc, "boc-dz-S7")      // no interest paid in 2026
	apply(ledger.CodeNotEligible, boc, "boc-dz-S8")      // defaulted

	approve(0, li, "icbc-dz-S1")                       // at the threshold: awaiting a second officer
	approve(ledger.CodeSameApprover, li, "icbc-dz-S1") // the same officer twice
	approve(0, wang, "icbc-dz-S1")                     // paid 500,000.00; the budget holds 100,000.00
	approve(0, li, "boc-dz-S5")                        // paid 100,000.00, owes 200,000.00
	approve(0, li, "icbc-dz-S2")                       // queued behind S5, owes 49,382.71
	sc.add(0, ledger.TypeSubsidyRejected, wang, p, "2026-11-10", `{"subsidy":"dz-subsidy/boc-dz-S6/2026","reason":"the firm moved out of the city"}`)
	fund("300000.00", "2026-11-20") // S5's 200,000.00, then S2's 49,382.71: 50,617.29 left
	return []byte(SubsidyProgramsJSON), sc.steps
}
