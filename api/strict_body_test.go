package api

import "testing"

// TestAPIBodiesReadStrictly: the API's own bodies are read as strictly as
// inputs (SPEC §9): a repeated member or one differing from a field's name
// only in case is 400 bad_request and changes nothing, where encoding/json
// would have funded the last "amount" or taken "Amount" for it.
func TestAPIBodiesReadStrictly(t *testing.T) {
	e := newEnv(t)
	before := e.want(200, req{method: "GET", path: "/v1/programs/dz-lukedai", subject: "finance:li"})
	tests := []struct{ name, path, body string }{
		{"repeated amount", "/v1/programs/dz-lukedai/funding", `{"funder":"province","amount":"1.00","amount":"900.00"}`},
		{"amount in another case", "/v1/programs/dz-lukedai/funding", `{"funder":"province","Amount":"900.00"}`},
		{"both cases", "/v1/programs/dz-lukedai/funding", `{"funder":"province","amount":"1.00","Amount":"900.00"}`},
		{"repeated funder", "/v1/programs/dz-lukedai/funding", `{"funder":"city","funder":"province","amount":"1.00"}`},
		{"repeated reason", "/v1/claims/dz-lukedai/icbc-dz-L1/reject", `{"reason":"a","reason":"b"}`},
		{"reason in another case", "/v1/claims/dz-lukedai/icbc-dz-L1/reject", `{"REASON":"b"}`},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.t = t
			r := req{method: "POST", path: tt.path, subject: "finance:li", body: tt.body,
				header: map[string]string{"Idempotency-Key": "strict-" + string(rune('a'+i))}}
			if got := e.want(400, r).errorCode(t); got != CodeBadRequest {
				t.Errorf("got code %s, want %s", got, CodeBadRequest)
			}
		})
	}
	e.t = t
	after := e.want(200, req{method: "GET", path: "/v1/programs/dz-lukedai", subject: "finance:li"})
	if string(before.body) != string(after.body) {
		t.Errorf("a refused body changed the program:\nbefore %s\nafter  %s", before.body, after.body)
	}
	var c testDecision
	e.want(200, req{method: "GET", path: "/v1/claims/dz-lukedai/icbc-dz-L1", subject: "finance:li"}).decode(t, &c.Claim)
	if c.Claim.Status == "rejected" {
		t.Errorf("a refused reject body rejected the claim")
	}
}
