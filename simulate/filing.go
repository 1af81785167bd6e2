package simulate

import (
	_ "embed"
	"fmt"

	"github.com/techcredit/techcredit/ledger"
)

// FilingProgramsJSON is the programs file of the filing scenario (SPEC
// §10): a 鲁科贷 pool whose loans are covered only once filed with the
// science bureau within three months, with four documents, up to
// 10,000,000.00 per borrower, for registered tech SMEs.
//
//go:embed programs/filing.json
var FilingProgramsJSON string

// Step is one input of a fixed scenario with the outcome the engine
// gives it: Code is 0 when it is applied.
type Step struct {
	Line []byte
	Code ledger.Code
}

// FilingStep is a step of the filing scenario.
type FilingStep = Step

// script builds a fixed scenario: inputs numbered under one id prefix, at
// 09:00 China time of their day.
type script struct {
	prefix string
	steps  []Step
}

func (s *script) add(code ledger.Code, typ, source, program, day, data string) {
	prog := ""
	if program != "" {
		prog = `"program":"` + program + `",`
	}
	line := fmt.Sprintf(`{"id":"%s-%03d","type":%q,"source":%q,%s"at":"%sT09:00:00+08:00","data":%s}`,
		s.prefix, len(s.steps)+1, typ, source, prog, day, data)
	s.steps = append(s.steps, Step{Line: []byte(line), Code: code})
}

// FilingScenario is a fixed stream for FilingProgramsJSON: enterprises
// registered, loans filed on time, late and with a document missing, a
// borrower over the cap, an unqualified borrower, approvals, a rejection,
// a revocation, and a default of a loan filed in part. Its amounts are
// asserted in filing_test.go.
func FilingScenario() (programsJSON []byte, steps []FilingStep) {
	const p = "dz-filing"
	sc := &script{prefix: "fs"}
	add := sc.add
	const admin, icbc, boc, fin = "admin:kjt-zhou", "bank:icbc-dz", "bank:boc-dz", "finance:li"
	register := func(id, size string, year int) {
		add(0, ledger.TypeEnterpriseRegistered, admin, "", "2025-01-03", fmt.Sprintf(
			`{"enterprise":%q,"name":"Firm %s","sector":"ic","size":%q,"park":"dz-hitech","tech_sme_number":"%d371400A%s","tech_sme_year":%d}`,
			id, id, size, year, id, year))
	}
	disburse := func(source, loan, borrower, principal string) {
		add(0, ledger.TypeLoanDisbursed, source, p, "2025-01-10", fmt.Sprintf(
			`{"loan":%q,"borrower":{"id":%q,"name":"Firm %s","sector":"ic","size":"small"},"principal":%q,"annual_rate":"0.0385","term_months":36,"disbursed_on":"2025-01-10"}`,
			loan, borrower, borrower, principal))
	}
	docs := func(kinds ...string) string {
		out := "["
		for i, k := range kinds {
			if i > 0 {
				out += ","
			}
			out += fmt.Sprintf(`{"kind":%q,"sha256":"%064x"}`, k, i+1)
		}
		return out + "]"
	}
	all := docs("consent_letter", "filing_form", "contract", "loan_receipt")
	file := func(code ledger.Code, source, loan, filedOn, documents string) {
		add(code, ledger.TypeLoanFiled, source, p, filedOn, fmt.Sprintf(`{"loan":%q,"filed_on":%q,"documents":%s}`, loan, filedOn, documents))
	}
	decide := func(code ledger.Code, typ, loan, reason string) {
		data := fmt.Sprintf(`{"loan":%q}`, loan)
		if reason != "" {
			data = fmt.Sprintf(`{"loan":%q,"reason":%q}`, loan, reason)
		}
		add(code, typ, admin, p, "2025-05-06", data)
	}

	add(0, ledger.TypePoolFunded, fin, p, "2025-01-02", `{"funder":"province","amount":"20000000.00"}`)
	register("e-chip", "small", 2024)
	register("e-bio", "micro", 2025)
	register("e-big", "medium", 2025)
	register("e-old", "small", 2022)
	disburse(icbc, "icbc-dz-L1", "e-chip", "8000000.00")
	disburse(icbc, "icbc-dz-L2", "e-bio", "3000000.00")
	disburse(icbc, "icbc-dz-L3", "e-big", "12000000.00")
	disburse(icbc, "icbc-dz-L4", "e-big", "4000000.00")
	disburse(icbc, "icbc-dz-L5", "e-old", "2000000.00")
	disburse(icbc, "icbc-dz-L6", "e-bio", "1000000.00")
	disburse(boc, "boc-dz-L8", "e-chip", "5000000.00")
	file(0, icbc, "icbc-dz-L1", "2025-02-01", all)                                                                         // on time
	file(ledger.CodeMissingDocuments, icbc, "icbc-dz-L2", "2025-02-01", docs("consent_letter", "filing_form", "contract")) // no loan receipt
	file(0, icbc, "icbc-dz-L2", "2025-02-03", all)                                                                         // complete
	file(0, icbc, "icbc-dz-L3", "2025-03-01", all)
	file(0, icbc, "icbc-dz-L4", "2025-03-01", all)
	file(0, icbc, "icbc-dz-L5", "2025-03-01", all)
	file(ledger.CodeFilingLate, icbc, "icbc-dz-L6", "2025-04-11", all) // window ended 2025-04-10
	file(0, boc, "boc-dz-L8", "2025-04-10", all)                       // the window's last day
	decide(0, ledger.TypeFilingApproved, "icbc-dz-L1", "")             // F 8,000,000.00
	decide(0, ledger.TypeFilingApproved, "icbc-dz-L2", "")             // F 3,000,000.00
	decide(0, ledger.TypeFilingApproved, "icbc-dz-L3", "")             // over the cap: F 10,000,000.00 of 12,000,000.00
	decide(0, ledger.TypeFilingApproved, "icbc-dz-L4", "")             // the cap used up: F 0, filing_cap
	decide(ledger.CodeNotQualified, ledger.TypeFilingApproved, "icbc-dz-L5", "")
	decide(0, ledger.TypeFilingRejected, "icbc-dz-L5", "no tech-SME registration for 2024 or 2025")
	decide(0, ledger.TypeFilingApproved, "boc-dz-L8", "")                                 // e-chip's cap less L1: F 2,000,000.00
	decide(0, ledger.TypeFilingRevoked, "icbc-dz-L2", "the consent letter was withdrawn") // uncovered, filing_revoked
	file(ledger.CodeAlreadyFiled, icbc, "icbc-dz-L2", "2025-05-07", all)                  // a revoked loan is not filed again
	add(0, ledger.TypeLoanRepaid, icbc, p, "2025-07-10", `{"loan":"icbc-dz-L3","principal":"6000000.00","interest":"231000.00","paid_on":"2025-07-10"}`)
	add(0, ledger.TypeLoanDefaulted, icbc, p, "2025-10-10", `{"loan":"icbc-dz-L3","as_of":"2025-10-10","outstanding_principal":"6000000.00"}`)
	add(0, ledger.TypeClaimApproved, fin, p, "2025-10-20", `{"claim":"dz-filing/icbc-dz-L3"}`)
	return []byte(FilingProgramsJSON), sc.steps
}
