package simulate_test

import (
	"bytes"
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/simulate"
)

// TestReviewScenario replays the claim-review scenario: each input's
// outcome as the scenario says, then every claim's status, deadlines and
// amounts, to the day and the cent; the same steps give byte-identical
// state documents.
func TestReviewScenario(t *testing.T) {
	st := scenarioState(t, simulate.ReviewScenario)
	str := func(p *string) string {
		if p == nil {
			return "null"
		}
		return *p
	}
	got := map[string]string{}
	for _, c := range st.Claims {
		if c.ClaimReviewDoc == nil {
			t.Fatalf("%s: no review members", c.ID)
		}
		got[c.ID] = c.Status + " " + c.Payable + " " + c.Paid + " submit_by " + c.SubmitBy + " submitted " + str(c.SubmittedOn) +
			" review_by " + str(c.ReviewBy) + " reviewed " + str(c.ReviewedOn) + " decide_by " + str(c.DecideBy)
	}
	for id, want := range map[string]string{
		"dz-review/icbc-dz-R1": "paid 700000.00 700000.00 submit_by 2026-11-24 submitted 2026-09-30 review_by 2026-10-13 reviewed 2026-10-13 decide_by 2026-10-20",
		"dz-review/icbc-dz-R2": "pending 1400000.00 0.00 submit_by 2026-11-24 submitted 2026-10-14 review_by 2026-10-21 reviewed 2026-10-16 decide_by 2026-10-23",
		"dz-review/icbc-dz-R3": "rejected 350000.00 0.00 submit_by 2026-09-30 submitted null review_by null reviewed null decide_by null",
		"dz-review/icbc-dz-R4": "awaiting_documents 560000.00 0.00 submit_by 2026-12-19 submitted null review_by null reviewed null decide_by null",
	} {
		if got[id] != want {
			t.Errorf("%s:\n got %s\nwant %s", id, got[id], want)
		}
	}
	if len(got) != 4 {
		t.Errorf("got %d claims, want 4", len(got))
	}
	if p := st.Programs[0]; p.PoolBalance != "9300000.00" {
		t.Errorf("pool balance: got %s, want 9300000.00", p.PoolBalance)
	}
	if len(st.Rejected) != 5 {
		t.Errorf("rejected: got %d, want 5", len(st.Rejected))
	}
	a, _ := ledger.MarshalState(st)
	b, _ := ledger.MarshalState(scenarioState(t, simulate.ReviewScenario))
	if !bytes.Equal(a, b) {
		t.Error("two replays of the scenario differ")
	}
}
