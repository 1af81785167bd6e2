package ledger

import "testing"

// TestAmountAsObjectIsBadAmount: an amount written as a JSON object is
// a malformed amount, bad_amount (SPEC §4; Amount.UnmarshalJSON says so).
// internal/jsonkeys does not look inside a type that decodes itself: it
// once did, and answered bad_field naming Amount's Go fields.
func TestAmountAsObjectIsBadAmount(t *testing.T) {
	for _, amount := range []string{
		`{"value":"1000.00","currency":"CNY"}`, // money as an object: a common serializer shape
		`{"units":"1000","units":"00"}`,
	} {
		e := newRejectEngine(t)
		raw := inputLine("rv-1", TypePoolFunded, "finance:li", "pool", rcAt, obj("funder", "city", "amount", rawJSON(amount)))
		out, err := e.Apply(raw, Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if out.Code != CodeBadAmount {
			t.Errorf("amount %s: got %s (%s), want bad_amount", amount, out.Code, out.Message)
		}
	}
}

// TestUnknownMemberStillIgnored: "Unknown members of an input are
// still ignored" (README), but a repeated member inside an unknown member's
// object is refused as bad_field.
func TestUnknownMemberStillIgnored(t *testing.T) {
	e := newRejectEngine(t)
	raw := inputLine("rv-2", TypePoolFunded, "finance:li", "pool", rcAt,
		obj("funder", "city", "amount", "1000.00", "x_ext", rawJSON(`{"tag":"a","tag":"b"}`)))
	out, err := e.Apply(raw, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Status != StatusApplied {
		t.Errorf("got %s %s (%s), want applied: the unknown member is ignored", out.Status, out.Code, out.Message)
	}
}
