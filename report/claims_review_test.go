package report

import "testing"

// reviewPrograms reviews claim dossiers (SPEC §12) under the 2026
// National Day calendar: 1–7 October off, Saturday 10 October worked.
const reviewPrograms = `{"programs":[{"id":"cr","name":"r","kind":"compensation_pool","currency":"CNY",
 "shares":[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.35"}],
 "claim_review":{"documents":["application"],"submit_within_days":60,"review_working_days":5,"decide_working_days":5}}],
 "calendar":{"holidays":["2026-10-01","2026-10-02","2026-10-03","2026-10-04","2026-10-05","2026-10-06","2026-10-07"],"workdays":["2026-10-10"]}}`

const appDoc = `[{"kind":"application","sha256":"00000000000000000000000000000000000000000000000000000000000000aa"}]`

var reviewInputs = []string{
	`{"id":"f1","type":"pool.funded","source":"finance:li","program":"cr","at":"2026-09-01T09:00:00+08:00","data":{"funder":"province","amount":"10000000.00"}}`,
	`{"id":"d1","type":"loan.disbursed","source":"bank:b1","program":"cr","at":"2026-09-02T09:00:00+08:00","data":{"loan":"b1-A","borrower":{"id":"e1","name":"芯片公司","sector":"ic","size":"small"},"principal":"1000000.00","annual_rate":"0.0400","term_months":12,"disbursed_on":"2026-09-02"}}`,
	`{"id":"df","type":"loan.defaulted","source":"bank:b1","program":"cr","at":"2026-09-25T10:00:00+08:00","data":{"loan":"b1-A","as_of":"2026-09-25"}}`,
	`{"id":"s1","type":"claim.submitted","source":"bank:b1","program":"cr","at":"2026-09-30T10:00:00+08:00","data":{"claim":"cr/b1-A","submitted_on":"2026-09-30","documents":` + appDoc + `}}`,
	`{"id":"rv","type":"claim.reviewed","source":"admin:zhou","program":"cr","at":"2026-10-13T10:00:00+08:00","data":{"claim":"cr/b1-A","reviewed_on":"2026-10-13","decision":"recommend"}}`,
	`{"id":"ap","type":"claim.approved","source":"finance:li","program":"cr","at":"2026-10-15T10:00:00+08:00","data":{"claim":"cr/b1-A"}}`,
}

// TestClaimsReportReviewSteps: the claims report carries the dossier's
// dates as of `to` — before the review only the submission and its
// deadline, after it the reviewer, the decision and decide_by.
func TestClaimsReportReviewSteps(t *testing.T) {
	lines := make([][]byte, len(reviewInputs))
	for i, s := range reviewInputs {
		lines[i] = []byte(s)
	}
	book := func(to string) *Book { return foldLines(t, reviewPrograms, lines, to, true) }
	wantReport(t, book("2026-10-01"), Query{Kind: KindClaims, To: "2026-10-01"},
		"cr/b1-A|cr|b1-A|b1|submitted|2026-09-25|2026-09-25|2026-11-24|2026-09-30|2026-10-13|||||||||||1000000.00|700000.00|0.00|0.00|0.00")
	wantReport(t, book(""), Query{Kind: KindClaims},
		"cr/b1-A|cr|b1-A|b1|paid|2026-09-25|2026-09-25|2026-11-24|2026-09-30|2026-10-13|2026-10-13|admin:zhou|recommend|2026-10-20|2026-10-15|finance:li||||2026-10-15|1000000.00|700000.00|700000.00|0.00|0.00")
}
