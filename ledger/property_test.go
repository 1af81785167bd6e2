package ledger

import (
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// Property test in the style of blnk's invariant fuzz test: a seeded
// generator writes a long stream of valid, invalid and duplicated inputs
// over all three program kinds; after every input the invariants are read
// back through the public API (see streamChecker: the documents the input
// changed after every input, the whole state document every 50 inputs and
// at the end). A failure prints its seed;
// `go test ./ledger/ -run TestEngineStreamProperties -seed=N` replays it.

var streamSeed = flag.Uint64("seed", 0, "seed of TestEngineStreamProperties (0: the fixed list)")

// streamSeeds and streamInputs keep the test, with -race, within seconds.
var streamSeeds = []uint64{1, 2, 3, 20260105}

const (
	streamInputs    = 2000
	streamFullEvery = 50 // inputs between checks of the whole state
)

// streamPrograms: every kind, odd ratios so that rounding matters, every
// cap, the NPL suspension, leverage limits, dual approval, interest cover
// and two currencies.
const streamPrograms = `{"programs":[
 {"id":"pool","name":"pool","kind":"compensation_pool","currency":"CNY","max_leverage":"10",
  "dual_approval_threshold":"1000000.00","per_loan_cap":"3000000.00","per_bank_annual_cap":"8000000.00",
  "bank_npl_suspend_ratio":"0.45","shares":[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.333333"}]},
 {"id":"pi","name":"pi","kind":"compensation_pool","currency":"CNY","covers":"principal_and_interest",
  "claim_trigger_days_past_due":0,"shares":[{"party":"city","ratio":"0.5"}]},
 {"id":"gp","name":"gp","kind":"guarantee_program","currency":"CNY","claim_trigger_days_past_due":60,
  "dual_approval_threshold":"300000.00","max_leverage":"20",
  "shares":[{"party":"guarantor","ratio":"0.375"},{"party":"reguarantor","ratio":"0.285"},{"party":"bank","ratio":"0.215"},{"party":"government","ratio":"0.125"}]},
 {"id":"cap","name":"cap","kind":"capped_portfolio_guarantee","currency":"EUR","guarantee_rate":"0.8","cap_rate":"0.25","cap_basis":"guaranteed"},
 {"id":"capp","name":"capp","kind":"capped_portfolio_guarantee","currency":"EUR","guarantee_rate":"0.5","cap_rate":"0.1","cap_basis":"portfolio",
  "claim_trigger_days_past_due":30,"dual_approval_threshold":"0"}]}`

func streamConfig(tb testing.TB) *risk.Config {
	tb.Helper()
	cfg, err := risk.ParsePrograms(strings.NewReader(streamPrograms))
	if err != nil {
		tb.Fatalf("ParsePrograms: %v", err)
	}
	return cfg
}

// What the generator expects of an input.
const (
	wantApplied   = iota + 1 // applied
	wantRejected             // rejected with code
	wantDuplicate            // a duplicate reporting code
	wantOneOf                // rejected with one of oneOf, or applied when appliedOK
)

type genWant struct {
	kind      int
	code      Code
	oneOf     []Code
	appliedOK bool
}

func (w genWant) String() string {
	switch w.kind {
	case wantApplied:
		return "applied"
	case wantRejected:
		return "rejected " + w.code.String()
	case wantDuplicate:
		return "duplicate of " + strconv.Quote(w.code.String())
	}
	return fmt.Sprintf("one of %v (applied ok: %v)", w.oneOf, w.appliedOK)
}

type genProgram struct {
	id, kind, currency string
	trigger            int
}

var genPrograms = []genProgram{
	{"pool", "compensation_pool", "CNY", 90},
	{"pi", "compensation_pool", "CNY", 0},
	{"gp", "guarantee_program", "CNY", 60},
	{"cap", "capped_portfolio_guarantee", "EUR", 90},
	{"capp", "capped_portfolio_guarantee", "EUR", 30},
}

// genLoan is the generator's exact model of a loan.
type genLoan struct {
	id, bank, guarantor string
	prog                *genProgram
	outstanding         int64 // cents
	status              LoanStatus
}

// genSent is one input of the stream with its outcome.
type genSent struct {
	raw        []byte
	source, id string // empty when the envelope cannot be read
	at         string
	status     Status
	code       Code
}

// remembered: the engine keeps its (source, id) and outcome.
func (h *genSent) remembered() bool {
	return h.source != "" && !(h.status == StatusRejected && h.code == CodeIDConflict)
}

var (
	genBanks      = []string{"b1", "b2", "b3"}
	genFinance    = []string{"finance:ann", "finance:bob", "finance:cy", "finance:li"}
	genGuarantors = []string{"g1", "g2", "g3", "g4"} // g4 never reports net assets
	genSizes      = []string{SizeMicro, SizeSmall, SizeSmall, SizeMedium, SizeLarge}
	genZones      = []*time.Location{time.FixedZone("", 8*3600), time.UTC, time.FixedZone("", -5*3600),
		time.FixedZone("", 3600), time.FixedZone("", 5*3600+45*60)}
)

// streamGen writes a deterministic stream of inputs from a seed. Call next
// for an input, apply it, then observe its outcome: the generator checks
// the outcome against what it expected and keeps its model of the loans in
// step with the engine.
type streamGen struct {
	rng      *rand.Rand
	clock    time.Time
	n        int // inputs written
	loans    []*genLoan
	byID     map[string]*genLoan
	claims   []string // claim ids of loans that defaulted (covered or not)
	projects []string
	history  []*genSent
	keep     []int // indexes of remembered inputs in history

	cur     *genSent
	want    genWant
	pending func() // the model's change if cur is applied
}

func newStreamGen(seed uint64) *streamGen {
	return &streamGen{
		rng:   rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		clock: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		byID:  map[string]*genLoan{},
	}
}

func (g *streamGen) pick(n int) int { return g.rng.IntN(n) }

func (g *streamGen) chance(percent int) bool { return g.rng.IntN(100) < percent }

// at advances the clock and writes it in one of several time zones.
func (g *streamGen) at() string {
	g.clock = g.clock.Add(time.Duration(g.rng.IntN(40*60)) * time.Minute)
	return g.clock.In(genZones[g.pick(len(genZones))]).Format(time.RFC3339)
}

// date is the earliest local date of the clock's instant in genZones (the
// farthest west is UTC−5): never after the local date of the next at,
// whatever its zone, and never before a date written earlier.
func (g *streamGen) date() string { return g.clock.Add(-5 * time.Hour).Format(DateLayout) }

// helperDates are the dates the data helpers write: emit dates them
// by the clock, so that each follows its loan's disbursement and precedes
// its at.
var helperDates = strings.NewReplacer()

func init() {
	var pairs []string
	for _, d := range []string{"2026-01-05", "2026-01-20", "2026-01-25", "2026-01-30", "2026-01-31", "2026-02-01"} {
		pairs = append(pairs, `"`+d+`"`, "\x00DATE\x00")
	}
	helperDates = strings.NewReplacer(pairs...)
}

// money writes cents as an amount, sometimes without the decimals.
func (g *streamGen) money(cents int64) string {
	switch {
	case cents%100 == 0 && g.chance(30):
		return strconv.FormatInt(cents/100, 10)
	case cents%10 == 0 && g.chance(30):
		return fmt.Sprintf("%d.%d", cents/100, cents%100/10)
	}
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}

func (g *streamGen) principal() int64 {
	switch r := g.pick(10); {
	case r == 0:
		return 1 + g.rng.Int64N(10_000_00)
	case r < 6:
		return 100_000_00 + g.rng.Int64N(2_900_000_00)
	case r < 9:
		return 3_000_000_00 + g.rng.Int64N(7_000_000_00)
	default:
		return 10_000_000_00 + g.rng.Int64N(50_000_000_00)
	}
}

func (g *streamGen) program() *genProgram { return &genPrograms[g.pick(len(genPrograms))] }

func (g *streamGen) finance() string { return genFinance[g.pick(len(genFinance))] }

func (g *streamGen) loan() *genLoan {
	if len(g.loans) == 0 {
		return nil
	}
	// Favour recent loans, so that a loan goes through its whole life.
	if g.chance(60) && len(g.loans) > 20 {
		return g.loans[len(g.loans)-1-g.pick(20)]
	}
	return g.loans[g.pick(len(g.loans))]
}

// emit makes the input the current one with its expectation.
func (g *streamGen) emit(source, id, typ, program, data string, want genWant, pending func()) []byte {
	data = strings.ReplaceAll(helperDates.Replace(data), "\x00DATE\x00", strconv.Quote(g.date()))
	at := g.at()
	raw := inputLine(id, typ, source, program, at, data)
	g.cur = &genSent{raw: raw, source: source, id: id, at: at}
	g.want, g.pending = want, pending
	return raw
}

func (g *streamGen) newID(prefix string) string {
	return fmt.Sprintf("%s-%05d", prefix, g.n)
}

func genApplied() genWant            { return genWant{kind: wantApplied} }
func genRejected(c Code) genWant     { return genWant{kind: wantRejected, code: c} }
func genOneOf(c ...Code) genWant     { return genWant{kind: wantOneOf, oneOf: c} }
func genOrApplied(w genWant) genWant { w.appliedOK = true; return w }

// next writes the next input.
func (g *streamGen) next() []byte {
	g.n++
	r := g.pick(100)
	switch {
	case r < 14:
		return g.disburse()
	case r < 26:
		return g.repay()
	case r < 32:
		return g.overdue()
	case r < 37:
		return g.defaulted()
	case r < 43:
		return g.recovered()
	case r < 47:
		return g.closed()
	case r < 52:
		return g.funded()
	case r < 61:
		return g.approve()
	case r < 64:
		return g.rejectClaim()
	case r < 67:
		return g.netAssets()
	case r < 70:
		return g.project()
	case r < 73:
		return g.garbage()
	case r < 76:
		return g.wrongRole()
	case r < 78:
		return g.otherBanksLoan()
	case r < 81:
		return g.idConflict()
	case r < 89:
		return g.resend()
	default:
		return g.malformed()
	}
}

func (g *streamGen) disburse() []byte {
	p := g.program()
	bank := genBanks[g.pick(len(genBanks))]
	id := fmt.Sprintf("%s-L%05d", bank, g.n)
	borrower := g.pick(40)
	cents := g.principal()
	guarantor := ""
	if p.kind == "guarantee_program" {
		guarantor = genGuarantors[g.pick(len(genGuarantors))]
		if g.chance(40) {
			// g2 serves mainly micro and small firms: its limit may be 15.
			guarantor, borrower = "g2", borrower/5*5+g.pick(3)
		}
		if g.chance(20) {
			guarantor = "guarantor:" + guarantor
		}
	}
	data := disbursedData(id, fmt.Sprintf("e%02d", borrower), genSizes[borrower%len(genSizes)], g.money(cents), guarantor)
	if g.chance(20) {
		data = strings.TrimSuffix(data, "}") + `,"currency":"` + p.currency + `"}`
	}
	data = strings.Replace(data, `"2026-01-05"`, strconv.Quote(g.date()), 1)
	loan := &genLoan{id: id, bank: bank, prog: p, outstanding: cents, guarantor: guarantor}
	return g.emit("bank:"+bank, g.newID("d"), TypeLoanDisbursed, p.id, data, genApplied(), func() {
		g.loans = append(g.loans, loan)
		g.byID[id] = loan
	})
}

// onLoan is the expectation of a loan event by its owner, given the loan's
// state: loan_closed first, then already_defaulted for reports that only
// make sense before a default.
func onLoan(l *genLoan, beforeDefaultOnly bool) (genWant, bool) {
	switch {
	case l.status == LoanClosed:
		return genRejected(CodeLoanClosed), false
	case beforeDefaultOnly && l.status == LoanDefaulted:
		return genRejected(CodeAlreadyDefaulted), false
	}
	return genApplied(), true
}

func (g *streamGen) repay() []byte {
	l := g.loan()
	if l == nil {
		return g.disburse()
	}
	var principal int64
	switch r := g.pick(100); {
	case r < 25:
		principal = l.outstanding
	case r < 80 && l.outstanding > 0:
		principal = 1 + g.rng.Int64N(l.outstanding)
	case r < 90:
		principal = l.outstanding + 1 + g.rng.Int64N(100_000_00)
	}
	interest := int64(0)
	if g.chance(70) {
		interest = g.rng.Int64N(50_000_00)
	}
	data := obj("loan", l.id, "principal", g.money(principal), "interest", g.money(interest), "paid_on", g.date())
	want, ok := onLoan(l, true)
	switch {
	case principal == 0 && interest == 0:
		want, ok = genRejected(CodeBadAmount), false
	case ok && principal > l.outstanding:
		want, ok = genRejected(CodeOverpayment), false
	}
	var pending func()
	if ok {
		pending = func() { l.outstanding -= principal }
	}
	return g.emit("bank:"+l.bank, g.newID("r"), TypeLoanRepaid, l.prog.id, data, want, pending)
}

func (g *streamGen) overdue() []byte {
	l := g.loan()
	if l == nil {
		return g.disburse()
	}
	days := g.pick(125)
	if g.chance(20) {
		days = 0
	}
	want, ok := onLoan(l, true)
	var pending func()
	if ok {
		pending = func() {
			switch {
			case l.prog.trigger > 0 && days >= l.prog.trigger:
				g.defaultModel(l)
			case days > 0:
				l.status = LoanOverdue
			default:
				l.status = LoanPerforming
			}
		}
	}
	data := obj("loan", l.id, "days_past_due", days, "as_of", g.date())
	return g.emit("bank:"+l.bank, g.newID("o"), TypeLoanOverdue, l.prog.id, data, want, pending)
}

func (g *streamGen) defaultModel(l *genLoan) {
	l.status = LoanDefaulted
	g.claims = append(g.claims, l.prog.id+"/"+l.id)
}

func (g *streamGen) defaulted() []byte {
	l := g.loan()
	if l == nil {
		return g.disburse()
	}
	kv := []any{"loan", l.id, "as_of", g.date()}
	want, ok := onLoan(l, true)
	if g.chance(30) {
		reported := l.outstanding
		if g.chance(30) {
			reported += 1
		}
		kv = append(kv, "outstanding_principal", g.money(reported))
		if ok && reported != l.outstanding {
			want, ok = genRejected(CodeOutstandingMismatch), false
		}
	}
	if g.chance(40) {
		kv = append(kv, "unpaid_interest", g.money(g.rng.Int64N(500_000_00)))
	}
	var pending func()
	if ok {
		pending = func() { g.defaultModel(l) }
	}
	return g.emit("bank:"+l.bank, g.newID("x"), TypeLoanDefaulted, l.prog.id, obj(kv...), want, pending)
}

func (g *streamGen) recovered() []byte {
	l := g.loan()
	// Most recoveries go to defaulted loans.
	for i := 0; i < 8 && l != nil && l.status != LoanDefaulted; i++ {
		l = g.loan()
	}
	if l == nil {
		return g.disburse()
	}
	amount := 1 + g.rng.Int64N(2_000_000_00)
	kv := []any{"loan", l.id, "amount", g.money(amount)}
	if g.chance(50) {
		kv = append(kv, "costs", g.money(g.rng.Int64N(amount+amount/4+1)))
	}
	kv = append(kv, "recovered_on", g.date())
	want, _ := onLoan(l, false)
	if want.kind == wantApplied && l.status != LoanDefaulted {
		want = genRejected(CodeNotDefaulted)
	}
	return g.emit("bank:"+l.bank, g.newID("v"), TypeLoanRecovered, l.prog.id, obj(kv...), want, nil)
}

func (g *streamGen) closed() []byte {
	l := g.loan()
	if l == nil {
		return g.disburse()
	}
	want, ok := onLoan(l, false)
	if ok && l.status != LoanDefaulted && l.outstanding != 0 {
		want, ok = genRejected(CodeOutstandingNotZero), false
	}
	var pending func()
	if ok {
		pending = func() { l.status = LoanClosed }
	}
	return g.emit("bank:"+l.bank, g.newID("c"), TypeLoanClosed, l.prog.id, obj("loan", l.id, "closed_on", g.date()), want, pending)
}

func (g *streamGen) funded() []byte {
	p := g.program()
	funder := []string{"province", "city", "eif"}[g.pick(3)]
	// Pools are kept short of money, so that claims queue and are paid
	// first-in first-out as funding arrives.
	cents := 10_000_00 + g.rng.Int64N(1_000_000_00)
	if g.chance(10) {
		cents = 1 + g.rng.Int64N(1000_00)
	}
	return g.emit("finance:li", g.newID("f"), TypePoolFunded, p.id, fundedData(funder, g.money(cents)), genApplied(), nil)
}

func (g *streamGen) claimID() (string, string) {
	if len(g.claims) == 0 || g.chance(10) {
		p := g.program()
		return p.id + "/L-none", p.id
	}
	id := g.claims[g.pick(len(g.claims))]
	if g.chance(60) && len(g.claims) > 10 {
		id = g.claims[len(g.claims)-1-g.pick(10)]
	}
	program, _, _ := strings.Cut(id, "/")
	return id, program
}

func (g *streamGen) approve() []byte {
	id, program := g.claimID()
	want := genOrApplied(genOneOf(CodeUnknownClaim, CodeClaimClosed, CodeSameApprover))
	if strings.HasSuffix(id, "/L-none") {
		want = genRejected(CodeUnknownClaim)
	}
	return g.emit(g.finance(), g.newID("a"), TypeClaimApproved, program, claimData(id), want, nil)
}

func (g *streamGen) rejectClaim() []byte {
	id, program := g.claimID()
	want := genOrApplied(genOneOf(CodeUnknownClaim, CodeClaimClosed))
	if strings.HasSuffix(id, "/L-none") {
		want = genRejected(CodeUnknownClaim)
	}
	return g.emit(g.finance(), g.newID("j"), TypeClaimRejected, program, claimRejectedData(id, "not eligible"), want, nil)
}

func (g *streamGen) netAssets() []byte {
	gid := genGuarantors[g.pick(len(genGuarantors)-1)]
	cents := 500_000_00 + g.rng.Int64N(5_000_000_00)
	if g.chance(5) {
		cents = 0
	}
	source, want := "finance:li", genApplied()
	switch r := g.pick(10); {
	case r < 4:
		source = "guarantor:" + gid
	case r < 5:
		source = "guarantor:" + genGuarantors[(g.pick(3)+1+genIndex(genGuarantors, gid))%len(genGuarantors)]
		want = genRejected(CodeForbidden)
	}
	return g.emit(source, g.newID("n"), TypeGuarantorNetAssets, "", netAssetsData(gid, g.money(cents)), want, nil)
}

func genIndex(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func (g *streamGen) project() []byte {
	stage := ProjectStages[g.pick(len(ProjectStages))]
	status := ProjectStatuses[g.pick(len(ProjectStatuses))]
	enterprise := fmt.Sprintf("e%02d", g.pick(40))
	switch r := g.pick(10); {
	case r < 4 || len(g.projects) == 0:
		id := fmt.Sprintf("P%05d", g.n)
		return g.emit("admin:adm", g.newID("p"), TypeProjectRegistered, "", projectData(id, enterprise, stage, status), genApplied(),
			func() { g.projects = append(g.projects, id) })
	case r < 8:
		id := g.projects[g.pick(len(g.projects))]
		data := obj("project", id, "status", status, "stage", stage, "funding_sought", g.money(g.rng.Int64N(1e10)))
		return g.emit("admin:adm", g.newID("p"), TypeProjectUpdated, "", data, genApplied(), nil)
	case r < 9:
		id := g.projects[g.pick(len(g.projects))]
		return g.emit("admin:adm", g.newID("p"), TypeProjectRegistered, "", projectData(id, enterprise, stage, status), genRejected(CodeDuplicateProject), nil)
	default:
		return g.emit("admin:adm", g.newID("p"), TypeProjectUpdated, "", obj("project", "P-none", "status", status), genRejected(CodeUnknownProject), nil)
	}
}

// garbage writes inputs whose envelope is unreadable, or only just readable.
func (g *streamGen) garbage() []byte {
	at := g.at()
	set := func(raw []byte, source, id string, want genWant) []byte {
		g.cur = &genSent{raw: raw, source: source, id: id, at: at}
		g.want, g.pending = want, nil
		return raw
	}
	id := g.newID("g")
	switch g.pick(9) {
	case 0:
		b := make([]byte, g.pick(40))
		for i := range b {
			b[i] = byte(g.rng.UintN(256))
		}
		return set(b, "", "", genOneOf(CodeBadJSON, CodeBadEnvelope))
	case 1:
		return set([]byte([]string{`[]`, `null`, `"x"`, `{"id":`, `{"id":"a"}}`, ``, `  `, `12`}[g.pick(8)]), "", "", genRejected(CodeBadJSON))
	case 2:
		return set([]byte(`{}`), "", "", genRejected(CodeBadEnvelope))
	case 3:
		return set(inputLine(id, TypeLoanRepaid, "bank:b1", "pool", "yesterday", repaidData("L1", "1.00", "0")), "", "", genRejected(CodeBadEnvelope))
	case 4:
		return set(inputLine(id, TypePoolFunded, "visitor:ivy", "pool", at, fundedData("city", "1.00")), "", "", genRejected(CodeBadEnvelope))
	case 5:
		return set(inputLine("bad id "+id, TypePoolFunded, "finance:li", "pool", at, fundedData("city", "1.00")), "", "", genRejected(CodeBadEnvelope))
	case 6:
		// Readable envelope, no program: remembered.
		return set(inputLine(id, TypeLoanRepaid, "bank:b2", "", at, repaidData("L1", "1.00", "0")), "bank:b2", id, genRejected(CodeBadEnvelope))
	case 7:
		return set(inputLine(id, TypeLoanRepaid, "bank:b2", "pool", at, `"data"`), "bank:b2", id, genRejected(CodeBadField))
	default:
		return set([]byte(`{"id":"`+id+`","type":"pool.funded","source":"finance:li","program":"pool","at":"`+at+
			`","data":{"funder":"city","amount":1000}}`), "finance:li", id, genRejected(CodeBadAmount))
	}
}

func (g *streamGen) wrongRole() []byte {
	p := g.program()
	l := g.loan()
	loanID := "L-none"
	if l != nil {
		loanID = l.id
	}
	type wrong struct{ source, typ, data string }
	cases := []wrong{
		{"finance:li", TypeLoanDisbursed, disbursedData("W"+g.newID("w"), "e01", SizeSmall, "100.00", "g1")},
		{"bank:b1", TypePoolFunded, fundedData("city", "100.00")},
		{"bank:b2", TypeClaimApproved, claimData(p.id + "/" + loanID)},
		{"admin:adm", TypeLoanRepaid, repaidData(loanID, "1.00", "0")},
		{"guarantor:g1", TypeLoanDefaulted, defaultedData(loanID)},
		{"bank:b3", TypeGuarantorNetAssets, netAssetsData("g1", "100.00")},
		{"finance:ann", TypeProjectRegistered, projectData("P-x", "e01", "pilot", "listed")},
		{"guarantor:g2", TypeClaimRejected, claimRejectedData(p.id+"/"+loanID, "no")},
	}
	c := cases[g.pick(len(cases))]
	return g.emit(c.source, g.newID("w"), c.typ, p.id, c.data, genRejected(CodeForbidden), nil)
}

func (g *streamGen) otherBanksLoan() []byte {
	l := g.loan()
	if l == nil {
		return g.disburse()
	}
	other := genBanks[(genIndex(genBanks, l.bank)+1+g.pick(2))%len(genBanks)]
	data := []string{repaidData(l.id, "1.00", "0"), defaultedData(l.id), closedData(l.id), recoveredData(l.id, "5.00", "")}
	types := []string{TypeLoanRepaid, TypeLoanDefaulted, TypeLoanClosed, TypeLoanRecovered}
	i := g.pick(len(types))
	// The loan id's form tells it is not the sender's (SPEC §15).
	return g.emit("bank:"+other, g.newID("t"), types[i], l.prog.id, data[i], genRejected(CodeBadField), nil)
}

// idConflict sends a remembered (source, id) again with other content.
func (g *streamGen) idConflict() []byte {
	if len(g.keep) == 0 {
		return g.funded()
	}
	h := g.history[g.keep[g.pick(len(g.keep))]]
	at := g.at()
	if at == h.at {
		at = g.clock.Add(time.Second).UTC().Format(time.RFC3339)
	}
	raw := bytes.Replace(h.raw, []byte(`"at":"`+h.at+`"`), []byte(`"at":"`+at+`"`), 1)
	g.cur = &genSent{raw: raw, source: h.source, id: h.id, at: at}
	g.want, g.pending = genRejected(CodeIDConflict), nil
	return raw
}

// resend sends an earlier input again, byte for byte.
func (g *streamGen) resend() []byte {
	if len(g.history) == 0 {
		return g.funded()
	}
	h := g.history[g.pick(len(g.history))]
	if g.chance(50) && len(g.history) > 10 {
		h = g.history[len(g.history)-1-g.pick(10)]
	}
	g.cur = &genSent{raw: h.raw, source: h.source, id: h.id, at: h.at}
	g.pending = nil
	switch {
	case h.source == "": // unreadable envelope: rejected the same way again
		g.want = genRejected(h.code)
	case h.status == StatusRejected && h.code == CodeIDConflict:
		g.want = genRejected(CodeIDConflict)
	default:
		g.want = genWant{kind: wantDuplicate, code: h.code}
	}
	return h.raw
}

// malformed writes inputs with a readable envelope that fail a later check.
func (g *streamGen) malformed() []byte {
	l := g.loan()
	if l == nil {
		return g.disburse()
	}
	src := "bank:" + l.bank
	guarantor := ""
	if l.prog.kind == "guarantee_program" {
		guarantor = "g1"
	}
	switch g.pick(9) {
	case 0:
		return g.emit(src, g.newID("m"), "loan.written_off", l.prog.id, closedData(l.id), genRejected(CodeUnknownType), nil)
	case 1:
		return g.emit(src, g.newID("m"), TypeLoanRepaid, "nope", repaidData(l.id, "1.00", "0"), genRejected(CodeUnknownProgram), nil)
	case 2:
		return g.emit(src, g.newID("m"), TypeLoanOverdue, l.prog.id, overdueData(l.id, -3), genRejected(CodeBadField), nil)
	case 3:
		return g.emit(src, g.newID("m"), TypeLoanDisbursed, l.prog.id, disbursedData(l.bank+"-N"+strings.ReplaceAll(g.newID("m"), "-", ""), "e01", "giant", "100.00", guarantor), genRejected(CodeBadField), nil)
	case 4:
		amount := []string{"1.005", "-1", "1e3", "", "01", "1,000"}[g.pick(6)]
		return g.emit(src, g.newID("m"), TypeLoanRepaid, l.prog.id, repaidData(l.id, amount, "0"), genRejected(CodeBadAmount), nil)
	case 5:
		data := strings.TrimSuffix(disbursedData(l.bank+"-N"+strings.ReplaceAll(g.newID("m"), "-", ""), "e01", SizeSmall, "100.00", guarantor), "}") + `,"currency":"USD"}`
		return g.emit(src, g.newID("m"), TypeLoanDisbursed, l.prog.id, data, genRejected(CodeCurrencyMismatch), nil)
	case 6:
		return g.emit(src, g.newID("m"), TypeLoanDisbursed, l.prog.id, disbursedData(l.id, "e01", SizeSmall, "100.00", guarantor), genRejected(CodeDuplicateLoan), nil)
	case 7:
		return g.emit(src, g.newID("m"), TypeLoanRepaid, l.prog.id, repaidData(l.bank+"-none", "1.00", "0"), genRejected(CodeUnknownLoan), nil)
	default:
		other := genPrograms[0]
		if l.prog.id == other.id {
			other = genPrograms[1]
		}
		return g.emit(src, g.newID("m"), TypeLoanClosed, other.id, closedData(l.id), genRejected(CodeUnknownLoan), nil)
	}
}

// observe checks the outcome of the current input against the expectation
// and, when it was applied, moves the model along.
func (g *streamGen) observe(out Outcome) error {
	h, w := g.cur, g.want
	h.status, h.code = out.Status, out.Code
	g.history = append(g.history, h)
	if h.remembered() && out.Status != StatusDuplicate {
		g.keep = append(g.keep, len(g.history)-1)
	}
	ok := false
	switch w.kind {
	case wantApplied:
		ok = out.Status == StatusApplied
	case wantRejected:
		ok = out.Status == StatusRejected && out.Code == w.code
	case wantDuplicate:
		ok = out.Status == StatusDuplicate && out.Code == w.code
	case wantOneOf:
		ok = out.Status == StatusApplied && w.appliedOK
		for _, c := range w.oneOf {
			ok = ok || (out.Status == StatusRejected && out.Code == c)
		}
	}
	if !ok {
		return fmt.Errorf("got %s %q (%s), want %s", out.Status, out.Code, out.Message, w)
	}
	if out.Status == StatusApplied && g.pending != nil {
		g.pending()
	}
	return nil
}

// checkModel compares the loans of the state with the generator's model.
func (g *streamGen) checkModel(st *State) error {
	if len(st.Loans) != len(g.loans) {
		return fmt.Errorf("loans: got %d, want %d", len(st.Loans), len(g.loans))
	}
	for _, l := range st.Loans {
		if err := g.checkLoan(l); err != nil {
			return err
		}
	}
	return nil
}

// checkLoan compares one loan document with the model: the generator knows
// every loan's program, bank, status and outstanding principal exactly.
func (g *streamGen) checkLoan(l LoanDoc) error {
	m := g.byID[l.ID]
	if m == nil {
		return fmt.Errorf("loan %s: not in the model", l.ID)
	}
	want := fmt.Sprintf("%s %s %s %s", m.prog.id, m.bank, m.status, formatCents(m.outstanding))
	if got := fmt.Sprintf("%s %s %s %s", l.Program, l.Bank, l.Status, l.Outstanding); got != want {
		return fmt.Errorf("loan %s: got %s, want %s", l.ID, got, want)
	}
	return nil
}

func formatCents(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

// parseCents reads an amount of the state document, which always has exactly
// two fractional digits.
func parseCents(s string) (int64, error) {
	if len(s) < 4 || s[len(s)-3] != '.' {
		return 0, fmt.Errorf("amount %q does not have two fractional digits", s)
	}
	return strconv.ParseInt(s[:len(s)-3]+s[len(s)-2:], 10, 64)
}

// amountsOf parses amounts, keeping the first error.
type amountsOf struct{ err error }

func (a *amountsOf) of(what, s string) int64 {
	c, err := parseCents(s)
	if err != nil && a.err == nil {
		a.err = fmt.Errorf("%s: %v", what, err)
	}
	return c
}

// checkEngineInvariants reads the engine through its public API and state
// document and checks every invariant of SPEC §4 and §6 that does not need
// the history of the inputs. It returns the state it read.
func checkEngineInvariants(e *Engine) (*State, error) {
	inputs, applied, duplicates, rejected := e.Counts()
	if inputs != applied+duplicates+rejected {
		return nil, fmt.Errorf("inputs %d != applied %d + duplicates %d + rejected %d", inputs, applied, duplicates, rejected)
	}
	if !e.Book().Balanced() {
		return nil, fmt.Errorf("trial balance not zero: %v", e.Book().TrialBalance())
	}
	for cur, sum := range e.Book().TrialBalance() {
		if !sum.IsZero() {
			return nil, fmt.Errorf("trial balance in %s: %s", cur, sum)
		}
	}
	st := e.State()
	if st.Inputs != inputs || st.Applied != applied || st.Duplicates != duplicates || int64(len(st.Rejected)) != rejected {
		return nil, fmt.Errorf("state counts %d %d %d %d differ from Counts %d %d %d %d",
			st.Inputs, st.Applied, st.Duplicates, len(st.Rejected), inputs, applied, duplicates, rejected)
	}
	if !st.Ledger.Balanced {
		return nil, fmt.Errorf("ledger.balanced is false")
	}
	if err := checkLoansAndClaims(st); err != nil {
		return st, err
	}
	for _, p := range st.Programs {
		if err := checkProgramDoc(p); err != nil {
			return st, err
		}
	}
	return st, checkPrograms(st)
}

type programSums struct {
	paid, owed, cashRecovered, coveredOutstanding int64
	loans, coveredLoans                           int
}

func checkLoansAndClaims(st *State) error {
	var a amountsOf
	loans := map[string]LoanDoc{}
	for _, l := range st.Loans {
		loans[l.ID] = l
		if out := a.of("loan "+l.ID+" outstanding", l.Outstanding); out < 0 {
			return fmt.Errorf("loan %s: outstanding %s below zero", l.ID, l.Outstanding)
		}
		if l.Covered != (l.UncoveredReason == "") {
			return fmt.Errorf("loan %s: covered %v with reason %q", l.ID, l.Covered, l.UncoveredReason)
		}
	}
	for _, c := range st.Claims {
		l, ok := loans[c.Loan]
		switch {
		case !ok:
			return fmt.Errorf("claim %s: loan %s does not exist", c.ID, c.Loan)
		case !l.Covered:
			return fmt.Errorf("claim %s: loan %s is not covered", c.ID, c.Loan)
		case l.Status != "defaulted" && l.Status != "closed":
			return fmt.Errorf("claim %s: loan %s is %s", c.ID, c.Loan, l.Status)
		case c.ID != c.Program+"/"+c.Loan || l.Program != c.Program || l.Bank != c.Bank:
			return fmt.Errorf("claim %s: program %s loan %s bank %s vs loan's %s %s", c.ID, c.Program, c.Loan, c.Bank, l.Program, l.Bank)
		}
		if err := checkClaim(c); err != nil {
			return fmt.Errorf("claim %s: %v (%s)", c.ID, err, claimText(c))
		}
	}
	return a.err
}

func checkClaim(c ClaimDoc) error {
	var a amountsOf
	loss, payable := a.of("loss", c.Loss), a.of("payable", c.Payable)
	paid, owed, recovered := a.of("paid", c.Paid), a.of("owed", c.Owed), a.of("recovered", c.Recovered)
	sum := int64(0)
	for _, s := range c.Shares {
		part := a.of("share "+s.Party, risk.FormatAmount(s.Amount))
		if part < 0 {
			return fmt.Errorf("share of %s below zero", s.Party)
		}
		sum += part
	}
	if a.err != nil {
		return a.err
	}
	// payable = paid + owed + what recoveries cancelled, once approved.
	cancelled := int64(0)
	if c.Status == "queued" || c.Status == "paid" {
		cancelled = payable - paid - owed
	}
	switch {
	case sum != loss:
		return fmt.Errorf("shares sum to %s, loss is %s", formatCents(sum), c.Loss)
	case len(c.Shares) == 0 || c.Shares[len(c.Shares)-1].Party != risk.PartyBank:
		return fmt.Errorf("the bank is not the last party")
	case loss < 0 || payable < 0 || paid < 0 || owed < 0 || recovered < 0:
		return fmt.Errorf("an amount is below zero")
	case payable > loss:
		return fmt.Errorf("payable above the loss")
	case paid > payable:
		return fmt.Errorf("paid above payable")
	case cancelled < 0:
		return fmt.Errorf("paid + owed above payable")
	case cancelled > recovered:
		return fmt.Errorf("payable − paid − owed = %s, more than recovered", formatCents(cancelled))
	case recovered > payable:
		return fmt.Errorf("recovered above payable")
	}
	seen := map[string]bool{}
	for _, ap := range c.Approvals {
		if seen[ap] || !strings.HasPrefix(ap, RoleFinance+":") {
			return fmt.Errorf("approvals %v: a repeated or non-finance approver", c.Approvals)
		}
		seen[ap] = true
	}
	n := len(c.Approvals)
	switch c.Status {
	case "pending", "rejected":
		if paid != 0 || owed != 0 || recovered != 0 || (c.Status == "pending" && n != 0) || n > 1 {
			return fmt.Errorf("%s claim with payments, recoveries or %d approvals", c.Status, n)
		}
	case "awaiting_second_approval":
		if paid != 0 || owed != 0 || recovered != 0 || n != 1 {
			return fmt.Errorf("awaiting claim with payments, recoveries or %d approvals", n)
		}
	case "queued":
		if owed == 0 || n == 0 || n > 2 {
			return fmt.Errorf("queued with nothing owed or %d approvals", n)
		}
	case "paid":
		if owed != 0 || n == 0 || n > 2 {
			return fmt.Errorf("paid with %s owed or %d approvals", c.Owed, n)
		}
	default:
		return fmt.Errorf("unknown status %q", c.Status)
	}
	return nil
}

// checkPayableParts: the payable is the funders' parts (pool), the
// government's (guarantee program) or the guarantor's (capped).
func checkPayableParts(kind string, c ClaimDoc) error {
	var a amountsOf
	payable, funders := a.of("payable", c.Payable), int64(0)
	for _, s := range c.Shares {
		part := a.of("share", risk.FormatAmount(s.Amount))
		switch {
		case kind == string(risk.KindCompensationPool) && s.Party != risk.PartyBank,
			kind == string(risk.KindGuaranteeProgram) && s.Party == risk.PartyGovernment,
			kind == string(risk.KindCappedGuarantee) && s.Party == risk.PartyGuarantor:
			funders += part
		}
	}
	if a.err == nil && funders != payable {
		return fmt.Errorf("claim %s: payable %s, but the paying parts sum to %s", c.ID, c.Payable, formatCents(funders))
	}
	return a.err
}

func checkPrograms(st *State) error {
	var a amountsOf
	sums := map[string]*programSums{}
	kinds := map[string]string{}
	for _, p := range st.Programs {
		sums[p.ID] = &programSums{}
		kinds[p.ID] = p.Kind
	}
	for _, l := range st.Loans {
		s := sums[l.Program]
		s.loans++
		if l.Covered {
			s.coveredLoans++
			if l.Status == "performing" || l.Status == "overdue" {
				s.coveredOutstanding += a.of("outstanding", l.Outstanding)
			}
		}
	}
	for _, c := range st.Claims {
		s := sums[c.Program]
		paid, owed := a.of("paid", c.Paid), a.of("owed", c.Owed)
		s.paid += paid
		s.owed += owed
		if c.Status == "queued" || c.Status == "paid" {
			s.cashRecovered += a.of("recovered", c.Recovered) - (a.of("payable", c.Payable) - paid - owed)
		}
		if err := checkPayableParts(kinds[c.Program], c); err != nil {
			return err
		}
	}
	// Each document is checked on its own by checkProgramDoc; here the sums
	// across documents.
	for _, p := range st.Programs {
		s := sums[p.ID]
		paid, recovered, owed := a.of("paid", p.Paid), a.of("recovered", p.Recovered), a.of("owed", p.Owed)
		covered := a.of("covered_outstanding", p.CoveredOutstanding)
		switch {
		case a.err != nil:
			return a.err
		case paid != s.paid || owed != s.owed || recovered != s.cashRecovered:
			return fmt.Errorf("program %s: paid %s owed %s recovered %s, claims give %s %s %s", p.ID, p.Paid, p.Owed, p.Recovered,
				formatCents(s.paid), formatCents(s.owed), formatCents(s.cashRecovered))
		case covered != s.coveredOutstanding:
			return fmt.Errorf("program %s: covered outstanding %s, loans give %s", p.ID, p.CoveredOutstanding, formatCents(s.coveredOutstanding))
		case p.Loans != s.loans || p.CoveredLoans != s.coveredLoans:
			return fmt.Errorf("program %s: loans %d covered %d, loan list gives %d %d", p.ID, p.Loans, p.CoveredLoans, s.loans, s.coveredLoans)
		}
	}
	return a.err
}

func checkLeverage(p ProgramDoc, balance, covered int64) error {
	b, c := decimal.New(balance, -2), decimal.New(covered, -2)
	want := "null"
	if balance != 0 {
		want = risk.FormatRatio(c.DivRound(b, 16))
	}
	if got := strOrNull(p.Leverage); got != want {
		return fmt.Errorf("program %s: leverage %s, want %s", p.ID, got, want)
	}
	if p.MaxLeverage == nil {
		if p.Headroom != nil {
			return fmt.Errorf("program %s: headroom without max_leverage", p.ID)
		}
		return nil
	}
	m := decimal.RequireFromString(*p.MaxLeverage)
	if got, want := strOrNull(p.Headroom), risk.FormatAmount(risk.PoolHeadroom(m, b, c)); got != want {
		return fmt.Errorf("program %s: headroom %s, want %s", p.ID, got, want)
	}
	return nil
}

// streamChecker checks the engine after every input. Each input is
// checked where it acts, through the public API: the counters, the trial
// balance, every pool balance, and the documents the input changed
// (Outcome.Changes read back with Engine.Views), which must satisfy the
// claim, loan, program and guarantor invariants and agree with the
// generator's model. Every fullEvery inputs, and at the end, the whole state
// document is checked as well, including sums across documents and that the
// documents kept from Views are those of the state (no change went unlisted).
type streamChecker struct {
	e         *Engine
	g         *streamGen
	fullEvery int

	inputs, applied, duplicates, rejected, transactions int64

	seen       map[string]int   // claim statuses and uncovered reasons met, for the coverage check
	approvedAt map[string]int64 // claim id → the input that finally approved it

	programs   map[string]ProgramDoc
	claims     map[string]ClaimDoc
	loans      map[string]LoanDoc
	guarantors map[string]GuarantorDoc
}

func newStreamChecker(e *Engine, g *streamGen, fullEvery int) *streamChecker {
	c := &streamChecker{e: e, g: g, fullEvery: fullEvery, seen: map[string]int{}, approvedAt: map[string]int64{}, programs: map[string]ProgramDoc{},
		claims: map[string]ClaimDoc{}, loans: map[string]LoanDoc{}, guarantors: map[string]GuarantorDoc{}}
	for _, p := range e.State().Programs {
		c.programs[p.ID] = p
	}
	return c
}

func (c *streamChecker) afterInput(out Outcome) error {
	c.inputs++
	switch out.Status {
	case StatusApplied:
		c.applied++
		c.transactions++
	case StatusDuplicate:
		c.duplicates++
	case StatusRejected:
		c.rejected++
	}
	inputs, applied, duplicates, rejected := c.e.Counts()
	if inputs != applied+duplicates+rejected {
		return fmt.Errorf("inputs %d != applied %d + duplicates %d + rejected %d", inputs, applied, duplicates, rejected)
	}
	if inputs != c.inputs || applied != c.applied || duplicates != c.duplicates || rejected != c.rejected {
		return fmt.Errorf("counts %d %d %d %d, want %d %d %d %d", inputs, applied, duplicates, rejected,
			c.inputs, c.applied, c.duplicates, c.rejected)
	}
	if got := c.e.Book().Transactions(); got != c.transactions {
		return fmt.Errorf("transactions: got %d, want %d (one per applied input)", got, c.transactions)
	}
	if !c.e.Book().Balanced() {
		return fmt.Errorf("trial balance not zero: %v", c.e.Book().TrialBalance())
	}
	for _, p := range genPrograms {
		if bal := c.e.Book().Balance(Account{Kind: AccountPool, Program: p.id}); bal.Sign() < 0 {
			return fmt.Errorf("program %s: pool balance %s below zero", p.id, bal)
		}
		if owed := c.e.Book().Balance(Account{Kind: AccountClaimsPayable, Program: p.id}); owed.Sign() > 0 {
			return fmt.Errorf("program %s: claims payable has a debit balance %s", p.id, owed)
		}
	}
	if out.Status != StatusApplied {
		if len(out.Postings) != 0 || !changesEmpty(out.Changes) {
			return fmt.Errorf("a %s input has postings %v or changes %+v", out.Status, out.Postings, out.Changes)
		}
	} else if err := c.checkChanged(out); err != nil {
		return err
	}
	if c.fullEvery > 0 && c.inputs%int64(c.fullEvery) == 0 {
		return c.full()
	}
	return nil
}

func changesEmpty(ch Changes) bool {
	return len(ch.Programs)+len(ch.Loans)+len(ch.Claims)+len(ch.Guarantors)+len(ch.Projects) == 0
}

// checkChanged checks the documents an applied input changed.
func (c *streamChecker) checkChanged(out Outcome) error {
	currency := map[string]string{}
	for _, p := range genPrograms {
		currency[p.id] = p.currency
	}
	for _, p := range out.Postings {
		if p.Amount.Sign() <= 0 || p.From == p.To || (p.From.Program != "" && p.Currency != currency[p.From.Program]) {
			return fmt.Errorf("malformed posting %s -> %s %s %s", p.From, p.To, p.Amount, p.Currency)
		}
	}
	v := c.e.Views(out.Changes)
	for _, cl := range v.Claims {
		if err := checkClaim(cl.ClaimDoc); err != nil {
			return fmt.Errorf("claim %s: %v (%s)", cl.ID, err, claimText(cl.ClaimDoc))
		}
		if err := checkPayableParts(cl.Kind, cl.ClaimDoc); err != nil {
			return err
		}
		if err := checkApprovals(cl); err != nil {
			return err
		}
		if _, ok := c.approvedAt[cl.ID]; !ok && (cl.Status == "queued" || cl.Status == "paid") {
			c.approvedAt[cl.ID] = c.inputs
		}
		c.claims[cl.ID] = cl.ClaimDoc
		c.seen["claim "+cl.Status]++
		if cl.Recovered != "0.00" && cl.Owed != "0.00" {
			c.seen["claim recovered while owed"]++
		}
	}
	for _, l := range v.Loans {
		if err := c.g.checkLoan(l.LoanDoc); err != nil {
			return err
		}
		if l.Covered != (l.UncoveredReason == "") {
			return fmt.Errorf("loan %s: covered %v with reason %q", l.ID, l.Covered, l.UncoveredReason)
		}
		c.loans[l.ID] = l.LoanDoc
		c.seen["loan "+l.Status]++
		c.seen["loan "+l.UncoveredReason]++
	}
	for _, p := range v.Programs {
		if err := checkProgramDoc(p.ProgramDoc); err != nil {
			return err
		}
		c.programs[p.ID] = p.ProgramDoc
	}
	for _, g := range v.Guarantors {
		if err := checkGuarantorDoc(g); err != nil {
			return err
		}
		c.guarantors[g.ID] = g
	}
	return nil
}

// full checks the whole state document and that the documents kept from
// Views are the state's.
func (c *streamChecker) full() error {
	st, err := checkEngineInvariants(c.e)
	if err != nil {
		return err
	}
	if err := c.g.checkModel(st); err != nil {
		return err
	}
	for _, g := range st.Guarantors {
		if err := checkGuarantorDoc(g); err != nil {
			return err
		}
	}
	if err := c.checkQueues(st); err != nil {
		return err
	}
	return c.sameAsViews(st)
}

// checkQueues: claims are paid first-in first-out in approval order, so in
// each program only the first queued claim may have been paid in part.
func (c *streamChecker) checkQueues(st *State) error {
	queued := map[string][]ClaimDoc{}
	for _, cl := range st.Claims {
		if cl.Status == "queued" {
			queued[cl.Program] = append(queued[cl.Program], cl)
		}
	}
	for program, q := range queued {
		sort.Slice(q, func(i, j int) bool { return c.approvedAt[q[i].ID] < c.approvedAt[q[j].ID] })
		for _, cl := range q[1:] {
			if cl.Paid != "0.00" {
				return fmt.Errorf("program %s: claim %s is paid %s while %s, approved before it, is still queued",
					program, cl.ID, cl.Paid, q[0].ID)
			}
		}
	}
	return nil
}

// checkApprovals: dual approval is decided at the first approval and asks
// for two different finance users.
func checkApprovals(cl ClaimView) error {
	n, final := len(cl.Approvals), cl.Status == "queued" || cl.Status == "paid"
	switch {
	case cl.Status == "awaiting_second_approval" && !cl.NeedsTwoApprovals,
		final && cl.NeedsTwoApprovals && n != 2,
		final && !cl.NeedsTwoApprovals && n != 1:
		return fmt.Errorf("claim %s: %s with %d approvals, needs two: %v", cl.ID, cl.Status, n, cl.NeedsTwoApprovals)
	}
	return nil
}

func (c *streamChecker) sameAsViews(st *State) error {
	if len(st.Claims) != len(c.claims) || len(st.Loans) != len(c.loans) || len(st.Guarantors) != len(c.guarantors) {
		return fmt.Errorf("state has %d claims %d loans %d guarantors, Views gave %d %d %d", len(st.Claims), len(st.Loans),
			len(st.Guarantors), len(c.claims), len(c.loans), len(c.guarantors))
	}
	// The first difference, in the order programs, claims, loans, guarantors.
	return cmp.Or(
		sameAsViewed("program", st.Programs, func(d ProgramDoc) string { return d.ID }, c.programs),
		sameAsViewed("claim", st.Claims, func(d ClaimDoc) string { return d.ID }, c.claims),
		sameAsViewed("loan", st.Loans, func(d LoanDoc) string { return d.ID }, c.loans),
		sameAsViewed("guarantor", st.Guarantors, func(d GuarantorDoc) string { return d.ID }, c.guarantors))
}

// sameAsViewed compares each of the state's documents of a kind, as JSON,
// with the one of its id that Views(Changes) gave.
func sameAsViewed[D any](kind string, docs []D, id func(D) string, viewed map[string]D) error {
	for _, d := range docs {
		a, _ := json.Marshal(d)
		b, _ := json.Marshal(viewed[id(d)])
		if !bytes.Equal(a, b) {
			return fmt.Errorf("%s %s: the state has %s, the documents of Views(Changes) have %s", kind, id(d), a, b)
		}
	}
	return nil
}

// checkProgramDoc: the pool is never below zero and is what was funded,
// less what was paid, plus recoveries paid back; leverage and headroom
// follow from the pool and the covered outstanding.
func checkProgramDoc(p ProgramDoc) error {
	var a amountsOf
	balance, funded := a.of("pool_balance", p.PoolBalance), a.of("funded", p.Funded)
	paid, recovered, owed := a.of("paid", p.Paid), a.of("recovered", p.Recovered), a.of("owed", p.Owed)
	covered := a.of("covered_outstanding", p.CoveredOutstanding)
	switch {
	case a.err != nil:
		return fmt.Errorf("program %s: %v", p.ID, a.err)
	case balance < 0 || owed < 0 || covered < 0 || paid < 0 || recovered < 0:
		return fmt.Errorf("program %s: an amount below zero: %+v", p.ID, p)
	case balance != funded-paid+recovered:
		return fmt.Errorf("program %s: pool balance %s != funded %s − paid %s + recovered %s", p.ID, p.PoolBalance, p.Funded, p.Paid, p.Recovered)
	case owed > 0 && balance != 0:
		return fmt.Errorf("program %s: claims are owed %s while the pool holds %s", p.ID, p.Owed, p.PoolBalance)
	case p.CoveredLoans > p.Loans:
		return fmt.Errorf("program %s: %d covered loans of %d", p.ID, p.CoveredLoans, p.Loans)
	}
	return checkLeverage(p, balance, covered)
}

func checkGuarantorDoc(g GuarantorDoc) error {
	var a amountsOf
	liability := a.of("liability", g.Liability)
	if a.err != nil || liability < 0 {
		return fmt.Errorf("guarantor %s: liability %s (%v)", g.ID, g.Liability, a.err)
	}
	if g.Limit != "10.0000" && g.Limit != "15.0000" {
		return fmt.Errorf("guarantor %s: limit %s, want 10.0000 or 15.0000", g.ID, g.Limit)
	}
	zero := g.NetAssets == nil || *g.NetAssets == "0.00"
	if zero != (g.Leverage == nil) {
		return fmt.Errorf("guarantor %s: net assets %s with leverage %s", g.ID, strOrNull(g.NetAssets), strOrNull(g.Leverage))
	}
	return nil
}

// runStream applies n generated inputs to a fresh engine, checking after
// every input (the whole state every fullEvery inputs and at the end); it
// returns the stream and the outcomes.
func runStream(tb testing.TB, seed uint64, n, fullEvery int) ([][]byte, []Outcome, *Engine, map[string]int) {
	tb.Helper()
	e := NewEngine(streamConfig(tb))
	g := newStreamGen(seed)
	c := newStreamChecker(e, g, fullEvery)
	stream := make([][]byte, 0, n)
	outs := make([]Outcome, 0, n)
	for i := 0; i < n; i++ {
		raw := g.next()
		out, err := e.Apply(raw, Meta{})
		if err != nil {
			tb.Fatalf("seed %d input %d %.300s: engine error %v", seed, i+1, raw, err)
		}
		stream, outs = append(stream, raw), append(outs, out)
		if err := g.observe(out); err != nil {
			tb.Fatalf("seed %d input %d %.300s: %v", seed, i+1, raw, err)
		}
		if err := c.afterInput(out); err != nil {
			tb.Fatalf("seed %d after input %d %.300s: %v", seed, i+1, raw, err)
		}
	}
	if err := c.full(); err != nil {
		tb.Fatalf("seed %d at the end: %v", seed, err)
	}
	return stream, outs, e, c.seen
}

func marshalState(tb testing.TB, e *Engine) []byte {
	tb.Helper()
	b, err := MarshalState(e.State())
	if err != nil {
		tb.Fatalf("MarshalState: %v", err)
	}
	return b
}

func TestEngineStreamProperties(t *testing.T) {
	seeds := streamSeeds
	if *streamSeed != 0 {
		seeds = []uint64{*streamSeed}
	}
	seen := map[string]int{}
	for _, seed := range seeds {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			defer func() {
				if t.Failed() {
					t.Logf("replay with: go test ./ledger/ -run 'TestEngineStreamProperties' -seed=%d", seed)
				}
			}()
			stream, outs, e, met := runStream(t, seed, streamInputs, streamFullEvery)
			countOutcomes(met, outs)
			for k, n := range met {
				seen[k] += n
			}
			want := marshalState(t, e)
			checkReplayIdentical(t, stream, outs, want)
			checkEachInputTwice(t, stream, outs, e)
			checkStreamTwice(t, stream, outs, e)
		})
	}
	if *streamSeed == 0 {
		checkStreamCoverage(t, seen)
	}
}

func countOutcomes(seen map[string]int, outs []Outcome) {
	for _, o := range outs {
		seen[o.Status.String()+" "+o.Code.String()]++
		if o.Status == StatusApplied {
			seen["applied "+o.Type]++
		}
	}
}

// checkStreamCoverage: the streams of the fixed seeds together reached
// every outcome and state worth testing, so that a change to the generator
// cannot quietly make the test weak.
func checkStreamCoverage(t *testing.T, seen map[string]int) {
	t.Helper()
	for _, want := range []string{"applied ", "duplicate ", "rejected id_conflict", "rejected forbidden", "rejected bad_json",
		"rejected overpayment", "rejected same_approver", "rejected claim_closed", "rejected loan_closed",
		"applied " + TypeClaimApproved, "applied " + TypeClaimRejected, "applied " + TypeLoanRecovered, "applied " + TypeLoanClosed,
		"claim pending", "claim awaiting_second_approval", "claim queued", "claim paid", "claim rejected", "claim recovered while owed",
		"loan " + UncoveredBankSuspended, "loan " + UncoveredLeverageCap, "loan " + UncoveredGuarantorLeverage,
		"loan defaulted", "loan closed"} {
		if seen[want] == 0 {
			t.Errorf("the streams never gave %q", want)
		}
	}
}

// checkReplayIdentical: the same stream into a fresh engine gives the same
// outcomes and a byte-identical state document.
func checkReplayIdentical(t *testing.T, stream [][]byte, outs []Outcome, want []byte) {
	t.Helper()
	e := NewEngine(streamConfig(t))
	for i, raw := range stream {
		out, err := e.Apply(raw, Meta{})
		if err != nil || out.Status != outs[i].Status || out.Code != outs[i].Code {
			t.Fatalf("replay input %d: got %s %s (%v), want %s %s", i+1, out.Status, out.Code, err, outs[i].Status, outs[i].Code)
		}
	}
	if got := marshalState(t, e); !bytes.Equal(got, want) {
		t.Fatalf("replay: state differs:\n%s", lineDiff(want, got))
	}
}

// forgotten: an input the engine does not remember, so sending it again is
// rejected again rather than counted as a duplicate.
func forgotten(out Outcome) bool {
	return out.Status == StatusRejected && (out.Source == "" || out.Code == CodeIDConflict)
}

// checkEachInputTwice: every input immediately followed by itself changes
// nothing but the counters and, for forgotten inputs, the rejected list.
func checkEachInputTwice(t *testing.T, stream [][]byte, outs []Outcome, single *Engine) {
	t.Helper()
	e := NewEngine(streamConfig(t))
	var extra []RejectedDoc
	for i, raw := range stream {
		first, err := e.Apply(raw, Meta{})
		if err != nil || first.Status != outs[i].Status || first.Code != outs[i].Code {
			t.Fatalf("input %d: got %s %s (%v), want %s %s", i+1, first.Status, first.Code, err, outs[i].Status, outs[i].Code)
		}
		again, err := e.Apply(raw, Meta{})
		if err != nil {
			t.Fatalf("input %d again: %v", i+1, err)
		}
		extra = checkResent(t, i, raw, first, again, extra)
	}
	compareDoubled(t, single, e, int64(len(stream)), extra)
}

// checkStreamTwice: the whole stream sent a second time changes nothing
// but the counters and, for forgotten inputs, the rejected list.
func checkStreamTwice(t *testing.T, stream [][]byte, outs []Outcome, e *Engine) {
	t.Helper()
	single := NewEngine(streamConfig(t))
	for _, raw := range stream {
		if _, err := single.Apply(raw, Meta{}); err != nil {
			t.Fatal(err)
		}
	}
	var extra []RejectedDoc
	for i, raw := range stream {
		again, err := e.Apply(raw, Meta{})
		if err != nil {
			t.Fatalf("input %d again: %v", i+1, err)
		}
		first := outs[i]
		extra = checkResent(t, i, raw, first, again, extra)
	}
	compareDoubled(t, single, e, int64(len(stream)), extra)
}

// checkResent: input i (raw), first outcome first, sent again gave again:
// a duplicate with first's code or, when the engine forgot it, rejected
// again with that code, which adds an entry to the rejected list (extra).
func checkResent(t *testing.T, i int, raw []byte, first, again Outcome, extra []RejectedDoc) []RejectedDoc {
	t.Helper()
	if forgotten(first) {
		if again.Status != StatusRejected || again.Code != first.Code {
			t.Fatalf("input %d again: got %s %s, want rejected %s", i+1, again.Status, again.Code, first.Code)
		}
		return append(extra, RejectedDoc{ID: first.ID, Source: first.Source, Type: first.Type, Code: first.Code.String()})
	}
	if again.Status != StatusDuplicate || again.Code != first.Code {
		t.Fatalf("input %d %.200s again: got %s %q, want duplicate %q", i+1, raw, again.Status, again.Code, first.Code)
	}
	return extra
}

// compareDoubled: doubled is single after n more inputs that were all
// duplicates except the forgotten ones in extra.
func compareDoubled(t *testing.T, single, doubled *Engine, n int64, extra []RejectedDoc) {
	t.Helper()
	if a, b := coreState(t, single), coreState(t, doubled); !bytes.Equal(a, b) {
		t.Fatalf("doubled stream: state differs:\n%s", lineDiff(a, b))
	}
	s, d := single.State(), doubled.State()
	x := int64(len(extra))
	if d.Inputs != s.Inputs+n || d.Applied != s.Applied || d.Duplicates != s.Duplicates+n-x {
		t.Errorf("doubled stream: got inputs %d applied %d duplicates %d, want %d %d %d",
			d.Inputs, d.Applied, d.Duplicates, s.Inputs+n, s.Applied, s.Duplicates+n-x)
	}
	want := append(append([]RejectedDoc{}, s.Rejected...), extra...)
	got := append([]RejectedDoc{}, d.Rejected...)
	for _, list := range [][]RejectedDoc{want, got} {
		sort.Slice(list, func(i, j int) bool { return fmt.Sprint(list[i]) < fmt.Sprint(list[j]) })
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("doubled stream: rejected list has %d entries, want %d", len(got), len(want))
	}
}

// FuzzEngineStream drives the same generator from a fuzzed seed and
// length and checks the same invariants after every input (the whole state
// every 5 inputs and at the end), then that a replay is byte-identical.
func FuzzEngineStream(f *testing.F) {
	f.Add(uint64(1), uint16(200))
	f.Add(uint64(42), uint16(80))
	f.Add(uint64(20260105), uint16(300))
	f.Fuzz(func(t *testing.T, seed uint64, length uint16) {
		n := int(length)%600 + 1
		stream, outs, e, _ := runStream(t, seed, n, 5)
		checkReplayIdentical(t, stream, outs, marshalState(t, e))
	})
}
