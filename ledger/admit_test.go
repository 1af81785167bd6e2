package ledger

import (
	"bytes"
	"testing"
)

// TestMetaAdmit: the transport's check sees the decoded program and the
// effective source; its reject is the outcome, changes nothing, is marked
// as the transport's, and does not remember the id, as Engine.Reject.
func TestMetaAdmit(t *testing.T) {
	e := newRejectEngine(t)
	raw := inputLine("ad-1", TypePoolFunded, "finance:li", "pool", rcAt, fundedData("city", "1000.00"))
	var gotProgram, gotSource string
	refuse := func(program, source string) *Reject {
		gotProgram, gotSource = program, source
		return &Reject{Code: CodeWrongPartition, Message: "program pool belongs on partition 2"}
	}
	before := coreState(t, e)
	in0, ap0, du0, rj0 := e.Counts()
	out, err := e.Apply(raw, Meta{Source: "finance:wang", Admit: refuse})
	if err != nil || out.Status != StatusRejected || out.Code != CodeWrongPartition || !out.Admission ||
		out.ID != "ad-1" || out.Source != "finance:wang" || out.Message != "program pool belongs on partition 2" {
		t.Fatalf("Apply refused by Admit: got %+v (%v), want rejected wrong_partition by admission from finance:wang", out, err)
	}
	if gotProgram != "pool" || gotSource != "finance:wang" {
		t.Errorf("Admit saw program %q source %q, want pool finance:wang", gotProgram, gotSource)
	}
	if after := coreState(t, e); !bytes.Equal(before, after) {
		t.Errorf("a refused input changed the state:\n%s", lineDiff(before, after))
	}
	if in1, ap1, du1, rj1 := e.Counts(); in1 != in0+1 || ap1 != ap0 || du1 != du0 || rj1 != rj0+1 {
		t.Errorf("counts: got %d %d %d %d, want %d %d %d %d", in1, ap1, du1, rj1, in0+1, ap0, du0, rj0+1)
	}
	// Replay gives the same verdict without the transport.
	replay := newRejectEngine(t)
	if r := replay.Reject(raw, Meta{Source: "finance:wang"}, out.Code, out.Message); r.Status != out.Status || r.Code != out.Code || r.ID != out.ID {
		t.Errorf("Reject on replay: got %s %s %s, want %s %s %s", r.Status, r.Code, r.ID, out.Status, out.Code, out.ID)
	}
	admit := func(string, string) *Reject { return nil }
	if out, _ := e.Apply(raw, Meta{Source: "finance:wang", Admit: admit}); out.Status != StatusApplied || out.Admission {
		t.Errorf("Apply admitted after a refusal: got %s %s admission %v, want applied", out.Status, out.Code, out.Admission)
	}
	// Input the engine cannot read never reaches the check.
	called := false
	out, _ = e.Apply([]byte("not json"), Meta{Admit: func(string, string) *Reject { called = true; return nil }})
	if called || out.Code != CodeBadJSON || out.Admission {
		t.Errorf("garbage: Admit called %v, got %s admission %v, want bad_json without the check", called, out.Code, out.Admission)
	}
}
