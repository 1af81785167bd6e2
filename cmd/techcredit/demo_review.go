package main

import (
	_ "embed"
	"fmt"
	"strings"
	"time"

	"github.com/techcredit/techcredit/stream/journal"
)

// demoReviewProgram is the demo's 鲁科贷 programme with the interest
// subsidy (贴息, SPEC §11: 40% of the interest paid, at most 500,000.00 a
// year per enterprise, 鲁政办字〔2023〕155号) and the claim dossier review
// (SPEC §12: four documents within 60 days of the default, review and
// decision in 5 + 5 working days, as 锡科贷 does).
//
//go:embed demo/review_program.json
var demoReviewProgram string

// demoCalendar is the State Council's 2026 holiday schedule (国务院办公厅
// 关于2026年部分节假日安排的通知, 2025-11-04): the days off of each
// holiday and the weekend days worked instead (调休). The review deadlines
// of demo-review count working days by it.
//
//go:embed demo/calendar_2026.json
var demoCalendar string

// demoInputs builds demo inputs with fixed ids: a restart submits the same
// bytes, each a duplicate.
type demoInputs struct {
	prefix string
	items  []journal.Item
}

// add appends an input; scope is the envelope's `"program":"…",` or
// `"fund":"…",` member ("" for none), at its RFC 3339 time.
func (d *demoInputs) add(id, typ, source, scope, at, data string) {
	raw := fmt.Sprintf(`{"id":"%s%s","type":%q,"source":%q,%s"at":%q,"data":%s}`, d.prefix, id, typ, source, scope, at, data)
	d.items = append(d.items, journal.Item{Raw: []byte(raw), Origin: &journal.Origin{Topic: "demo"}})
}

// demoDossier is a claim dossier of the demo's documents, each with a
// made-up SHA-256.
func demoDossier(kinds ...string) string {
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf(`{"kind":%q,"sha256":"%064x"}`, k, 0xd0c0+i)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// demoReviewItems fund demo-review's pool (5,000,000.00) and subsidy
// budget (1,000,000.00); bank:icbc-jn lends four loans. icbc-jn-S1 paid
// 103,500.00 of interest and applied for its subsidy (41,400.00, pending
// for finance); icbc-jn-S2 paid 95,000.00 and waits for the bank to apply
// (38,000.00). icbc-jn-C1 defaulted on 2026-09-15 and its dossier was
// submitted on 2026-09-29 (review_by 2026-10-12, the National Day week
// not counted: the admin's overdue list shows it); icbc-jn-C2 defaulted
// on 2026-10-09 and awaits its documents (submit_by 2026-12-08).
func demoReviewItems() []journal.Item {
	d := &demoInputs{prefix: "demo-review-"}
	at := demoUntil.Format(time.RFC3339)
	const scope, bank = `"program":"demo-review",`, "bank:icbc-jn"
	d.add("pool", "pool.funded", "finance:li", scope, at, `{"funder":"province","amount":"5000000.00"}`)
	d.add("budget", "subsidy.funded", "finance:li", scope, at, `{"funder":"city","amount":"1000000.00"}`)
	loan := func(id, borrower, name, sector, principal, rate string, term int, on string) {
		d.add("d-"+id, "loan.disbursed", bank, scope, at, fmt.Sprintf(`{"loan":%q,"borrower":{"id":%q,"name":%q,"sector":%q,"size":"small"},`+
			`"principal":%q,"annual_rate":%q,"term_months":%d,"disbursed_on":%q}`, id, borrower, name, sector, principal, rate, term, on))
	}
	loan("icbc-jn-S1", "e-jn-quantum", "济南量子通信", "quantum", "6000000.00", "0.0345", 36, "2026-01-15")
	loan("icbc-jn-S2", "e-jn-ai", "泉城智能", "ai", "5000000.00", "0.0380", 24, "2026-01-20")
	loan("icbc-jn-C1", "e-jn-laser", "齐鲁激光", "new-materials", "1000000.00", "0.0400", 12, "2026-03-02")
	loan("icbc-jn-C2", "e-jn-drone", "泉城无人机", "robotics", "800000.00", "0.0420", 12, "2026-03-16")
	d.add("r-icbc-jn-S1", "loan.repaid", bank, scope, at, `{"loan":"icbc-jn-S1","principal":"0","interest":"103500.00","paid_on":"2026-06-30"}`)
	d.add("r-icbc-jn-S2", "loan.repaid", bank, scope, at, `{"loan":"icbc-jn-S2","principal":"0","interest":"95000.00","paid_on":"2026-06-30"}`)
	d.add("s-icbc-jn-S1", "subsidy.applied", bank, scope, at, `{"loan":"icbc-jn-S1","year":2026}`)
	d.add("df-icbc-jn-C1", "loan.defaulted", bank, scope, "2026-09-15T10:00:00+08:00", `{"loan":"icbc-jn-C1","as_of":"2026-09-15"}`)
	d.add("sub-icbc-jn-C1", "claim.submitted", bank, scope, "2026-09-29T10:00:00+08:00",
		`{"claim":"demo-review/icbc-jn-C1","submitted_on":"2026-09-29","documents":`+
			demoDossier("application", "contract", "vouchers", "court_acceptance")+`}`)
	d.add("df-icbc-jn-C2", "loan.defaulted", bank, scope, "2026-10-09T10:00:00+08:00", `{"loan":"icbc-jn-C2","as_of":"2026-10-09"}`)
	return d.items
}
