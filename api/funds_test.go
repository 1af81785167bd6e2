package api

import (
	"strings"
	"testing"

	"github.com/techcredit/techcredit/ledger"
)

// fundFirstRound commits 100,000,000.00 to dz-transfer and reports the
// issue's first round (4,000,000.00 of 20,000,000.00 in p-chip).
func fundFirstRound(t *testing.T) *env {
	t.Helper()
	e := newEnvFrom(t, "testdata/programs_fund.json")
	e.want(200, req{method: "POST", path: "/v1/funds/dz-transfer/commitments", subject: "finance:li",
		body: `{"funder":"city","amount":"100000000.00","id":"fc-1"}`})
	e.want(200, req{method: "POST", path: "/v1/funds/dz-transfer/investments", subject: "fund:dz-transfer",
		header: map[string]string{"Idempotency-Key": "inv-1"},
		body: `{"investment":"inv-1","project":"p-chip","round_size":"20000000.00","amount":"4000000.00",` +
			`"co_investors":[{"investor":"vc-a","amount":"10000000.00"},{"investor":"vc-b","amount":"6000000.00"}],"invested_on":"2026-10-01"}`})
	return e
}

// TestFundEndToEnd: finance commits 100,000,000.00, the fund reports the
// issue's two rounds (leverage 4.2857) and a round at 35% (422
// fund_share_exceeded); the fund reads its page, another fund gets 404, an
// investor sees no co-investor's name.
func TestFundEndToEnd(t *testing.T) {
	e := fundFirstRound(t)
	var got fundResponse
	e.want(200, req{method: "POST", path: "/v1/funds/dz-transfer/investments", subject: "fund:dz-transfer",
		header: map[string]string{"Idempotency-Key": "inv-2"},
		body: `{"investment":"inv-2","project":"p-robot","round_size":"10000000.00","amount":"3000000.00",` +
			`"co_investors":[{"investor":"vc-a","amount":"3500000.00"},{"investor":"vc-c","amount":"3500000.00"}],"invested_on":"2026-10-02"}`}).decode(t, &got)
	if got.Fund == nil {
		t.Fatal("no fund in the answer")
	}
	if f := got.Fund; f.Invested != "7000000.00" || f.Available != "93000000.00" || f.Leverage == nil || *f.Leverage != "4.2857" || !f.LeverageOK {
		t.Fatalf("got invested %s available %s leverage %v ok %v, want 7000000.00 93000000.00 4.2857 true",
			f.Invested, f.Available, f.Leverage, f.LeverageOK)
	}
	res := e.want(422, req{method: "POST", path: "/v1/funds/dz-transfer/investments", subject: "fund:dz-transfer",
		body: `{"investment":"inv-3","project":"p-chip","round_size":"10000000.00","amount":"3500000.00",` +
			`"co_investors":[{"investor":"vc-d","amount":"6500000.00"}],"invested_on":"2026-10-03"}`})
	if code := res.errorCode(t); code != "fund_share_exceeded" {
		t.Fatalf("got %s, want fund_share_exceeded", code)
	}
	e.want(403, req{method: "POST", path: "/v1/funds/dz-transfer/investments", subject: "investor:vc1", body: `{}`})
	e.want(404, req{method: "GET", path: "/v1/funds/dz-transfer", subject: "fund:other"})
	var own ledger.FundView
	e.want(200, req{method: "GET", path: "/v1/funds/dz-transfer", subject: "fund:dz-transfer"}).decode(t, &own)
	if len(own.Rounds) != 2 || len(own.Rounds[0].CoInvestors) != 2 {
		t.Fatalf("the fund's own page: got %d rounds, want 2 with their co-investors", len(own.Rounds))
	}
	body := string(e.want(200, req{method: "GET", path: "/v1/funds", subject: "investor:vc1"}).body)
	if strings.Contains(body, "vc-a") || !strings.Contains(body, `"leverage":"4.2857"`) {
		t.Fatalf("an investor's funds list: %s", body)
	}
}

// TestRoadshowNames: investors and banks see the aggregates and their own
// standing, never another caller's name; finance and the admin see names.
func TestRoadshowNames(t *testing.T) {
	e := newEnvFrom(t, "testdata/programs_fund.json")
	e.want(200, req{method: "POST", path: "/v1/pipeline/p-chip/interest", subject: "investor:vc1", body: `{"kind":"equity","amount":"5000000.00"}`})
	e.want(200, req{method: "POST", path: "/v1/pipeline/p-chip/commitment", subject: "investor:vc1", body: `{"amount":"3000000.00"}`})
	e.want(200, req{method: "POST", path: "/v1/pipeline/p-chip/commitment", subject: "investor:vc2", body: `{"amount":"6000000.00"}`})
	e.want(200, req{method: "POST", path: "/v1/pipeline/p-chip/interest", subject: "bank:icbc-dz", body: `{"kind":"loan"}`})
	e.want(403, req{method: "POST", path: "/v1/pipeline/p-chip/commitment", subject: "bank:icbc-dz", body: `{"amount":"1.00"}`})
	var p ledger.ProjectView
	e.want(200, req{method: "GET", path: "/v1/pipeline/p-chip", subject: "investor:vc1"}).decode(t, &p)
	if p.InterestedInvestors == nil || *p.InterestedInvestors != 2 || *p.InterestedBanks != 1 || *p.Committed != "9000000.00" ||
		string(*p.CommittedShare) != `"0.3000"` {
		t.Fatalf("aggregates: got %+v", p.ProjectDoc)
	}
	if len(p.Interests) != 1 || p.Interests[0].Caller != "investor:vc1" {
		t.Fatalf("an investor sees standings %+v, want only its own", p.Interests)
	}
	for _, who := range []string{"investor:vc1", "bank:icbc-dz"} {
		for _, path := range []string{"/v1/pipeline/p-chip", "/v1/pipeline", "/v1/pipeline/stats"} {
			body := string(e.want(200, req{method: "GET", path: path, subject: who}).body)
			if strings.Contains(body, "vc2") || (who == "investor:vc1" && strings.Contains(body, "icbc-dz")) {
				t.Fatalf("%s reads another caller's name at %s: %s", who, path, body)
			}
		}
	}
	e.want(200, req{method: "GET", path: "/v1/pipeline/p-chip", subject: "finance:li"}).decode(t, &p)
	if len(p.Interests) != 3 {
		t.Fatalf("finance sees %d standings, want 3", len(p.Interests))
	}
	var st PipelineStats
	e.want(200, req{method: "GET", path: "/v1/pipeline/stats", subject: "bank:icbc-dz"}).decode(t, &st)
	if st.Committed != "9000000.00" || st.Coverage == nil {
		t.Fatalf("stats: committed %s coverage %v", st.Committed, st.Coverage)
	}
	e.want(200, req{method: "POST", path: "/v1/pipeline/p-chip/withdraw", subject: "investor:vc2"})
	res := e.want(404, req{method: "POST", path: "/v1/pipeline/p-chip/withdraw", subject: "investor:vc2"})
	if code := res.errorCode(t); code != "unknown_interest" {
		t.Fatalf("got %s, want unknown_interest", code)
	}
}
