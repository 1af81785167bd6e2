package simulate

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"

	"github.com/techcredit/techcredit/ledger"
)

// ReviewProgramsJSON is the programs file of the claim-review scenario
// (SPEC §12): a pool whose claims need a dossier of two documents within
// 60 days of the default, reviewed by the bureau within 5 working days and
// decided by finance within 5 more, under the 2026 National Day calendar
// (1–7 October off, Saturday 10 October worked).
//
//go:embed programs/review.json
var ReviewProgramsJSON string

// ReviewScenario is a fixed stream for ReviewProgramsJSON: a dossier
// submitted, recommended and paid (the dates: default Friday
// 2026-09-25, submitted 2026-09-30, review by 2026-10-13); one refused
// for a missing document, returned with a reason and resubmitted; one
// submitted after submit_by (submission_late) and rejected by finance
// while it awaits documents; one never submitted, on which the bureau's
// review (not_submitted) and finance's approval (not_reviewed) are
// refused; and a second submission of a submitted claim
// (not_awaiting_documents). Its dates and amounts are asserted in
// review_test.go.
func ReviewScenario() (programsJSON []byte, steps []Step) {
	const p = "dz-review"
	const bank, admin, li = "bank:icbc-dz", "admin:kjt-zhou", "finance:li"
	sc := &script{prefix: "rs"}
	both := `[{"kind":"application","sha256":"` + sha256Of("application") + `"},{"kind":"court_acceptance","sha256":"` + sha256Of("court") + `"}]`
	oneDoc := `[{"kind":"application","sha256":"` + sha256Of("application") + `"}]`
	disburse := func(loan, principal string) {
		sc.add(0, ledger.TypeLoanDisbursed, bank, p, "2026-03-02", fmt.Sprintf(
			`{"loan":%q,"borrower":{"id":"e-%s","name":"Firm %s","sector":"ic","size":"small"},"principal":%q,"annual_rate":"0.0385","term_months":36,"disbursed_on":"2026-03-02"}`,
			loan, loan, loan, principal))
	}
	def := func(loan, on string) {
		sc.add(0, ledger.TypeLoanDefaulted, bank, p, on, fmt.Sprintf(`{"loan":%q,"as_of":%q}`, loan, on))
	}
	submit := func(code ledger.Code, loan, on, documents string) {
		sc.add(code, ledger.TypeClaimSubmitted, bank, p, on, fmt.Sprintf(`{"claim":"%s/%s","submitted_on":%q,"documents":%s}`, p, loan, on, documents))
	}
	review := func(code ledger.Code, loan, on, decision, reason string) {
		data := fmt.Sprintf(`{"claim":"%s/%s","reviewed_on":%q,"decision":%q}`, p, loan, on, decision)
		if reason != "" {
			data = fmt.Sprintf(`{"claim":"%s/%s","reviewed_on":%q,"decision":%q,"reason":%q}`, p, loan, on, decision, reason)
		}
		sc.add(code, ledger.TypeClaimReviewed, admin, p, on, data)
	}
	claim := func(loan string) string { return fmt.Sprintf(`{"claim":"%s/%s"}`, p, loan) }

	sc.add(0, ledger.TypePoolFunded, li, p, "2026-03-01", `{"funder":"province","amount":"10000000.00"}`)
	disburse("icbc-dz-R1", "1000000.00")
	disburse("icbc-dz-R2", "2000000.00")
	disburse("icbc-dz-R3", "500000.00")
	disburse("icbc-dz-R4", "800000.00")
	def("icbc-dz-R3", "2026-08-01") // submit_by 2026-09-30
	def("icbc-dz-R1", "2026-09-25") // submit_by 2026-11-24
	def("icbc-dz-R2", "2026-09-25")
	submit(0, "icbc-dz-R1", "2026-09-30", both)                               // review_by 2026-10-13
	submit(ledger.CodeNotAwaitingDocuments, "icbc-dz-R1", "2026-10-02", both) // submitted already
	submit(ledger.CodeSubmissionLate, "icbc-dz-R3", "2026-10-05", both)       // after 2026-09-30
	sc.add(0, ledger.TypeClaimRejected, li, p, "2026-10-08", `{"claim":"dz-review/icbc-dz-R3","reason":"dossier not filed within 60 days"}`)
	submit(ledger.CodeMissingDocuments, "icbc-dz-R2", "2026-10-08", oneDoc)
	submit(0, "icbc-dz-R2", "2026-10-09", both) // review_by 2026-10-15 (Saturday 10 October counts)
	review(0, "icbc-dz-R2", "2026-10-12", "return", "the court's acceptance notice is not stamped")
	review(0, "icbc-dz-R1", "2026-10-13", "recommend", "")                        // decide_by 2026-10-20
	submit(0, "icbc-dz-R2", "2026-10-14", both)                                   // review_by restarts: 2026-10-21
	review(0, "icbc-dz-R2", "2026-10-16", "recommend", "")                        // decide_by 2026-10-23
	sc.add(0, ledger.TypeClaimApproved, li, p, "2026-10-19", claim("icbc-dz-R1")) // pays 700,000.00
	def("icbc-dz-R4", "2026-10-20")                                               // submit_by 2026-12-19
	review(ledger.CodeNotSubmitted, "icbc-dz-R4", "2026-10-21", "recommend", "")
	sc.add(ledger.CodeNotReviewed, ledger.TypeClaimApproved, li, p, "2026-10-21", claim("icbc-dz-R4"))
	return []byte(ReviewProgramsJSON), sc.steps
}

// sha256Of is the digest of a named stand-in file: a dossier refers to its
// documents by digest only (SPEC §12).
func sha256Of(name string) string {
	sum := sha256.Sum256([]byte("techcredit simulated document: " + name))
	return hex.EncodeToString(sum[:])
}
