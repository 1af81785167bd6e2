package ledger

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/risk"
)

// rawJSON is a value that obj writes as it is (an object, an array, null).
type rawJSON string

// obj writes a JSON object with its keys in the given order: key, value,
// key, value... Values are strings (quoted), ints or rawJSON.
func obj(kv ...any) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(kv[i].(string))
		b.Write(k)
		b.WriteByte(':')
		switch v := kv[i+1].(type) {
		case string:
			q, _ := json.Marshal(v)
			b.Write(q)
		case int:
			b.WriteString(strconv.Itoa(v))
		case rawJSON:
			b.WriteString(string(v))
		default:
			panic(fmt.Sprintf("obj: value of type %T", v))
		}
	}
	b.WriteByte('}')
	return b.String()
}

// inputLine writes one input in the envelope of SPEC §4.
func inputLine(id, typ, source, program, at, data string) []byte {
	return []byte(obj("id", id, "type", typ, "source", source, "program", program, "at", at, "data", rawJSON(data)))
}

// Data objects of the input types, the optional fields left out. Their
// dates follow the disbursement (2026-01-05) and come before the at of
// every input the tests send (2026-02-01 and later).
func disbursedData(loan, borrower, size, principal, guarantor string) string {
	kv := []any{"loan", loan, "borrower", rawJSON(obj("id", borrower, "name", "Firm "+borrower, "sector", "software", "size", size)),
		"principal", principal, "annual_rate", "0.04", "term_months", 36, "disbursed_on", "2026-01-05"}
	if guarantor != "" {
		kv = append(kv, "guarantor", guarantor)
	}
	return obj(kv...)
}

func repaidData(loan, principal, interest string) string {
	return obj("loan", loan, "principal", principal, "interest", interest, "paid_on", "2026-01-20")
}

func overdueData(loan string, days int) string {
	return obj("loan", loan, "days_past_due", days, "as_of", "2026-01-25")
}

func defaultedData(loan string) string { return obj("loan", loan, "as_of", "2026-01-30") }

func recoveredData(loan, amount, costs string) string {
	if costs == "" {
		return obj("loan", loan, "amount", amount, "recovered_on", "2026-01-31")
	}
	return obj("loan", loan, "amount", amount, "costs", costs, "recovered_on", "2026-01-31")
}

func closedData(loan string) string { return obj("loan", loan, "closed_on", "2026-02-01") }

func fundedData(funder, amount string) string { return obj("funder", funder, "amount", amount) }

func claimData(claim string) string { return obj("claim", claim) }

func claimRejectedData(claim, reason string) string { return obj("claim", claim, "reason", reason) }

func netAssetsData(guarantor, amount string) string {
	return obj("guarantor", guarantor, "net_assets", amount, "as_of", "2025-12-31")
}

func projectData(project, enterprise, stage, status string) string {
	return obj("project", project, "enterprise", enterprise, "title", "Project "+project, "sector", "software",
		"stage", stage, "funding_sought", "3000000.00", "roadshow_on", "2026-04-01", "status", status, "summary", "a summary")
}

// scenario drives one engine through a test, numbering its inputs.
type scenario struct {
	t    *testing.T
	e    *Engine
	n    int
	at   string // the at of the next inputs
	meta Meta   // what the transport tells of the next inputs
}

func newScenario(t *testing.T, programs string) *scenario {
	t.Helper()
	cfg, err := risk.ParsePrograms(strings.NewReader(programs))
	if err != nil {
		t.Fatalf("ParsePrograms: %v", err)
	}
	return &scenario{t: t, e: NewEngine(cfg), at: "2026-03-01T09:00:00+08:00"}
}

// line builds the next input with a fresh id.
func (s *scenario) line(typ, source, program, data string) []byte {
	s.n++
	return inputLine(fmt.Sprintf("in-%04d", s.n), typ, source, program, s.at, data)
}

// send applies raw and returns its outcome; an engine error fails the test.
func (s *scenario) send(raw []byte) Outcome {
	s.t.Helper()
	out, err := s.e.Apply(raw, s.meta)
	if err != nil {
		s.t.Fatalf("Apply(%s): %v", raw, err)
	}
	return out
}

// ok applies an input that must be applied.
func (s *scenario) ok(typ, source, program, data string) Outcome {
	s.t.Helper()
	raw := s.line(typ, source, program, data)
	out := s.send(raw)
	if out.Status != StatusApplied {
		s.t.Fatalf("%s: got %s %s (%s), want applied", raw, out.Status, out.Code, out.Message)
	}
	return out
}

// refused applies an input that must be rejected with code and checks that
// it changed nothing but the counters and the rejected list.
func (s *scenario) refused(code Code, typ, source, program, data string) Outcome {
	s.t.Helper()
	return s.refusedRaw(code, s.line(typ, source, program, data))
}

func (s *scenario) refusedRaw(code Code, raw []byte) Outcome {
	s.t.Helper()
	return expectRejected(s.t, s.e, raw, s.meta, code)
}

// expectRejected applies raw, which must be rejected with code, and checks
// SPEC §4: a rejected input changes no state, it is listed and counted.
func expectRejected(t *testing.T, e *Engine, raw []byte, meta Meta, code Code) Outcome {
	t.Helper()
	before := coreState(t, e)
	in0, ap0, du0, rj0 := e.Counts()
	out, err := e.Apply(raw, meta)
	if err != nil {
		t.Fatalf("Apply(%.200s): %v", raw, err)
	}
	if out.Status != StatusRejected || out.Code != code {
		t.Fatalf("Apply(%.200s): got %s %q (%s), want rejected %q", raw, out.Status, out.Code, out.Message, code)
	}
	if out.Message == "" {
		t.Errorf("Apply(%.200s): got an empty message, want one explaining %s", raw, code)
	}
	if after := coreState(t, e); !bytes.Equal(before, after) {
		t.Errorf("rejected input %.200s changed the state:\n%s", raw, lineDiff(before, after))
	}
	in1, ap1, du1, rj1 := e.Counts()
	if in1 != in0+1 || ap1 != ap0 || du1 != du0 || rj1 != rj0+1 {
		t.Errorf("counts: got inputs %d applied %d duplicates %d rejected %d, want %d %d %d %d",
			in1, ap1, du1, rj1, in0+1, ap0, du0, rj0+1)
	}
	if in1 != ap1+du1+rj1 {
		t.Errorf("inputs %d != applied %d + duplicates %d + rejected %d", in1, ap1, du1, rj1)
	}
	st := e.State()
	found := false
	for _, r := range st.Rejected {
		if r.ID == out.ID && r.Source == out.Source && r.Code == code.String() {
			found = true
		}
	}
	if !found {
		t.Errorf("rejected list: got no entry {%q %q %q}", out.ID, out.Source, code)
	}
	return out
}

// coreState is the state document without the counters and the rejected
// list: what a rejected or duplicate input must leave unchanged.
func coreState(t *testing.T, e *Engine) []byte {
	t.Helper()
	s := e.State()
	s.Inputs, s.Applied, s.Duplicates, s.Rejected = 0, 0, 0, nil
	b, err := MarshalState(s)
	if err != nil {
		t.Fatalf("MarshalState: %v", err)
	}
	return b
}

// lineDiff shows the first lines where two documents differ.
func lineDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	var out strings.Builder
	for i, shown := 0, 0; (i < len(al) || i < len(bl)) && shown < 8; i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			fmt.Fprintf(&out, "line %d:\n  got  %s\n  want %s\n", i+1, y, x)
			shown++
		}
	}
	return out.String()
}

func (s *scenario) state() *State { return s.e.State() }

// docByID is the document with the id among docs (of the kind named), or
// the test fails.
func docByID[T any](t *testing.T, kind, id string, docs []T, idOf func(T) string) T {
	t.Helper()
	for _, d := range docs {
		if idOf(d) == id {
			return d
		}
	}
	t.Fatalf("%s %s: not in the state", kind, id)
	var none T
	return none
}

func (s *scenario) claim(id string) ClaimDoc {
	s.t.Helper()
	return docByID(s.t, "claim", id, s.state().Claims, func(d ClaimDoc) string { return d.ID })
}

func (s *scenario) noClaim(id string) {
	s.t.Helper()
	for _, c := range s.state().Claims {
		if c.ID == id {
			s.t.Fatalf("claim %s: got one (%s), want none", id, c.Status)
		}
	}
}

func (s *scenario) loan(id string) LoanDoc {
	s.t.Helper()
	return docByID(s.t, "loan", id, s.state().Loans, func(d LoanDoc) string { return d.ID })
}

func (s *scenario) program(id string) ProgramDoc {
	s.t.Helper()
	return docByID(s.t, "program", id, s.state().Programs, func(d ProgramDoc) string { return d.ID })
}

func (s *scenario) guarantor(id string) GuarantorDoc {
	s.t.Helper()
	return docByID(s.t, "guarantor", id, s.state().Guarantors, func(d GuarantorDoc) string { return d.ID })
}

// claimText writes the parts of a claim that rules decide, for one comparison.
func claimText(c ClaimDoc) string {
	return fmt.Sprintf("%s loss=%s shares=%s payable=%s paid=%s owed=%s recovered=%s approvals=%s",
		c.Status, c.Loss, sharesString(c.Shares), c.Payable, c.Paid, c.Owed, c.Recovered, strings.Join(c.Approvals, ","))
}

func (s *scenario) wantClaim(id, want string) {
	s.t.Helper()
	if got := claimText(s.claim(id)); got != want {
		s.t.Errorf("claim %s:\n got  %s\n want %s", id, got, want)
	}
}

func (s *scenario) wantLoan(id, status, outstanding string, covered bool, reason string) {
	s.t.Helper()
	l := s.loan(id)
	got := fmt.Sprintf("%s %s covered=%v %q", l.Status, l.Outstanding, l.Covered, l.UncoveredReason)
	if want := fmt.Sprintf("%s %s covered=%v %q", status, outstanding, covered, reason); got != want {
		s.t.Errorf("loan %s: got %s, want %s", id, got, want)
	}
}

func strOrNull(p *string) string {
	if p == nil {
		return "null"
	}
	return *p
}

// rejectPrograms: a compensation pool with dual approval, a 4321 guarantee
// program and a capped guarantee in another currency.
const rejectPrograms = `{"programs":[
 {"id":"pool","name":"pool","kind":"compensation_pool","currency":"CNY","dual_approval_threshold":"2000000.00",
  "shares":[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.35"}]},
 {"id":"gp","name":"4321","kind":"guarantee_program","currency":"CNY",
  "shares":[{"party":"guarantor","ratio":"0.40"},{"party":"reguarantor","ratio":"0.30"},{"party":"bank","ratio":"0.20"},{"party":"government","ratio":"0.10"}]},
 {"id":"cap","name":"capped","kind":"capped_portfolio_guarantee","currency":"EUR","guarantee_rate":"0.50","cap_rate":"0.20","cap_basis":"guaranteed"}]}`

const setupAt = "2026-02-01T09:00:00+08:00"

// rejectSetup is the state every reject case starts from:
//
//	L1 b1 pool 5,000,000.00 performing     L2 b1 pool 1,000,000.00 defaulted, claim pending
//	L3 b1 pool closed (repaid)             LD b1 pool defaulted then closed, claim pending
//	L4 b1 pool defaulted, claim paid       L5 b1 pool defaulted, claim awaiting a second approval
//	LB b2 pool performing                  G1 b1 gp (guarantor g1) performing
//	project P1
var rejectSetup = [][]byte{
	inputLine("f-1", TypePoolFunded, "finance:li", "pool", setupAt, fundedData("province", "10000000.00")),
	inputLine("d-L1", TypeLoanDisbursed, "bank:b1", "pool", setupAt, disbursedData("b1-L1", "e1", "small", "5000000.00", "")),
	inputLine("d-L2", TypeLoanDisbursed, "bank:b1", "pool", setupAt, disbursedData("b1-L2", "e2", "small", "1000000.00", "")),
	inputLine("x-L2", TypeLoanDefaulted, "bank:b1", "pool", setupAt, defaultedData("b1-L2")),
	inputLine("d-L3", TypeLoanDisbursed, "bank:b1", "pool", setupAt, disbursedData("b1-L3", "e3", "micro", "1000.00", "")),
	inputLine("r-L3", TypeLoanRepaid, "bank:b1", "pool", setupAt, repaidData("b1-L3", "1000.00", "10.00")),
	inputLine("c-L3", TypeLoanClosed, "bank:b1", "pool", setupAt, closedData("b1-L3")),
	inputLine("d-LD", TypeLoanDisbursed, "bank:b1", "pool", setupAt, disbursedData("b1-LD", "e4", "medium", "2000000.00", "")),
	inputLine("x-LD", TypeLoanDefaulted, "bank:b1", "pool", setupAt, defaultedData("b1-LD")),
	inputLine("c-LD", TypeLoanClosed, "bank:b1", "pool", setupAt, closedData("b1-LD")),
	inputLine("d-L4", TypeLoanDisbursed, "bank:b1", "pool", setupAt, disbursedData("b1-L4", "e5", "small", "100000.00", "")),
	inputLine("x-L4", TypeLoanDefaulted, "bank:b1", "pool", setupAt, defaultedData("b1-L4")),
	inputLine("a-L4", TypeClaimApproved, "finance:ann", "pool", setupAt, claimData("pool/b1-L4")),
	inputLine("d-L5", TypeLoanDisbursed, "bank:b1", "pool", setupAt, disbursedData("b1-L5", "e6", "small", "4000000.00", "")),
	inputLine("x-L5", TypeLoanDefaulted, "bank:b1", "pool", setupAt, defaultedData("b1-L5")),
	inputLine("a-L5", TypeClaimApproved, "finance:ann", "pool", setupAt, claimData("pool/b1-L5")),
	inputLine("d-LB", TypeLoanDisbursed, "bank:b2", "pool", setupAt, disbursedData("b2-LB", "e7", "small", "300000.00", "")),
	inputLine("na-g1", TypeGuarantorNetAssets, "finance:li", "", setupAt, netAssetsData("g1", "100000000.00")),
	inputLine("d-G1", TypeLoanDisbursed, "bank:b1", "gp", setupAt, disbursedData("b1-G1", "e8", "medium", "1000000.00", "g1")),
	inputLine("p-P1", TypeProjectRegistered, "admin:adm", "", setupAt, projectData("P1", "e1", "pilot", "listed")),
}

func newRejectEngine(t *testing.T) *Engine {
	t.Helper()
	s := newScenario(t, rejectPrograms)
	for _, raw := range rejectSetup {
		if out := s.send(raw); out.Status != StatusApplied {
			t.Fatalf("setup %s: got %s %s (%s), want applied", raw, out.Status, out.Code, out.Message)
		}
	}
	return s.e
}

func TestRejectSetup(t *testing.T) {
	s := &scenario{t: t, e: newRejectEngine(t)}
	s.wantLoan("b1-L1", "performing", "5000000.00", true, "")
	s.wantLoan("b1-L3", "closed", "0.00", true, "")
	s.wantLoan("b1-LD", "closed", "2000000.00", true, "")
	s.wantClaim("pool/b1-L2", "pending loss=1000000.00 shares="+
		`{"province":"350000.00","city":"350000.00","bank":"300000.00"} payable=700000.00 paid=0.00 owed=0.00 recovered=0.00 approvals=`)
	s.wantClaim("pool/b1-L4", "paid loss=100000.00 shares="+
		`{"province":"35000.00","city":"35000.00","bank":"30000.00"} payable=70000.00 paid=70000.00 owed=0.00 recovered=0.00 approvals=finance:ann`)
	s.wantClaim("pool/b1-L5", "awaiting_second_approval loss=4000000.00 shares="+
		`{"province":"1400000.00","city":"1400000.00","bank":"1200000.00"} payable=2800000.00 paid=0.00 owed=0.00 recovered=0.00 approvals=finance:ann`)
}

type rejectCase struct {
	name string
	raw  []byte
	meta Meta
	want Code
}

// rcAt is the time of every reject case input.
const rcAt = "2026-03-01T09:00:00+08:00"

func rc(name string, want Code, id, typ, source, program, data string) rejectCase {
	return rejectCase{name: name, want: want, raw: inputLine(id, typ, source, program, rcAt, data)}
}

// rcOld is rc judged under the rules before RulesStrictFields, where any
// id was a loan id: what a bank could learn of another's loans then.
func rcOld(name string, want Code, id, typ, source, program, data string) rejectCase {
	c := rc(name, want, id, typ, source, program, data)
	c.meta = Meta{Rules: RulesStrictJSON}
	return c
}

func rcRaw(name string, want Code, raw string) rejectCase {
	return rejectCase{name: name, want: want, raw: []byte(raw)}
}

// rejectCases: every reject code the engine gives (wrong_partition comes
// from Engine.Reject: TestWrongPartition), then the check order of SPEC §4.
func rejectCases() []rejectCase {
	const (
		b1, b2, fin, adm = "bank:b1", "bank:b2", "finance:li", "admin:adm"
		pool, gp, cp     = "pool", "gp", "cap"
	)
	big := `{"id":"big","type":"project.registered","source":"admin:adm","at":"` + rcAt +
		`","data":{"summary":"` + strings.Repeat("x", InputBytesMax) + `"}}`
	repay1 := repaidData("b1-L1", "1.00", "0")
	disbursed := func(loan, principal string) string { return disbursedData(loan, "e9", "small", principal, "") }
	withCurrency := func(loan, principal, currency string) string {
		return strings.TrimSuffix(disbursed(loan, principal), "}") + `,"currency":"` + currency + `"}`
	}
	return []rejectCase{
		// bad_json: not a JSON object.
		rcRaw("array", CodeBadJSON, `[1,2]`),
		rcRaw("truncated object", CodeBadJSON, `{"id":"x-1","type":"loan.repaid"`),
		rcRaw("string", CodeBadJSON, `"loan.repaid"`),
		rcRaw("empty", CodeBadJSON, ``),
		rcRaw("blank", CodeBadJSON, "  \t "),
		rcRaw("null", CodeBadJSON, `null`),
		rcRaw("trailing data", CodeBadJSON, `{"id":"x-1"} {}`),
		rcRaw("invalid UTF-8 is not the problem, the syntax is", CodeBadJSON, "{\xff}"),
		rcRaw("above the size limit", CodeBadJSON, big),

		// bad_envelope.
		rcRaw("id given twice: encoding/json would keep the last", CodeBadEnvelope,
			`{"id":"x-1","id":"x-2","type":"loan.repaid","source":"bank:b1","program":"pool","at":"`+rcAt+`","data":`+repay1+`}`),
		rcRaw("source in another case", CodeBadEnvelope,
			`{"id":"x-1","type":"loan.repaid","Source":"bank:b1","program":"pool","at":"`+rcAt+`","data":`+repay1+`}`),
		rcRaw("program with a long s folding to it", CodeBadEnvelope,
			"{\"id\":\"x-1\",\"type\":\"loan.repaid\",\"source\":\"bank:b1\",\"program\":\"pool\",\"at\":\""+rcAt+"\",\"data\":"+repay1+",\"ſource\":\"bank:b2\"}"),
		rc("id with a space", CodeBadEnvelope, "x 1", TypeLoanRepaid, b1, pool, repay1),
		rc("empty id", CodeBadEnvelope, "", TypeLoanRepaid, b1, pool, repay1),
		rc("id of 129 characters", CodeBadEnvelope, strings.Repeat("a", 129), TypeLoanRepaid, b1, pool, repay1),
		rc("unknown role in source", CodeBadEnvelope, "x-1", TypePoolFunded, "visitor:ivy", pool, fundedData("city", "1.00")),
		rc("source without a role", CodeBadEnvelope, "x-1", TypeLoanRepaid, "b1", pool, repay1),
		rc("source without a name", CodeBadEnvelope, "x-1", TypeLoanRepaid, "bank:", pool, repay1),
		rcRaw("at not RFC 3339", CodeBadEnvelope, `{"id":"x-1","type":"loan.repaid","source":"bank:b1","program":"pool","at":"2026-03-01","data":`+repay1+`}`),
		rcRaw("at missing", CodeBadEnvelope, `{"id":"x-1","type":"loan.repaid","source":"bank:b1","program":"pool","data":`+repay1+`}`),
		rcRaw("id a number", CodeBadEnvelope, `{"id":5,"type":"loan.repaid","source":"bank:b1","program":"pool","at":"`+rcAt+`","data":`+repay1+`}`),
		rc("program missing for a loan", CodeBadEnvelope, "x-1", TypeLoanRepaid, b1, "", repay1),

		// id_conflict: a (source, id) seen before with other content.
		rc("same id other data", CodeIDConflict, "d-L1", TypeLoanDisbursed, b1, pool, disbursedData("b1-L1", "e1", "small", "5000000.01", "")),
		rcRaw("same id other at", CodeIDConflict, string(inputLine("f-1", TypePoolFunded, fin, pool, "2026-02-01T09:00:01+08:00", fundedData("province", "10000000.00")))),
		rc("same id of a rejected input", CodeIDConflict, "x-L2", TypeLoanDefaulted, b1, pool, obj("loan", "b1-L2", "as_of", "2026-04-02")),

		// unknown_type.
		rc("unknown type", CodeUnknownType, "x-1", "loan.exploded", b1, pool, repay1),
		rc("empty type", CodeUnknownType, "x-1", "", b1, pool, repay1),

		// forbidden: the wrong role, or another bank's loan.
		rc("finance disburses", CodeForbidden, "x-1", TypeLoanDisbursed, fin, pool, disbursed("b1-L9", "1.00")),
		rc("bank funds a pool", CodeForbidden, "x-1", TypePoolFunded, b1, pool, fundedData("city", "1.00")),
		rc("bank approves a claim", CodeForbidden, "x-1", TypeClaimApproved, b1, pool, claimData("pool/b1-L2")),
		rc("guarantor rejects a claim", CodeForbidden, "x-1", TypeClaimRejected, "guarantor:g1", pool, claimRejectedData("pool/b1-L2", "no")),
		rc("admin repays", CodeForbidden, "x-1", TypeLoanRepaid, adm, pool, repay1),
		rc("bank reports net assets", CodeForbidden, "x-1", TypeGuarantorNetAssets, b1, "", netAssetsData("g1", "1.00")),
		rc("guarantor registers a project", CodeForbidden, "x-1", TypeProjectRegistered, "guarantor:g1", "", projectData("P9", "e1", "pilot", "listed")),
		rc("finance updates a project", CodeForbidden, "x-1", TypeProjectUpdated, fin, "", obj("project", "P1", "status", "funded")),
		rc("guarantor reports another's net assets", CodeForbidden, "x-1", TypeGuarantorNetAssets, "guarantor:g2", "", netAssetsData("g1", "1.00")),
		rcOld("another bank's loan repaid (old rules)", CodeForbidden, "x-1", TypeLoanRepaid, b2, pool, repay1),
		rcOld("another bank's loan defaulted (old rules)", CodeForbidden, "x-1", TypeLoanDefaulted, b2, pool, defaultedData("b1-L1")),
		rcOld("another bank's loan closed (old rules)", CodeForbidden, "x-1", TypeLoanClosed, b2, pool, closedData("b1-L1")),

		// unknown_program.
		rc("unknown program", CodeUnknownProgram, "x-1", TypeLoanRepaid, b1, "nope", repay1),
		rc("unknown program for funding", CodeUnknownProgram, "x-1", TypePoolFunded, fin, "nope", fundedData("city", "1.00")),

		// bad_field: a missing or malformed field that is not an amount.
		rc("data not an object", CodeBadField, "x-1", TypeLoanRepaid, b1, pool, `[1]`),
		rc("principal given twice: which one was meant?", CodeBadField, "x-1", TypeLoanRepaid, b1, pool,
			`{"loan":"b1-L1","principal":"1.00","principal":"1000000.00","interest":"0","paid_on":"2026-02-01"}`),
		rc("principal in another case", CodeBadField, "x-1", TypeLoanRepaid, b1, pool,
			`{"loan":"b1-L1","Principal":"1.00","interest":"0","paid_on":"2026-02-01"}`),
		rc("borrower size given twice", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool,
			strings.Replace(disbursedData("b1-L9", "e9", "small", "1.00", ""), `"size":"small"`, `"size":"small","size":"medium"`, 1)),
		rc("loan a number", CodeBadField, "x-1", TypeLoanRepaid, b1, pool, `{"loan":7,"principal":"1.00","interest":"0","paid_on":"2026-02-01"}`),
		// A bank's loan id is its bank id, a hyphen and a suffix without
		// hyphen or slash (SPEC §15), in every loan input: another bank's
		// loan is refused by its form, before it is looked up.
		rc("another bank's loan repaid", CodeBadField, "x-1", TypeLoanRepaid, b2, pool, repay1),
		rc("another bank's loan defaulted", CodeBadField, "x-1", TypeLoanDefaulted, b2, pool, defaultedData("b1-L1")),
		rc("another bank's loan overdue", CodeBadField, "x-1", TypeLoanOverdue, b2, pool, overdueData("b1-L1", 3)),
		rc("another bank's loan recovered", CodeBadField, "x-1", TypeLoanRecovered, b2, pool, recoveredData("b1-L2", "1.00", "")),
		rc("another bank's loan closed", CodeBadField, "x-1", TypeLoanClosed, b2, pool, closedData("b1-L1")),
		rc("another bank's unknown loan", CodeBadField, "x-1", TypeLoanRepaid, b2, pool, repaidData("b1-none", "1.00", "0")),
		rc("loan id taken by another bank", CodeBadField, "x-1", TypeLoanDisbursed, b2, pool, disbursed("b1-L1", "1.00")),
		rc("loan id without the bank id", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool, disbursed("L9", "1.00")),
		rc("loan id of a bank whose id b1 begins", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool, disbursed("b1x-L9", "1.00")),
		rc("loan id with a hyphen in the suffix", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool, disbursed("b1-L-9", "1.00")),
		rc("loan id with a slash", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool, disbursed("b1-L/9", "1.00")),
		rc("loan id with an empty suffix", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool, disbursed("b1-", "1.00")),
		rc("loan missing", CodeBadField, "x-1", TypeLoanRepaid, b1, pool, obj("principal", "1.00", "interest", "0", "paid_on", "2026-02-01")),
		rc("borrower missing", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool, obj("loan", "b1-L9", "principal", "1.00", "annual_rate", "0.04", "term_months", 12, "disbursed_on", "2026-01-05")),
		rc("borrower size unknown", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool, disbursedData("b1-L9", "e9", "huge", "1.00", "")),
		rc("term of 0 months", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool, strings.Replace(disbursed("b1-L9", "1.00"), `"term_months":36`, `"term_months":0`, 1)),
		rc("term of 361 months", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool, strings.Replace(disbursed("b1-L9", "1.00"), `"term_months":36`, `"term_months":361`, 1)),
		rc("term a string", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool, strings.Replace(disbursed("b1-L9", "1.00"), `"term_months":36`, `"term_months":"36"`, 1)),
		rc("term a fraction", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool, strings.Replace(disbursed("b1-L9", "1.00"), `"term_months":36`, `"term_months":36.5`, 1)),
		rc("annual rate above 1", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool, strings.Replace(disbursed("b1-L9", "1.00"), `"0.04"`, `"1.5"`, 1)),
		rc("guarantor missing in a guarantee program", CodeBadField, "x-1", TypeLoanDisbursed, b1, gp, disbursed("b1-G9", "1.00")),
		rc("days past due negative", CodeBadField, "x-1", TypeLoanOverdue, b1, pool, overdueData("b1-L1", -1)),
		rc("days past due missing", CodeBadField, "x-1", TypeLoanOverdue, b1, pool, obj("loan", "b1-L1", "as_of", "2026-03-01")),
		rc("as_of missing", CodeBadField, "x-1", TypeLoanDefaulted, b1, pool, obj("loan", "b1-L1")),
		rc("reason missing", CodeBadField, "x-1", TypeClaimRejected, fin, pool, claimData("pool/b1-L2")),
		rc("reason blank", CodeBadField, "x-1", TypeClaimRejected, fin, pool, claimRejectedData("pool/b1-L2", "   ")),
		rc("claim id malformed", CodeBadField, "x-1", TypeClaimApproved, fin, pool, claimData("pool L2")),
		rc("funder malformed", CodeBadField, "x-1", TypePoolFunded, fin, pool, fundedData("the city", "1.00")),
		rc("project stage unknown", CodeBadField, "x-1", TypeProjectRegistered, adm, "", projectData("P9", "e1", "dreaming", "listed")),
		rc("project status unknown", CodeBadField, "x-1", TypeProjectUpdated, adm, "", obj("project", "P1", "status", "sold")),
		rc("project title missing", CodeBadField, "x-1", TypeProjectRegistered, adm, "", obj("project", "P9", "enterprise", "e1", "sector", "s", "stage", "pilot", "funding_sought", "1.00", "status", "listed")),

		// bad_date (SPEC §4 "Dates"): a date that is not a real calendar
		// date from 1900 on, after the local date of at, or, on a loan,
		// before its disbursed_on; an at before 1900.
		rc("disbursed_on not a date", CodeBadDate, "x-1", TypeLoanDisbursed, b1, pool, strings.Replace(disbursed("b1-L9", "1.00"), `"2026-01-05"`, `"2026-13-05"`, 1)),
		rc("disbursed_on on 30 February", CodeBadDate, "x-1", TypeLoanDisbursed, b1, pool, strings.Replace(disbursed("b1-L9", "1.00"), `"2026-01-05"`, `"2026-02-30"`, 1)),
		rc("disbursed_on in the year 0000", CodeBadDate, "x-1", TypeLoanDisbursed, b1, pool, strings.Replace(disbursed("b1-L9", "1.00"), `"2026-01-05"`, `"0000-01-05"`, 1)),
		rc("disbursed_on before 1900", CodeBadDate, "x-1", TypeLoanDisbursed, b1, pool, strings.Replace(disbursed("b1-L9", "1.00"), `"2026-01-05"`, `"1899-12-31"`, 1)),
		rc("disbursed_on after the local date of at", CodeBadDate, "x-1", TypeLoanDisbursed, b1, pool, strings.Replace(disbursed("b1-L9", "1.00"), `"2026-01-05"`, `"2026-03-02"`, 1)),
		rc("paid_on in 1999", CodeBadDate, "x-1", TypeLoanRepaid, b1, pool, obj("loan", "b1-L1", "principal", "1.00", "interest", "0", "paid_on", "1999-01-05")),
		rc("paid_on before disbursed_on", CodeBadDate, "x-1", TypeLoanRepaid, b1, pool, obj("loan", "b1-L1", "principal", "1.00", "interest", "0", "paid_on", "2026-01-04")),
		rc("as_of of an overdue report before disbursed_on", CodeBadDate, "x-1", TypeLoanOverdue, b1, pool, obj("loan", "b1-L1", "days_past_due", 3, "as_of", "2025-12-31")),
		rc("as_of of a default before disbursed_on", CodeBadDate, "x-1", TypeLoanDefaulted, b1, pool, obj("loan", "b1-L1", "as_of", "2026-01-01")),
		rc("recovered_on before disbursed_on", CodeBadDate, "x-1", TypeLoanRecovered, b1, pool, obj("loan", "b1-L2", "amount", "1.00", "recovered_on", "2026-01-01")),
		rc("closed_on before disbursed_on", CodeBadDate, "x-1", TypeLoanClosed, b1, pool, obj("loan", "b1-L1", "closed_on", "2026-01-01")),
		rc("net assets as of after at", CodeBadDate, "x-1", TypeGuarantorNetAssets, fin, "", obj("guarantor", "g1", "net_assets", "1.00", "as_of", "2026-03-02")),
		rc("project roadshow_on not a date", CodeBadDate, "x-1", TypeProjectUpdated, adm, "", obj("project", "P1", "roadshow_on", "2026-04-31")),
		rcRaw("at in the year 0000", CodeBadDate, string(inputLine("x-1", TypePoolFunded, fin, pool, "0000-03-01T09:00:00+08:00", fundedData("city", "1.00")))),
		rcRaw("at before 1900", CodeBadDate, string(inputLine("x-1", TypePoolFunded, fin, pool, "1899-12-31T23:59:59Z", fundedData("city", "1.00")))),
		// The local date of at is its date in its own offset: 2026-03-01
		// 01:00 at +08:00 is still 2026-02-28 in UTC, and 2026-03-01 is fine.
		rcRaw("date after at in its own offset", CodeBadDate, string(inputLine("x-1", TypeLoanRepaid, b1, pool, "2026-02-28T23:00:00-05:00",
			obj("loan", "b1-L1", "principal", "1.00", "interest", "0", "paid_on", "2026-03-01")))),
		// The calendar and at checks are field checks: after the program,
		// before the loan is looked up; the disbursed_on comparison comes
		// after already_defaulted and before the rules of §6.
		rc("order: program before bad_date", CodeUnknownProgram, "x-1", TypeLoanRepaid, b1, "nope", obj("loan", "b1-L1", "principal", "1.00", "interest", "0", "paid_on", "1999-01-05")),
		rc("order: bad_date before unknown_loan", CodeBadDate, "x-1", TypeLoanRepaid, b1, pool, obj("loan", "b1-none", "principal", "1.00", "interest", "0", "paid_on", "1899-01-05")),
		rc("order: loan_closed before the disbursed_on comparison", CodeLoanClosed, "x-1", TypeLoanRepaid, b1, pool, obj("loan", "b1-L3", "principal", "1.00", "interest", "0", "paid_on", "2026-01-01")),
		rc("order: already_defaulted before the disbursed_on comparison", CodeAlreadyDefaulted, "x-1", TypeLoanRepaid, b1, pool, obj("loan", "b1-L2", "principal", "1.00", "interest", "0", "paid_on", "2026-01-01")),
		rc("order: the disbursed_on comparison before overpayment", CodeBadDate, "x-1", TypeLoanRepaid, b1, pool, obj("loan", "b1-L1", "principal", "9000000.00", "interest", "0", "paid_on", "2026-01-01")),
		rc("order: the disbursed_on comparison before not_defaulted", CodeBadDate, "x-1", TypeLoanRecovered, b1, pool, obj("loan", "b1-L1", "amount", "1.00", "recovered_on", "2026-01-01")),
		rc("order: the disbursed_on comparison before outstanding_mismatch", CodeBadDate, "x-1", TypeLoanDefaulted, b1, pool, obj("loan", "b1-L1", "as_of", "2026-01-01", "outstanding_principal", "1.00")),
		rc("order: the disbursed_on comparison before outstanding_not_zero", CodeBadDate, "x-1", TypeLoanClosed, b1, pool, obj("loan", "b1-L1", "closed_on", "2026-01-01")),
		rcOld("a date before 1900 under the old rules", CodeUnknownLoan, "x-1", TypeLoanRepaid, b1, pool, obj("loan", "b1-none", "principal", "1.00", "interest", "0", "paid_on", "1899-01-05")),
		rcOld("a malformed date under the old rules", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool, strings.Replace(disbursed("b1-L9", "1.00"), `"2026-01-05"`, `"2026-13-05"`, 1)),

		// bad_field: text (text.go): NUL and other control characters,
		// invalid UTF-8, and text over its byte limit, even far over it.
		rc("borrower name with a NUL", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool,
			strings.Replace(disbursed("b1-L9", "1.00"), `"Firm e9"`, `"Firm\u0000e9"`, 1)),
		rcRaw("borrower name with invalid UTF-8", CodeBadField, strings.Replace(string(inputLine("x-1", TypeLoanDisbursed, b1, pool, rcAt,
			disbursed("b1-L9", "1.00"))), `"Firm e9"`, "\"Firm \xffe9\"", 1)),
		rc("borrower name with an escaped lone surrogate", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool,
			strings.Replace(disbursed("b1-L9", "1.00"), `"Firm e9"`, `"Firm \ud800e9"`, 1)),
		rc("borrower name with a line break", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool,
			strings.Replace(disbursed("b1-L9", "1.00"), `"Firm e9"`, `"Firm\ne9"`, 1)),
		rc("borrower name of 201 bytes", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool,
			strings.Replace(disbursed("b1-L9", "1.00"), `"Firm e9"`, `"`+strings.Repeat("x", NameBytesMax+1)+`"`, 1)),
		rc("borrower sector of 67 Chinese characters", CodeBadField, "x-1", TypeLoanDisbursed, b1, pool,
			strings.Replace(disbursed("b1-L9", "1.00"), `"software"`, `"`+strings.Repeat("软", 67)+`"`, 1)),
		rc("reason of 2,001 bytes", CodeBadField, "x-1", TypeClaimRejected, fin, pool, claimRejectedData("pool/b1-L2", strings.Repeat("r", TextBytesMax+1))),
		rc("reason of 70,000 bytes", CodeBadField, "x-1", TypeClaimRejected, fin, pool, claimRejectedData("pool/b1-L2", strings.Repeat("r", 70000))),
		rc("reason with a NUL", CodeBadField, "x-1", TypeClaimRejected, fin, pool, claimRejectedData("pool/b1-L2", "no\x00")),
		rc("project summary with a DEL", CodeBadField, "x-1", TypeProjectUpdated, adm, "", obj("project", "P1", "summary", "a\x7fb")),
		rc("project title with a tab", CodeBadField, "x-1", TypeProjectUpdated, adm, "", obj("project", "P1", "title", "a\tb")),
		rcOld("reason of 70,000 bytes under the old rules", CodeBadJSON, "x-1", TypeClaimRejected, fin, pool, claimRejectedData("pool/b1-L2", strings.Repeat("r", 70000))),

		// bad_amount: a malformed amount, or one outside its range.
		rc("three decimals", CodeBadAmount, "x-1", TypeLoanDisbursed, b1, pool, disbursed("b1-L9", "1.005")),
		rc("zero principal", CodeBadAmount, "x-1", TypeLoanDisbursed, b1, pool, disbursed("b1-L9", "0.00")),
		rc("principal missing", CodeBadAmount, "x-1", TypeLoanDisbursed, b1, pool, strings.Replace(disbursed("b1-L9", "1.00"), `"principal":"1.00",`, ``, 1)),
		rc("principal a JSON number", CodeBadAmount, "x-1", TypeLoanDisbursed, b1, pool, strings.Replace(disbursed("b1-L9", "1.00"), `"1.00"`, `1.00`, 1)),
		rc("principal with an exponent", CodeBadAmount, "x-1", TypeLoanDisbursed, b1, pool, disbursed("b1-L9", "1e6")),
		rc("sixteen integer digits", CodeBadAmount, "x-1", TypeLoanDisbursed, b1, pool, disbursed("b1-L9", "1000000000000000")),
		rc("repayment of 0 and 0", CodeBadAmount, "x-1", TypeLoanRepaid, b1, pool, repaidData("b1-L1", "0", "0.00")),
		rc("negative repayment", CodeBadAmount, "x-1", TypeLoanRepaid, b1, pool, repaidData("b1-L1", "-1.00", "0")),
		rc("interest missing", CodeBadAmount, "x-1", TypeLoanRepaid, b1, pool, obj("loan", "b1-L1", "principal", "1.00", "paid_on", "2026-02-01")),
		rc("zero recovery", CodeBadAmount, "x-1", TypeLoanRecovered, b1, pool, recoveredData("b1-L2", "0", "")),
		rc("negative costs", CodeBadAmount, "x-1", TypeLoanRecovered, b1, pool, recoveredData("b1-L2", "10.00", "-1")),
		rc("zero funding", CodeBadAmount, "x-1", TypePoolFunded, fin, pool, fundedData("city", "0")),
		rc("funding with a sign", CodeBadAmount, "x-1", TypePoolFunded, fin, pool, fundedData("city", "+5.00")),
		rc("net assets with an exponent", CodeBadAmount, "x-1", TypeGuarantorNetAssets, fin, "", netAssetsData("g1", "1e6")),
		rc("funding sought not a number", CodeBadAmount, "x-1", TypeProjectUpdated, adm, "", obj("project", "P1", "funding_sought", "lots")),
		rc("reported outstanding malformed", CodeBadAmount, "x-1", TypeLoanDefaulted, b1, pool, obj("loan", "b1-L1", "as_of", "2026-02-20", "outstanding_principal", "5,000,000.00")),

		// currency_mismatch.
		rc("USD into a CNY program", CodeCurrencyMismatch, "x-1", TypeLoanDisbursed, b1, pool, withCurrency("b1-L9", "1.00", "USD")),
		rc("CNY into a EUR program", CodeCurrencyMismatch, "x-1", TypeLoanDisbursed, b1, cp, withCurrency("b1-K9", "1.00", "CNY")),

		// duplicate_loan, unknown_loan.
		rc("loan id taken", CodeDuplicateLoan, "x-1", TypeLoanDisbursed, b1, pool, disbursed("b1-L1", "1.00")),
		rcOld("loan id taken by another bank (old rules)", CodeDuplicateLoan, "x-1", TypeLoanDisbursed, b2, pool, disbursed("b1-L1", "1.00")),
		rc("loan id taken in another program", CodeDuplicateLoan, "x-1", TypeLoanDisbursed, b1, gp, disbursedData("b1-L1", "e9", "small", "1.00", "g1")),
		rc("no such loan", CodeUnknownLoan, "x-1", TypeLoanRepaid, b1, pool, repaidData("b1-none", "1.00", "0")),
		rc("loan of another program", CodeUnknownLoan, "x-1", TypeLoanRepaid, b1, gp, repay1),

		// overpayment, outstanding_mismatch.
		rc("principal above outstanding", CodeOverpayment, "x-1", TypeLoanRepaid, b1, pool, repaidData("b1-L1", "5000000.01", "0")),
		rc("outstanding one cent short", CodeOutstandingMismatch, "x-1", TypeLoanDefaulted, b1, pool, obj("loan", "b1-L1", "as_of", "2026-02-20", "outstanding_principal", "4999999.99")),

		// already_defaulted, not_defaulted, loan_closed, outstanding_not_zero.
		rc("repayment after default", CodeAlreadyDefaulted, "x-1", TypeLoanRepaid, b1, pool, repaidData("b1-L2", "1.00", "0")),
		rc("overdue after default", CodeAlreadyDefaulted, "x-1", TypeLoanOverdue, b1, pool, overdueData("b1-L2", 120)),
		rc("default after default", CodeAlreadyDefaulted, "x-1", TypeLoanDefaulted, b1, pool, defaultedData("b1-L2")),
		rc("recovery on a performing loan", CodeNotDefaulted, "x-1", TypeLoanRecovered, b1, pool, recoveredData("b1-L1", "1.00", "")),
		rc("repayment on a closed loan", CodeLoanClosed, "x-1", TypeLoanRepaid, b1, pool, repaidData("b1-L3", "1.00", "0")),
		rc("overdue on a closed loan", CodeLoanClosed, "x-1", TypeLoanOverdue, b1, pool, overdueData("b1-L3", 5)),
		rc("closing a closed loan", CodeLoanClosed, "x-1", TypeLoanClosed, b1, pool, closedData("b1-L3")),
		rc("recovery on a written-off loan", CodeLoanClosed, "x-1", TypeLoanRecovered, b1, pool, recoveredData("b1-LD", "1.00", "")),
		rc("closing with principal outstanding", CodeOutstandingNotZero, "x-1", TypeLoanClosed, b1, pool, closedData("b1-L1")),

		// unknown_claim, claim_closed, same_approver.
		rc("no claim for a performing loan", CodeUnknownClaim, "x-1", TypeClaimApproved, fin, pool, claimData("pool/b1-L1")),
		rc("claim of another program", CodeUnknownClaim, "x-1", TypeClaimApproved, fin, gp, claimData("pool/b1-L2")),
		rc("rejecting an unknown claim", CodeUnknownClaim, "x-1", TypeClaimRejected, fin, pool, claimRejectedData("pool/none", "no")),
		rc("approving a paid claim", CodeClaimClosed, "x-1", TypeClaimApproved, "finance:bob", pool, claimData("pool/b1-L4")),
		rc("rejecting a paid claim", CodeClaimClosed, "x-1", TypeClaimRejected, fin, pool, claimRejectedData("pool/b1-L4", "too late")),
		rc("the first approver again", CodeSameApprover, "x-1", TypeClaimApproved, "finance:ann", pool, claimData("pool/b1-L5")),

		// unknown_project, duplicate_project.
		rc("updating an unknown project", CodeUnknownProject, "x-1", TypeProjectUpdated, adm, "", obj("project", "P-none", "status", "funded")),
		rc("registering a project twice", CodeDuplicateProject, "x-1", TypeProjectRegistered, adm, "", projectData("P1", "e2", "pilot", "listed")),

		// The check order of SPEC §4: the first failing check gives the code.
		rc("order: envelope before type and role", CodeBadEnvelope, "x 1", "loan.exploded", "investor:ivy", "nope", `[1]`),
		rc("order: id_conflict before type", CodeIDConflict, "d-L1", "loan.exploded", b1, pool, repay1),
		rc("order: id_conflict before forbidden", CodeIDConflict, "f-1", TypeLoanRepaid, fin, pool, repay1),
		rc("order: type before role", CodeUnknownType, "x-1", "pool.drained", adm, "nope", `[1]`),
		rc("order: role before program", CodeForbidden, "x-1", TypeLoanRepaid, fin, "nope", repay1),
		rc("order: forbidden role before bad amount", CodeForbidden, "x-1", TypeLoanRepaid, fin, pool, repaidData("b1-L1", "1.005", "0")),
		rc("order: program before fields", CodeUnknownProgram, "x-1", TypeLoanRepaid, b1, "nope", repaidData("b1-L1", "1.005", "0")),
		rc("order: fields before the loan", CodeBadAmount, "x-1", TypeLoanRepaid, b1, pool, repaidData("b1-none", "1.005", "0")),
		rcOld("order: bad amount before another bank's loan (old rules)", CodeBadAmount, "x-1", TypeLoanRepaid, b2, pool, repaidData("b1-L1", "1.005", "0")),
		rc("order: the loan-id form before bad amount", CodeBadField, "x-1", TypeLoanRepaid, b2, pool, repaidData("b1-L1", "1.005", "0")),
		rc("order: bad field before bad amount", CodeBadField, "x-1", TypeLoanRepaid, b1, pool, obj("loan", "L 1", "principal", "1.005", "interest", "0", "paid_on", "2026-02-01")),
		rc("order: fields before duplicate_loan", CodeBadAmount, "x-1", TypeLoanDisbursed, b1, pool, disbursed("b1-L1", "0")),
		rcOld("order: unknown loan before another bank (old rules)", CodeUnknownLoan, "x-1", TypeLoanRepaid, b2, pool, repaidData("b1-none", "1.00", "0")),
		rcOld("order: another bank before loan_closed (old rules)", CodeForbidden, "x-1", TypeLoanRepaid, b2, pool, repaidData("b1-L3", "1.00", "0")),
		rc("order: the loan-id form before loan_closed", CodeBadField, "x-1", TypeLoanRepaid, b2, pool, repaidData("b1-L3", "1.00", "0")),
		rc("order: loan_closed before already_defaulted", CodeLoanClosed, "x-1", TypeLoanRepaid, b1, pool, repaidData("b1-LD", "1.00", "0")),
		rc("order: already_defaulted before overpayment", CodeAlreadyDefaulted, "x-1", TypeLoanRepaid, b1, pool, repaidData("b1-L2", "9000000.00", "0")),
		rc("order: already_defaulted before outstanding_mismatch", CodeAlreadyDefaulted, "x-1", TypeLoanDefaulted, b1, pool, obj("loan", "b1-L2", "as_of", "2026-02-20", "outstanding_principal", "1.00")),
		rc("order: loan_closed before outstanding_not_zero", CodeLoanClosed, "x-1", TypeLoanClosed, b1, pool, closedData("b1-LD")),
		rc("order: reason before the claim", CodeBadField, "x-1", TypeClaimRejected, fin, pool, claimData("pool/none")),
		rc("order: claim_closed before same_approver", CodeClaimClosed, "x-1", TypeClaimApproved, "finance:ann", pool, claimData("pool/b1-L4")),
		rc("order: net assets fields before forbidden", CodeBadAmount, "x-1", TypeGuarantorNetAssets, "guarantor:g2", "", netAssetsData("g1", "-1")),
	}
}

func TestRejectCodes(t *testing.T) {
	covered := map[Code]bool{CodeWrongPartition: true} // TestWrongPartition
	for _, tc := range filingRejectCases() {           // TestFilingRejectCodes
		covered[tc.want] = true
	}
	for _, tc := range claimReviewRejectCases() { // TestClaimReviewRejectCodes
		covered[tc.want] = true
	}
	for _, tc := range fundRejectCases() { // TestFundRejectCodes
		covered[tc.want] = true
	}
	for _, c := range []Code{CodeSubsidyNotOffered, CodeAlreadyApplied, CodeNotEligible, CodeUnknownSubsidy, CodeSubsidyClosed} {
		covered[c] = true // TestSubsidyRejectCodes, TestSubsidyEligibility
	}
	for _, tc := range rejectCases() {
		covered[tc.want] = true
		t.Run(tc.name, func(t *testing.T) {
			expectRejected(t, newRejectEngine(t), tc.raw, tc.meta, tc.want)
		})
	}
	for _, c := range Codes() {
		if !covered[c] {
			t.Errorf("reject code %s: no case gives it", c)
		}
	}
}

// TestRejectedInputsThenDuplicates: each rejected input sent again is a
// duplicate that reports the original code (or, without a readable
// envelope or as an id_conflict, is rejected the same way again), and still
// changes nothing.
func TestRejectedInputsThenDuplicates(t *testing.T) {
	for _, tc := range rejectCases() {
		t.Run(tc.name, func(t *testing.T) {
			e := newRejectEngine(t)
			expectRejected(t, e, tc.raw, tc.meta, tc.want)
			// Only an input whose envelope cannot be read is forgotten; a
			// missing program is found after the type, so it is remembered.
			forgotten := tc.want == CodeBadJSON || tc.want == CodeIDConflict ||
				(tc.want == CodeBadEnvelope && !strings.HasPrefix(tc.name, "program missing"))
			if forgotten {
				expectRejected(t, e, tc.raw, tc.meta, tc.want)
				return
			}
			expectDuplicate(t, e, tc.raw, Meta{}, tc.want)
		})
	}
}

// expectDuplicate applies raw, which must be a duplicate reporting code,
// and checks that only the inputs and duplicates counters moved.
func expectDuplicate(t *testing.T, e *Engine, raw []byte, meta Meta, code Code) {
	t.Helper()
	before := e.State()
	out, err := e.Apply(raw, meta)
	if err != nil {
		t.Fatalf("Apply(%.200s): %v", raw, err)
	}
	if out.Status != StatusDuplicate || out.Code != code {
		t.Fatalf("Apply(%.200s) again: got %s %q, want duplicate %q", raw, out.Status, out.Code, code)
	}
	if len(out.Postings) != 0 {
		t.Errorf("duplicate: got %d postings, want none", len(out.Postings))
	}
	after := e.State()
	before.Inputs++
	before.Duplicates++
	b, _ := MarshalState(before)
	a, _ := MarshalState(after)
	if !bytes.Equal(a, b) {
		t.Errorf("duplicate %.200s changed more than the counters:\n%s", raw, lineDiff(b, a))
	}
}

func TestDuplicates(t *testing.T) {
	t.Run("of an applied input", func(t *testing.T) {
		e := newRejectEngine(t)
		expectDuplicate(t, e, rejectSetup[1], Meta{}, CodeNone)
		expectDuplicate(t, e, rejectSetup[1], Meta{}, CodeNone)
	})
	t.Run("white space does not make new content", func(t *testing.T) {
		e := newRejectEngine(t)
		spaced := strings.NewReplacer(`,"`, `, "`, `":`, `" : `).Replace(string(rejectSetup[0]))
		expectDuplicate(t, e, []byte("  "+spaced+"\n"), Meta{}, CodeNone)
	})
	t.Run("of a rejected input that would now apply", func(t *testing.T) {
		s := newScenario(t, rejectPrograms)
		early := s.line(TypeLoanRepaid, "bank:b1", "pool", repaidData("b1-L9", "100.00", "1.00"))
		s.refusedRaw(CodeUnknownLoan, early)
		s.ok(TypeLoanDisbursed, "bank:b1", "pool", disbursedData("b1-L9", "e9", "small", "1000.00", ""))
		expectDuplicate(t, s.e, early, Meta{}, CodeUnknownLoan)
		s.wantLoan("b1-L9", "performing", "1000.00", true, "")
	})
	t.Run("the same id from another source is another input", func(t *testing.T) {
		s := newScenario(t, rejectPrograms)
		s.send(inputLine("same", TypeLoanDisbursed, "bank:b1", "pool", rcAt, disbursedData("b1-L1", "e1", "small", "10.00", "")))
		out := s.send(inputLine("same", TypeLoanDisbursed, "bank:b2", "pool", rcAt, disbursedData("b2-L2", "e1", "small", "20.00", "")))
		if out.Status != StatusApplied {
			t.Fatalf("got %s %s, want applied", out.Status, out.Code)
		}
	})
	t.Run("the transport's source replaces the body's", func(t *testing.T) {
		e := newRejectEngine(t)
		raw := inputLine("h-1", TypeLoanRepaid, "bank:b2", "pool", rcAt, repaidData("b1-L1", "1000.00", "0"))
		out, err := e.Apply(raw, Meta{Source: "bank:b1"})
		if err != nil || out.Status != StatusApplied || out.Source != "bank:b1" {
			t.Fatalf("Apply as bank:b1: got %s %s source %s (%v), want applied from bank:b1", out.Status, out.Code, out.Source, err)
		}
		expectDuplicate(t, e, raw, Meta{Source: "bank:b1"}, CodeNone)
		expectRejected(t, e, raw, Meta{}, CodeBadField) // from bank:b2 it is another input, naming b1's loan
		expectRejected(t, e, raw, Meta{Source: "visitor:ivy"}, CodeBadEnvelope)
	})
}

// TestWrongPartition: Engine.Reject counts and lists an input the
// transport refuses, without remembering its id: the right partition may
// still apply it.
func TestWrongPartition(t *testing.T) {
	e := newRejectEngine(t)
	raw := inputLine("wp-1", TypePoolFunded, "finance:li", "pool", rcAt, fundedData("city", "1000.00"))
	before := coreState(t, e)
	in0, ap0, du0, rj0 := e.Counts()
	out := e.Reject(raw, Meta{}, CodeWrongPartition, "program pool belongs to partition 3, not 1")
	if out.Status != StatusRejected || out.Code != CodeWrongPartition || out.ID != "wp-1" || out.Source != "finance:li" {
		t.Fatalf("Reject: got %s %s id %q source %q, want rejected wrong_partition wp-1 finance:li", out.Status, out.Code, out.ID, out.Source)
	}
	if after := coreState(t, e); !bytes.Equal(before, after) {
		t.Errorf("Reject changed the state:\n%s", lineDiff(before, after))
	}
	in1, ap1, du1, rj1 := e.Counts()
	if in1 != in0+1 || ap1 != ap0 || du1 != du0 || rj1 != rj0+1 {
		t.Errorf("counts: got %d %d %d %d, want %d %d %d %d", in1, ap1, du1, rj1, in0+1, ap0, du0, rj0+1)
	}
	st := e.State()
	if n := len(st.Rejected); n == 0 || !strings.Contains(fmt.Sprint(st.Rejected), "wp-1 finance:li pool.funded wrong_partition") {
		t.Errorf("rejected list: got %v, want an entry for wp-1 with wrong_partition", st.Rejected)
	}
	if out, _ := e.Apply(raw, Meta{}); out.Status != StatusApplied {
		t.Errorf("Apply after Reject: got %s %s, want applied", out.Status, out.Code)
	}
	out = e.Reject([]byte("not json"), Meta{}, CodeWrongPartition, "no key")
	if out.Status != StatusRejected || out.Code != CodeWrongPartition || out.ID != "" {
		t.Errorf("Reject of garbage: got %s %s id %q, want rejected wrong_partition without id", out.Status, out.Code, out.ID)
	}
}

func TestCodeNames(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Codes() {
		name := c.String()
		if name == "" || seen[name] {
			t.Errorf("code %d: got name %q, want a unique name", c, name)
		}
		seen[name] = true
		if back, ok := CodeFromString(name); !ok || back != c {
			t.Errorf("CodeFromString(%q): got %d %v, want %d", name, back, ok, c)
		}
	}
	if _, ok := CodeFromString("nope"); ok {
		t.Errorf("CodeFromString(nope): got ok, want not found")
	}
	if got := Code(200).String(); got != "code(200)" {
		t.Errorf("Code(200): got %q, want code(200)", got)
	}
}
