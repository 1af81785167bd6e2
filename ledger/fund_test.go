package ledger

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

const fundPrograms = `{"programs":[{"id":"pool","kind":"compensation_pool","currency":"CNY",
  "shares":[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.35"}]}],
 "funds":[{"id":"dz-transfer","name":"德州市科技成果转化基金","currency":"CNY","government_share_max":"0.30",
  "min_leverage":"3","hard_tech_sectors":["ic","biomed","new-materials","ai","robotics"],"early_stages":["research","pilot"]},
  {"id":"all-in","currency":"CNY","government_share_max":"1"}]}`

const fundAt = "2026-06-01T09:00:00+08:00"

// fundLine is one input naming a fund in its envelope.
func fundLine(id, typ, source, fund, data string) []byte {
	return fmt.Appendf(nil, `{"id":%q,"type":%q,"source":%q,"fund":%q,"at":%q,"data":%s}`, id, typ, source, fund, fundAt, data)
}

// roundData is a fund.invested data object; co is "investor=amount,...".
func roundData(inv, project, round, amount, co, on string) string {
	var parts []string
	for _, c := range strings.Split(co, ",") {
		if c == "" {
			continue
		}
		name, amt, _ := strings.Cut(c, "=")
		parts = append(parts, fmt.Sprintf(`{"investor":%q,"amount":%q}`, name, amt))
	}
	return fmt.Sprintf(`{"investment":%q,"project":%q,"round_size":%q,"amount":%q,"co_investors":[%s],"invested_on":%q}`,
		inv, project, round, amount, strings.Join(parts, ","), on)
}

func projectLine(id, enterprise, sector, stage, sought string) []byte {
	return inputLine("adm-"+id, TypeProjectRegistered, "admin:kjt", "", fundAt, fmt.Sprintf(
		`{"project":%q,"enterprise":%q,"title":"t","sector":%q,"stage":%q,"funding_sought":%q,"status":"roadshow"}`,
		id, enterprise, sector, stage, sought))
}

const fundSrc = "fund:dz-transfer"

// newFundScenario has 100,000,000.00 committed and the projects of a mixed
// portfolio: p-chip (registered small, ic, industrialization), p-robot
// (unregistered, latest loan medium, robotics, pilot), p-bio (unregistered,
// latest loan small, biomed, research), p-food (neither, food, research).
func newFundScenario(t *testing.T) *scenario {
	t.Helper()
	s := newScenario(t, fundPrograms)
	setup := [][]byte{
		fundLine("fc-1", TypeFundCommitted, "finance:li", "dz-transfer", `{"funder":"city","amount":"60000000.00"}`),
		fundLine("fc-2", TypeFundCommitted, "finance:li", "dz-transfer", `{"funder":"province","amount":"40000000.00"}`),
		inputLine("reg-1", TypeEnterpriseRegistered, "admin:kjt", "", fundAt, `{"enterprise":"e-chip","name":"Chip","sector":"ic","size":"small"}`),
		inputLine("b1-1", TypeLoanDisbursed, "bank:b1", "pool", fundAt, disbursedData("b1-R1", "e-robot", "small", "100.00", "")),
		inputLine("b1-2", TypeLoanDisbursed, "bank:b1", "pool", fundAt, disbursedData("b1-R2", "e-robot", "medium", "100.00", "")),
		inputLine("b1-3", TypeLoanDisbursed, "bank:b1", "pool", fundAt, disbursedData("b1-B1", "e-bio", "micro", "100.00", "")),
		projectLine("p-chip", "e-chip", "ic", "industrialization", "30000000.00"),
		projectLine("p-robot", "e-robot", "robotics", "pilot", "15000000.00"),
		projectLine("p-bio", "e-bio", "biomed", "research", "0"),
		projectLine("p-food", "e-food", "food", "research", "8000000.00"),
	}
	for _, raw := range setup {
		if out := s.send(raw); out.Status != StatusApplied {
			t.Fatalf("setup %s: got %s %s (%s)", raw, out.Status, out.Code, out.Message)
		}
	}
	return s
}

func fundDocOf(t *testing.T, e *Engine) FundDoc {
	t.Helper()
	st := e.State()
	if st.Funds == nil || len(*st.Funds) != 2 || (*st.Funds)[1].ID != "dz-transfer" {
		t.Fatalf("state has funds %v, want all-in and dz-transfer", st.Funds)
	}
	return (*st.Funds)[1]
}

func mustApply(t *testing.T, s *scenario, raw []byte) {
	t.Helper()
	if out := s.send(raw); out.Status != StatusApplied {
		t.Fatalf("%s: got %s %s (%s), want applied", raw, out.Status, out.Code, out.Message)
	}
}

// TestFundRoundsLeverage: the two rounds give invested
// 7,000,000.00 and leverage 30,000,000.00 ÷ 7,000,000.00 = 4.2857.
func TestFundRoundsLeverage(t *testing.T) {
	s := newFundScenario(t)
	d := fundDocOf(t, s.e)
	wantEqual(t, "committed", d.Committed, "100000000.00")
	wantEqual(t, "leverage before any investment", strOrNull(d.Leverage), "null")
	wantEqual(t, "leverage_ok before any investment", d.LeverageOK, false)
	wantEqual(t, "early share before any investment", strOrNull(d.EarlyShare), "null")
	mustApply(t, s, fundLine("i-1", TypeFundInvested, fundSrc, "dz-transfer",
		roundData("inv-1", "p-chip", "20000000.00", "4000000.00", "vc-a=10000000.00,vc-b=6000000.00", "2026-05-01")))
	mustApply(t, s, fundLine("i-2", TypeFundInvested, fundSrc, "dz-transfer",
		roundData("inv-2", "p-robot", "10000000.00", "3000000.00", "vc-a=3500000.00,vc-c=3500000.00", "2026-05-02")))
	d = fundDocOf(t, s.e)
	wantEqual(t, "invested", d.Invested, "7000000.00")
	wantEqual(t, "available", d.Available, "93000000.00")
	wantEqual(t, "investments", d.Investments, 2)
	wantEqual(t, "leverage", strOrNull(d.Leverage), "4.2857")
	wantEqual(t, "leverage_ok", d.LeverageOK, true)
	wantEqual(t, "proceeds", d.Proceeds, "0.00")
	// The postings: the capital is an account of the ledger.
	wantEqual(t, "capital account", s.e.book.Balance(Account{AccountFundCapital, "dz-transfer", ""}).StringFixed(2), "93000000.00")
	wantEqual(t, "inv-1 account", s.e.book.Balance(Account{AccountFundInvestments, "dz-transfer", "inv-1"}).StringFixed(2), "4000000.00")
	wantEqual(t, "balanced", s.e.book.Balanced(), true)

	mustApply(t, s, fundLine("x-1", TypeFundExited, fundSrc, "dz-transfer",
		`{"investment":"inv-1","proceeds":"6000000.00","exited_on":"2026-05-20"}`))
	d = fundDocOf(t, s.e)
	wantEqual(t, "proceeds after the exit", d.Proceeds, "6000000.00")
	wantEqual(t, "invested counts exited investments", d.Invested, "7000000.00")
	wantEqual(t, "available stays committed − invested", d.Available, "93000000.00")
	wantEqual(t, "leverage covers exited investments", strOrNull(d.Leverage), "4.2857")
	wantEqual(t, "returns account", s.e.book.Balance(Account{AccountFundReturns, "dz-transfer", ""}).StringFixed(2), "6000000.00")
}

// TestFundLeverageBelowFloor: a round at exactly 30% gives leverage
// 3.3333; at the floor of 3 exactly leverage_ok holds (compared exactly).
func TestFundLeverageOK(t *testing.T) {
	s := newFundScenario(t)
	mustApply(t, s, fundLine("i-1", TypeFundInvested, fundSrc, "dz-transfer",
		roundData("inv-1", "p-chip", "3000000.00", "900000.00", "vc-a=2100000.00", "2026-05-01")))
	d := fundDocOf(t, s.e)
	wantEqual(t, "leverage", strOrNull(d.Leverage), "3.3333")
	wantEqual(t, "leverage_ok", d.LeverageOK, true)
}

// TestFundShares: early, small and hard tech shares of a mixed portfolio,
// each judged as the project and enterprise stood at fund.invested.
func TestFundShares(t *testing.T) {
	s := newFundScenario(t)
	rounds := []struct{ inv, project, round, amount, co string }{
		{"inv-chip", "p-chip", "10000000.00", "1000000.00", "vc-a=9000000.00"},   // small, hard tech
		{"inv-robot", "p-robot", "10000000.00", "2000000.00", "vc-a=8000000.00"}, // early, hard tech; latest loan medium
		{"inv-bio", "p-bio", "10000000.00", "3000000.00", "vc-a=7000000.00"},     // early, small (latest loan micro), hard tech
		{"inv-food", "p-food", "10000000.00", "2500000.00", "vc-a=7500000.00"},   // early; neither registered nor a loan
	}
	for i, r := range rounds {
		mustApply(t, s, fundLine(fmt.Sprintf("i-%d", i), TypeFundInvested, fundSrc, "dz-transfer",
			roundData(r.inv, r.project, r.round, r.amount, r.co, "2026-05-01")))
	}
	// Later changes do not re-judge: p-chip becomes early, e-robot small.
	mustApply(t, s, inputLine("upd-1", TypeProjectUpdated, "admin:kjt", "", fundAt, `{"project":"p-chip","stage":"research"}`))
	mustApply(t, s, inputLine("b1-9", TypeLoanDisbursed, "bank:b1", "pool", fundAt, disbursedData("b1-R9", "e-robot", "small", "100.00", "")))
	d := fundDocOf(t, s.e)
	wantEqual(t, "invested", d.Invested, "8500000.00")
	wantEqual(t, "early share (7,500,000.00 of 8,500,000.00)", strOrNull(d.EarlyShare), "0.8824")
	wantEqual(t, "small share (4,000,000.00)", strOrNull(d.SmallShare), "0.4706")
	wantEqual(t, "hard tech share (6,000,000.00)", strOrNull(d.HardTechShare), "0.7059")
	wantEqual(t, "leverage", strOrNull(d.Leverage), "4.7059")
}

// fundRejectCases give every fund and roadshow code, each against the
// scenario after the two rounds and inv-1's exit.
func fundRejectCases() []rejectCase {
	inv := func(id, data string) []byte { return fundLine(id, TypeFundInvested, fundSrc, "dz-transfer", data) }
	exit := func(id, data string) []byte { return fundLine(id, TypeFundExited, fundSrc, "dz-transfer", data) }
	r := func(name string, want Code, raw []byte) rejectCase {
		return rejectCase{name: name, want: want, raw: raw}
	}
	ok := roundData("inv-9", "p-food", "10000000.00", "2000000.00", "vc-d=8000000.00", "2026-05-03")
	return []rejectCase{
		r("a fund input without a fund", CodeBadEnvelope, inputLine("z-1", TypeFundCommitted, "finance:li", "", fundAt, `{"funder":"city","amount":"1.00"}`)),
		r("unknown fund", CodeUnknownFund, fundLine("z-1", TypeFundCommitted, "finance:li", "no-fund", `{"funder":"city","amount":"1.00"}`)),
		r("another fund's manager", CodeForbidden, fundLine("z-1", TypeFundInvested, "fund:other", "dz-transfer", ok)),
		r("a bank invests", CodeForbidden, fundLine("z-1", TypeFundInvested, "bank:b1", "dz-transfer", ok)),
		r("the fund commits its own capital", CodeForbidden, fundLine("z-1", TypeFundCommitted, fundSrc, "dz-transfer", `{"funder":"city","amount":"1.00"}`)),
		r("commitment of zero", CodeBadAmount, fundLine("z-1", TypeFundCommitted, "finance:li", "dz-transfer", `{"funder":"city","amount":"0"}`)),
		r("currency of another fund", CodeCurrencyMismatch, fundLine("z-1", TypeFundCommitted, "finance:li", "dz-transfer", `{"funder":"city","amount":"1.00","currency":"EUR"}`)),
		r("data names another fund", CodeBadField, fundLine("z-1", TypeFundCommitted, "finance:li", "dz-transfer", `{"fund":"x","funder":"city","amount":"1.00"}`)),
		r("parts do not sum to the round", CodeBadAmount, inv("z-1", roundData("inv-9", "p-food", "10000000.00", "2000000.00", "vc-d=7000000.00", "2026-05-03"))),
		r("a co-investor's part of zero", CodeBadAmount, inv("z-1", roundData("inv-9", "p-food", "2000000.00", "2000000.00", "vc-d=0", "2026-05-03"))),
		r("a co-investor named twice", CodeBadField, inv("z-1", roundData("inv-9", "p-food", "10000000.00", "2000000.00", "vc-d=4000000.00,vc-d=4000000.00", "2026-05-03"))),
		r("invested_on after at", CodeBadDate, inv("z-1", roundData("inv-9", "p-food", "10000000.00", "2000000.00", "vc-d=8000000.00", "2026-06-02"))),
		r("unknown project", CodeUnknownProject, inv("z-1", roundData("inv-9", "p-none", "10000000.00", "2000000.00", "vc-d=8000000.00", "2026-05-03"))),
		r("investment id taken", CodeDuplicateInvestment, inv("z-1", roundData("inv-1", "p-food", "10000000.00", "2000000.00", "vc-d=8000000.00", "2026-05-03"))),
		r("the fund at 35%", CodeFundShareExceeded, inv("z-1", roundData("inv-9", "p-food", "10000000.00", "3500000.00", "vc-d=6500000.00", "2026-05-03"))),
		r("the fund equal to the largest co-investor", CodeFundLargestInvestor, inv("z-1", roundData("inv-9", "p-food", "10000000.00", "2500000.00", "vc-d=2500000.00,vc-e=2500000.00,vc-f=2500000.00", "2026-05-03"))),
		r("a round without co-investors (a fund that may hold all of it)", CodeFundLargestInvestor, fundLine("z-1", TypeFundInvested, "fund:all-in", "all-in", roundData("inv-9", "p-food", "2000000.00", "2000000.00", "", "2026-05-03"))),
		r("above the available capital", CodeInsufficientCapital, inv("z-1", roundData("inv-9", "p-food", "400000000.00", "95000000.00", "vc-d=200000000.00,vc-e=105000000.00", "2026-05-03"))),
		r("exit of an unknown investment", CodeUnknownInvestment, exit("z-1", `{"investment":"inv-x","proceeds":"1.00","exited_on":"2026-05-20"}`)),
		r("exited_on before invested_on", CodeBadDate, exit("z-1", `{"investment":"inv-2","proceeds":"1.00","exited_on":"2026-05-01"}`)),
		r("exited twice", CodeAlreadyExited, exit("z-1", `{"investment":"inv-1","proceeds":"1.00","exited_on":"2026-05-21"}`)),
		r("interest of an unknown kind", CodeBadField, inputLine("z-1", TypeProjectInterest, "investor:ivy", "", fundAt, `{"project":"p-chip","kind":"grant"}`)),
		r("interest in an unknown project", CodeUnknownProject, inputLine("z-1", TypeProjectInterest, "investor:ivy", "", fundAt, `{"project":"p-none","kind":"equity"}`)),
		r("a bank commits", CodeForbidden, inputLine("z-1", TypeProjectCommitted, "bank:b1", "", fundAt, `{"project":"p-chip","amount":"1.00"}`)),
		r("a commitment of zero", CodeBadAmount, inputLine("z-1", TypeProjectCommitted, "investor:ivy", "", fundAt, `{"project":"p-chip","amount":"0.00"}`)),
		r("withdrawing nothing", CodeUnknownInterest, inputLine("z-1", TypeProjectWithdrawn, "investor:ivy", "", fundAt, `{"project":"p-chip"}`)),
		r("a fund input judged under rules 6", CodeUnknownType, fundLine("z-1", TypeFundCommitted, "finance:li", "dz-transfer", `{"funder":"city","amount":"1.00"}`)),
	}
}

func newFundRejectEngine(t *testing.T) *Engine {
	s := newFundScenario(t)
	mustApply(t, s, fundLine("i-1", TypeFundInvested, fundSrc, "dz-transfer",
		roundData("inv-1", "p-chip", "20000000.00", "4000000.00", "vc-a=10000000.00,vc-b=6000000.00", "2026-05-01")))
	mustApply(t, s, fundLine("i-2", TypeFundInvested, fundSrc, "dz-transfer",
		roundData("inv-2", "p-robot", "10000000.00", "3000000.00", "vc-a=3500000.00,vc-c=3500000.00", "2026-05-02")))
	mustApply(t, s, fundLine("x-1", TypeFundExited, fundSrc, "dz-transfer",
		`{"investment":"inv-1","proceeds":"6000000.00","exited_on":"2026-05-20"}`))
	return s.e
}

func TestFundRejectCodes(t *testing.T) {
	for _, tc := range fundRejectCases() {
		t.Run(tc.name, func(t *testing.T) {
			meta := tc.meta
			if strings.Contains(tc.name, "rules 6") {
				meta.Rules = RulesFund - 1
			}
			expectRejected(t, newFundRejectEngine(t), tc.raw, meta, tc.want)
		})
	}
}

// TestRoadshowStandings: the latest interest and commitment per caller
// stand; withdrawal removes both; counts are of distinct callers.
func TestRoadshowStandings(t *testing.T) {
	s := newFundScenario(t)
	send := func(id, typ, src, data string) { mustApply(t, s, inputLine(id, typ, src, "", fundAt, data)) }
	send("r-1", TypeProjectInterest, "investor:ivy", `{"project":"p-chip","kind":"equity","amount":"5000000.00"}`)
	send("r-2", TypeProjectCommitted, "investor:ivy", `{"project":"p-chip","amount":"3000000.00"}`)
	send("r-3", TypeProjectCommitted, "investor:ivy", `{"project":"p-chip","amount":"4000000.00"}`) // the latest stands
	send("r-4", TypeProjectInterest, "bank:b1", `{"project":"p-chip","kind":"loan"}`)
	send("r-5", TypeProjectCommitted, "investor:ann", `{"project":"p-chip","amount":"2000000.00"}`)
	send("r-6", TypeProjectCommitted, "investor:bo", `{"project":"p-chip","amount":"1000000.00"}`)
	send("r-7", TypeProjectWithdrawn, "investor:bo", `{"project":"p-chip"}`)
	send("r-8", TypeProjectCommitted, "investor:ivy", `{"project":"p-bio","amount":"1000000.00"}`)
	var chip, bio ProjectDoc
	for _, p := range s.e.State().Projects {
		switch p.ID {
		case "p-chip":
			chip = p
		case "p-bio":
			bio = p
		}
	}
	b, _ := json.Marshal(chip)
	wantEqual(t, "p-chip", string(b), `{"id":"p-chip","enterprise":"e-chip","title":"t","sector":"ic","stage":"industrialization",`+
		`"funding_sought":"30000000.00","roadshow_on":"","status":"roadshow","interested_banks":1,"interested_investors":2,`+
		`"committed":"6000000.00","committed_share":"0.2000"}`)
	wantEqual(t, "p-bio committed_share (funding_sought 0)", string(*bio.CommittedShare), "null")
	ivy := s.e.Interests("p-chip")
	wantEqual(t, "standings", len(ivy), 3)
	wantEqual(t, "ivy's commitment", ivy[2].Caller+" "+ivy[2].Committed.StringFixed(2), "investor:ivy 4000000.00")
}

// TestFundAbsentKeepsDocument: without funds or roadshow inputs the state
// document has no funds member and projects no aggregates.
func TestFundAbsentKeepsDocument(t *testing.T) {
	s := newScenario(t, rejectPrograms)
	mustApply(t, s, projectLine("p-1", "e-1", "ic", "pilot", "1.00"))
	b, _ := MarshalState(s.e.State())
	if strings.Contains(string(b), "funds") || strings.Contains(string(b), "interested_banks") {
		t.Fatalf("state without funds shows them:\n%s", b)
	}
}

// TestFundInputsRouteByFund: the partition gate (Meta.Admit) is asked about
// a fund input's fund id, a program input's program, and "" for an input
// with neither (it goes to every partition).
func TestFundInputsRouteByFund(t *testing.T) {
	s := newFundScenario(t)
	var keys []string
	meta := Meta{Admit: func(key, _ string) *Reject { keys = append(keys, key); return nil }}
	for _, raw := range [][]byte{
		fundLine("k-1", TypeFundCommitted, "finance:li", "dz-transfer", `{"funder":"city","amount":"1.00"}`),
		inputLine("k-2", TypePoolFunded, "finance:li", "pool", fundAt, fundedData("city", "1.00")),
		inputLine("k-3", TypeProjectInterest, "investor:ivy", "", fundAt, `{"project":"p-chip","kind":"equity"}`),
	} {
		if out, err := s.e.Apply(raw, meta); err != nil || out.Status != StatusApplied {
			t.Fatalf("%s: got %s %s %v", raw, out.Status, out.Code, err)
		}
	}
	wantEqual(t, "keys", strings.Join(keys, ","), "dz-transfer,pool,")
}

// TestMergeStatesKeepsTheFund: of partitions that all know the fund, the
// one its inputs reached gives its figures.
func TestMergeStatesKeepsTheFund(t *testing.T) {
	busy := newFundScenario(t).e.State()
	idle := newScenario(t, fundPrograms).e.State()
	merged := MergeStates([]*State{busy, idle})
	if merged.Funds == nil || len(*merged.Funds) != 2 || (*merged.Funds)[1].Committed != "100000000.00" {
		t.Fatalf("merged funds: %+v", merged.Funds)
	}
	merged = MergeStates([]*State{idle, busy})
	wantEqual(t, "committed, idle partition first", (*merged.Funds)[1].Committed, "100000000.00")
}
