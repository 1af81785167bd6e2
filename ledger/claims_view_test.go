package ledger

import (
	"fmt"
	"testing"

	"strings"

	"github.com/techcredit/techcredit/risk"
)

// TestClaimViewNeedsTwoApprovals: the claim document says whether two
// approvals are needed, decided at the first approval and foretold from the
// current payable before it, so that the console never applies the
// threshold itself.
func TestClaimViewNeedsTwoApprovals(t *testing.T) {
	cfg, err := risk.ParsePrograms(strings.NewReader(`{"programs":[
		{"id":"dual","name":"d","kind":"compensation_pool","currency":"CNY","dual_approval_threshold":"2000000.00",
		 "shares":[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.35"}]},
		{"id":"single","name":"s","kind":"compensation_pool","currency":"CNY",
		 "shares":[{"party":"province","ratio":"0.70"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(cfg)
	n := 0
	apply := func(source, program, typ, data string) {
		t.Helper()
		n++
		line := fmt.Sprintf(`{"id":"in-%d","type":%q,"source":%q,"program":%q,"at":"2027-01-%02dT09:00:00+08:00","data":%s}`,
			n, typ, source, program, n, data)
		res, err := e.Apply([]byte(line), Meta{})
		if err != nil || res.Status != StatusApplied {
			t.Fatalf("%s: got %v %s %s, %v; want applied", line, res.Status, res.Code, res.Message, err)
		}
	}
	// Payables: 0.70 × outstanding. L-big 2,800,000 and L-edge 2,000,000
	// reach the threshold, L-small 700,000 does not; "single" has none.
	loans := []struct{ program, loan, outstanding string }{
		{"dual", "b1-Lbig", "4000000.00"}, {"dual", "b1-Ledge", "2857142.86"}, {"dual", "b1-Lsmall", "1000000.00"},
		{"dual", "b1-Lrejected", "4000000.00"}, {"single", "b1-Lother", "4000000.00"},
	}
	for _, l := range loans {
		apply("bank:b1", l.program, TypeLoanDisbursed, fmt.Sprintf(`{"loan":%q,"borrower":{"id":"e-%s","name":"E","sector":"software","size":"small"},`+
			`"principal":%q,"annual_rate":"0.04","term_months":36,"disbursed_on":"2026-01-05","currency":"CNY"}`, l.loan, l.loan, l.outstanding))
		apply("bank:b1", l.program, TypeLoanDefaulted, fmt.Sprintf(`{"loan":%q,"as_of":"2027-01-01","outstanding_principal":%q,"unpaid_interest":"0"}`,
			l.loan, l.outstanding))
	}
	view := func(program, loan string) ClaimView {
		t.Helper()
		c := e.claims[program+"/"+loan]
		if c == nil {
			t.Fatalf("no claim %s/%s", program, loan)
		}
		return ClaimViewOf(c)
	}
	check := func(when, program, loan, status string, want bool) {
		t.Helper()
		v := view(program, loan)
		if v.Status != status || v.NeedsTwoApprovals != want {
			t.Errorf("%s: claim %s (payable %s): got %s, needs two %v; want %s, %v", when, v.ID, v.Payable, v.Status, v.NeedsTwoApprovals, status, want)
		}
	}
	check("pending", "dual", "b1-Lbig", "pending", true)
	check("pending at the threshold", "dual", "b1-Ledge", "pending", true)
	check("pending below the threshold", "dual", "b1-Lsmall", "pending", false)
	check("pending without a threshold", "single", "b1-Lother", "pending", false)

	apply("finance:li", "dual", TypeClaimApproved, `{"claim":"dual/b1-Lbig"}`)
	apply("finance:li", "dual", TypeClaimApproved, `{"claim":"dual/b1-Lsmall"}`)
	apply("finance:li", "dual", TypeClaimRejected, `{"claim":"dual/b1-Lrejected","reason":"documents incomplete"}`)
	check("after one approval", "dual", "b1-Lbig", "awaiting_second_approval", true)
	check("approved once, below the threshold", "dual", "b1-Lsmall", "queued", false)
	check("rejected before any approval", "dual", "b1-Lrejected", "rejected", false)
	apply("finance:wang", "dual", TypeClaimApproved, `{"claim":"dual/b1-Lbig"}`)
	check("after the second approval", "dual", "b1-Lbig", "queued", true)
}
