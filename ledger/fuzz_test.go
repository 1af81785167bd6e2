package ledger

import (
	"bytes"
	"testing"
)

// FuzzDecodeInput feeds arbitrary bytes to Engine.Apply on an engine that
// already holds loans, claims in every state, a guarantor and a project, so
// that fuzzed inputs reach the handlers. Apply must never panic nor return
// an error: every input is applied, a duplicate or rejected with a code,
// and the state stays consistent. Sent again, an input is a duplicate
// reporting the same code, or, when it was never remembered, rejected the
// same way.
func FuzzDecodeInput(f *testing.F) {
	for _, raw := range rejectSetup {
		f.Add(raw)
	}
	for _, tc := range rejectCases() {
		if len(tc.raw) < 4096 {
			f.Add(tc.raw)
		}
	}
	for _, tc := range filingRejectCases() { // against the reject engine: mostly unknown loans
		f.Add(tc.raw)
	}
	for _, s := range []string{
		`{"id":"z-1","type":"pool.funded","source":"finance:li","program":"pool","at":"2026-03-01T09:00:00+08:00","data":{"funder":"city","amount":"100.00"}}`,
		`{"id":"z-2","type":"claim.approved","source":"finance:bob","program":"pool","at":"2026-03-01T09:00:00+08:00","data":{"claim":"pool/b1-L5"}}`,
		`{"id":"z-3","type":"loan.recovered","source":"bank:b1","program":"pool","at":"2026-03-01T09:00:00+08:00","data":{"loan":"b1-L2","amount":"400000.00","costs":"1.00","recovered_on":"2026-03-01"}}`,
		`{"id":"z-4","type":"loan.repaid","source":"bank:b1","program":"pool","at":"2026-03-01T09:00:00Z","data":{"loan":"b1-L1","principal":"5000000.00","interest":"0","paid_on":"2026-03-01"}}`,
		`{"id":"z-5","type":"project.updated","source":"admin:adm","at":"2026-03-01T09:00:00+08:00","data":{"project":"P1","status":"funded"}}`,
		`{"id":"z-6","type":"loan.disbursed","source":"bank:b3","program":"gp","at":"2026-03-01T09:00:00+08:00","data":{"loan":"b3-G2","borrower":{"id":"e1","name":"n","sector":"s","size":"micro"},"principal":"1.00","annual_rate":"0","term_months":1,"disbursed_on":"2026-03-01","guarantor":"guarantor:g1"}}`,
		`{"id":"z-7","type":"loan.overdue","source":"bank:b1","program":"pool","at":"2026-03-01T09:00:00+08:00","data":{"loan":"b1-L1","days_past_due":90,"as_of":"2026-03-01"}}`,
		`{"id":"\u0000","source":"bank:b1"}`,
		`{"data":{"loan":{"id":1}},"id":"z-8","type":"loan.closed","source":"bank:b1","program":"pool","at":"2026-03-01T09:00:00+08:00"}`,
		"{\"id\":\"z-9\",\"type\":\"claim.rejected\",\"source\":\"finance:li\",\"program\":\"pool\",\"at\":\"2026-03-01T09:00:00+08:00\",\"data\":{\"claim\":\"pool/L2\",\"reason\":\"\xff\"}}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		e := newRejectEngine(t)
		before := coreState(t, e)
		out, err := e.Apply(raw, Meta{})
		if err != nil {
			t.Fatalf("Apply(%q): got error %v, want an outcome", raw, err)
		}
		switch out.Status {
		case StatusApplied:
			if out.Code != CodeNone {
				t.Fatalf("applied with code %s", out.Code)
			}
		case StatusDuplicate:
		case StatusRejected:
			if out.Code == CodeNone || out.Code == CodeWrongPartition || out.Code.String() == "" || out.Message == "" {
				t.Fatalf("rejected with code %q message %q", out.Code, out.Message)
			}
		default:
			t.Fatalf("status %d", out.Status)
		}
		if _, err := checkEngineInvariants(e); err != nil {
			t.Fatalf("after %q: %v", raw, err)
		}
		after := coreState(t, e)
		if out.Status != StatusApplied && !bytes.Equal(before, after) {
			t.Fatalf("a %s input changed the state:\n%s", out.Status, lineDiff(before, after))
		}
		again, err := e.Apply(raw, Meta{})
		if err != nil {
			t.Fatalf("Apply again: %v", err)
		}
		if out.Status == StatusRejected && (out.Source == "" || out.Code == CodeIDConflict) {
			if again.Status != StatusRejected || again.Code != out.Code {
				t.Fatalf("again: got %s %s, want rejected %s", again.Status, again.Code, out.Code)
			}
		} else if again.Status != StatusDuplicate || again.Code != out.Code {
			t.Fatalf("again: got %s %q, want duplicate %q", again.Status, again.Code, out.Code)
		}
		if !bytes.Equal(after, coreState(t, e)) {
			t.Fatalf("sending the input again changed the state")
		}
		if _, err := checkEngineInvariants(e); err != nil {
			t.Fatalf("after sending %q again: %v", raw, err)
		}
	})
}
