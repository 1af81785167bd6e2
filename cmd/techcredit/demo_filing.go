package main

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/techcredit/techcredit/simulate"
	"github.com/techcredit/techcredit/stream/journal"
)

// demoFilingProgram is the demo's programme with loan filing (备案, SPEC
// §10): a 鲁科贷-style pool whose loans are covered once the science
// bureau accepts their filing, up to 10,000,000.00 per borrower, for
// registered tech SMEs. It has no filing window: the demo's loans are
// dated at its cut-off (demoUntil) while the console files them by
// today's date, which a three-month window would refuse as filing_late.
//
//go:embed demo/filing_program.json
var demoFilingProgram string

// demoProgramsJSON is the simulated world's programmes, the filing one and
// the subsidy and review one, with the 2026 holiday calendar. The demo's
// own documents are JSON files in demo/, embedded in the binary.
func demoProgramsJSON() ([]byte, error) {
	var file map[string]json.RawMessage
	if err := json.Unmarshal([]byte(simulate.ProgramsJSON), &file); err != nil {
		return nil, err
	}
	var programs []json.RawMessage
	if err := json.Unmarshal(file["programs"], &programs); err != nil {
		return nil, err
	}
	programs = append(programs, json.RawMessage(demoFilingProgram), json.RawMessage(demoReviewProgram))
	raw, err := json.Marshal(programs)
	if err != nil {
		return nil, err
	}
	file["programs"] = raw
	file["calendar"] = json.RawMessage(demoCalendar)
	return json.Marshal(file)
}

// demoFilingItems register three enterprises (one qualified for 2026, one
// only for 2025, so on the year-end list of 2027, one without a
// registration number), fund the pool, and have bank:icbc-jn lend to each;
// one loan is filed already, so the bureau's queue holds it, and the
// others wait for the bank to file them from the console.
func demoFilingItems() []journal.Item {
	d := &demoInputs{prefix: "demo-filing-"}
	at := demoUntil.Format(time.RFC3339)
	day := demoUntil.Format("2006-01-02")
	const scope, admin, bank = `"program":"demo-filing",`, "admin:kjt-zhou", "bank:icbc-jn"
	d.add("e1", "enterprise.registered", admin, "", at, `{"enterprise":"e-jn-quantum","name":"济南量子通信","sector":"quantum","size":"small",`+
		`"park":"jn-hitech","tech_sme_number":"2026370100A0101","tech_sme_year":2026,"staff":85,"revenue":"46000000.00"}`)
	d.add("e2", "enterprise.registered", admin, "", at, `{"enterprise":"e-jn-ai","name":"泉城智能","sector":"ai","size":"small",`+
		`"park":"jn-hitech","tech_sme_number":"2025370100A0207","tech_sme_year":2025,"staff":60}`)
	d.add("e3", "enterprise.registered", admin, "", at, `{"enterprise":"e-jn-bio","name":"齐鲁细胞","sector":"biotech","size":"micro","staff":12}`)
	d.add("fund", "pool.funded", "finance:li", scope, at, `{"funder":"province","amount":"5000000.00"}`)
	loan := func(id, borrower, name, sector, principal string) {
		d.add("d-"+id, "loan.disbursed", bank, scope, at, fmt.Sprintf(`{"loan":%q,"borrower":{"id":%q,"name":%q,"sector":%q,"size":"small"},`+
			`"principal":%q,"annual_rate":"0.0345","term_months":24,"disbursed_on":%q}`, id, borrower, name, sector, principal, day))
	}
	loan("icbc-jn-F1", "e-jn-quantum", "济南量子通信", "quantum", "3000000.00")
	loan("icbc-jn-F2", "e-jn-ai", "泉城智能", "ai", "12000000.00")
	loan("icbc-jn-F3", "e-jn-bio", "齐鲁细胞", "biotech", "800000.00")
	docs := `[{"kind":"consent_letter","sha256":"` + fmt.Sprintf("%064x", 1) + `"},{"kind":"filing_form","sha256":"` + fmt.Sprintf("%064x", 2) +
		`"},{"kind":"contract","sha256":"` + fmt.Sprintf("%064x", 3) + `"},{"kind":"loan_receipt","sha256":"` + fmt.Sprintf("%064x", 4) + `"}]`
	d.add("f-icbc-jn-F2", "loan.filed", bank, scope, at, fmt.Sprintf(`{"loan":"icbc-jn-F2","filed_on":%q,"documents":%s}`, day, docs))
	return d.items
}
