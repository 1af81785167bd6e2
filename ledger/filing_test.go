package ledger

import (
	"strings"
	"testing"

	"github.com/techcredit/techcredit/risk"
)

// Loan filing and the enterprise registry (SPEC §10), to the cent.

const (
	admZhou = "admin:zhou"
	sha1Doc = "0000000000000000000000000000000000000000000000000000000000000001"
	// filingDef is 鲁科贷's filing: three months, four documents, a cap of
	// 10,000,000.00 per borrower, tech-SME registration required.
	filingDef = `,"filing":{"window_months":3,"documents":["consent_letter","filing_form","contract","loan_receipt"],` +
		`"cap_per_borrower":"10000000.00","qualified_only":true}`
)

// allDocs are the four documents of filingDef.
var allDocs = docs("consent_letter", "filing_form", "contract", "loan_receipt")

func docs(kinds ...string) string {
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = obj("kind", k, "sha256", sha1Doc)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func enterpriseData(id, size string, smeYear int) string {
	kv := []any{"enterprise", id, "name", "Firm " + id, "sector", "ic", "size", size, "park", "park-dz"}
	if smeYear != 0 {
		kv = append(kv, "tech_sme_number", "2026370100A0001", "tech_sme_year", smeYear)
	}
	return obj(kv...)
}

func filedData(loan, filedOn, documents string) string {
	return obj("loan", loan, "filed_on", filedOn, "documents", rawJSON(documents))
}

func loanData(loan string) string { return obj("loan", loan) }

func reasonData(loan, reason string) string { return obj("loan", loan, "reason", reason) }

func (s *scenario) register(id, size string, smeYear int) {
	s.t.Helper()
	s.ok(TypeEnterpriseRegistered, admZhou, "", enterpriseData(id, size, smeYear))
}

func (s *scenario) file(program, loan string) {
	s.t.Helper()
	s.ok(TypeLoanFiled, bank1, program, filedData(loan, "2026-02-01", allDocs))
}

func (s *scenario) approveFiling(program, loan string) {
	s.t.Helper()
	s.ok(TypeFilingApproved, admZhou, program, loanData(loan))
}

func (s *scenario) wantFiling(loan, filing, filed string) {
	s.t.Helper()
	d := s.loan(loan)
	if got, want := strOrNull(d.Filing)+" filed="+strOrNull(d.Filed), filing+" filed="+filed; got != want {
		s.t.Errorf("loan %s: got %s, want %s", loan, got, want)
	}
}

// TestFilingWorkedExample: a loan of 15,000,000.00 under a cap of
// 10,000,000.00 is filed for 10,000,000.00; the covered outstanding, the
// claim's loss and its split are the covered parts.
func TestFilingWorkedExample(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("lkd", filingDef)))
	s.fund("lkd", "10000000.00")
	s.register("e1", "small", 2025)
	s.disburse(bank1, "lkd", "b1-L1", "e1", "small", "15000000.00", "")
	s.wantLoan("b1-L1", "performing", "15000000.00", false, UncoveredNotFiled)
	s.wantFiling("b1-L1", "none", "0.00")
	wantEqual(t, "covered outstanding before filing", s.program("lkd").CoveredOutstanding, "0.00")
	s.file("lkd", "b1-L1")
	s.wantFiling("b1-L1", "pending", "0.00")
	s.approveFiling("lkd", "b1-L1")
	s.wantLoan("b1-L1", "performing", "15000000.00", true, "")
	s.wantFiling("b1-L1", "approved", "10000000.00")
	wantEqual(t, "covered outstanding", s.program("lkd").CoveredOutstanding, "10000000.00")
	s.repay(bank1, "lkd", "b1-L1", "3000000.00", "0")
	wantEqual(t, "covered outstanding after repayment", s.program("lkd").CoveredOutstanding, "8000000.00")
	s.defaultLoan(bank1, "lkd", "b1-L1")
	s.wantClaim("lkd/b1-L1", "pending loss=8000000.00 shares="+
		`{"province":"2800000.00","city":"2800000.00","bank":"2400000.00"} payable=5600000.00 paid=0.00 owed=0.00 recovered=0.00 approvals=`)
	s.approve(finLi, "lkd", "lkd/b1-L1")
	s.wantPool("lkd", "4400000.00", "5600000.00", "0.00", "0.00")
	// R 1,500,000.00 after approval: the pool's part is
	// R × F ÷ P × payable ÷ L = 1,500,000 × 10/15 × 5.6/8 = 700,000.00.
	s.recover(bank1, "lkd", "b1-L1", "1500000.00", "")
	wantEqual(t, "claim recovered", s.claim("lkd/b1-L1").Recovered, "700000.00")
	s.wantPool("lkd", "5100000.00", "5600000.00", "700000.00", "0.00")
}

// TestFilingCapPerBorrower: F counts against the borrower's cap while its
// filing is approved and unrevoked; F = 0 leaves the loan filing_cap.
func TestFilingCapPerBorrower(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("lkd", filingDef)))
	s.register("e1", "small", 2026)
	s.disburse(bank1, "lkd", "b1-A", "e1", "small", "6000000.00", "")
	s.disburse(bank1, "lkd", "b1-B", "e1", "small", "6000000.00", "")
	s.disburse(bank1, "lkd", "b1-C", "e1", "small", "1000000.00", "")
	for _, l := range []string{"b1-A", "b1-B", "b1-C"} {
		s.file("lkd", l)
	}
	s.approveFiling("lkd", "b1-A")
	s.approveFiling("lkd", "b1-B")
	s.wantFiling("b1-B", "approved", "4000000.00")
	s.approveFiling("lkd", "b1-C")
	s.wantFiling("b1-C", "approved", "0.00")
	s.wantLoan("b1-C", "performing", "1000000.00", false, UncoveredFilingCap)
	wantEqual(t, "covered outstanding", s.program("lkd").CoveredOutstanding, "10000000.00")
	wantEqual(t, "covered loans", s.program("lkd").CoveredLoans, 2)
	// Revoking A frees its 6,000,000.00; a new loan takes it.
	s.ok(TypeFilingRevoked, admZhou, "lkd", reasonData("b1-A", "not a tech SME"))
	s.wantLoan("b1-A", "performing", "6000000.00", false, UncoveredFilingRevoked)
	s.wantFiling("b1-A", "revoked", "6000000.00")
	wantEqual(t, "covered outstanding after revocation", s.program("lkd").CoveredOutstanding, "4000000.00")
	wantEqual(t, "covered loans after revocation", s.program("lkd").CoveredLoans, 1)
	s.disburse(bank1, "lkd", "b1-D", "e1", "small", "8000000.00", "")
	s.file("lkd", "b1-D")
	s.approveFiling("lkd", "b1-D")
	s.wantFiling("b1-D", "approved", "6000000.00")
	wantEqual(t, "covered outstanding", s.program("lkd").CoveredOutstanding, "10000000.00")
	if s.e.book.Balanced() != true {
		t.Error("the book does not balance")
	}
}

// TestFilingGuarantorPartialCoverage: the guarantor's in-force balance is
// the covered part, and its weight follows that balance.
func TestFilingGuarantorPartialCoverage(t *testing.T) {
	gp := `{"id":"gp","name":"gp","kind":"guarantee_program","currency":"CNY","shares":` + shares4321 +
		`,"filing":{"cap_per_borrower":"6000000.00"}}`
	s := newScenario(t, programsOf(gp))
	s.ok(TypeGuarantorNetAssets, "guarantor:g1", "", netAssetsData("g1", "100000000.00"))
	s.disburse(bank1, "gp", "b1-G1", "e1", "small", "10000000.00", "g1")
	s.wantGuarantor("g1", "100000000.00", "0.00", "0.0000", "10.0000")
	s.file("gp", "b1-G1")
	s.approveFiling("gp", "b1-G1")
	// 6,000,000.00 in force: above 5,000,000.00, weight 1.00.
	s.wantGuarantor("g1", "100000000.00", "6000000.00", "0.0600", "15.0000")
	// After 2,000,000.00 repaid: 8,000,000.00 × 6/10 = 4,800,000.00 at 0.75.
	s.repay(bank1, "gp", "b1-G1", "2000000.00", "0")
	s.wantGuarantor("g1", "100000000.00", "3600000.00", "0.0360", "15.0000")
	s.ok(TypeFilingRevoked, admZhou, "gp", reasonData("b1-G1", "revoked"))
	s.wantGuarantor("g1", "100000000.00", "0.00", "0.0000", "10.0000")
}

// TestFilingCappedAPV: a capped portfolio guarantee's APV counts F of the
// loans that became covered, less revoked ones.
func TestFilingCappedAPV(t *testing.T) {
	cp := `{"id":"cp","name":"cp","kind":"capped_portfolio_guarantee","currency":"CNY","guarantee_rate":"0.50",` +
		`"cap_rate":"0.20","cap_basis":"guaranteed","filing":{"cap_per_borrower":"4000000.00"}}`
	s := newScenario(t, programsOf(cp))
	s.disburse(bank1, "cp", "b1-K1", "e1", "small", "10000000.00", "")
	s.disburse(bank1, "cp", "b1-K2", "e2", "small", "2000000.00", "")
	s.file("cp", "b1-K1")
	s.file("cp", "b1-K2")
	s.approveFiling("cp", "b1-K1")
	s.approveFiling("cp", "b1-K2")
	wantEqual(t, "APV", s.e.programs["cp"].PortfolioVolume.StringFixed(2), "6000000.00")
	s.ok(TypeFilingRevoked, admZhou, "cp", reasonData("b1-K2", "revoked"))
	wantEqual(t, "APV after revocation", s.e.programs["cp"].PortfolioVolume.StringFixed(2), "4000000.00")
	// K1 defaults with 10,000,000.00 outstanding: L = 4,000,000.00; the cap
	// is 4,000,000.00 × 0.50 × 0.20 = 400,000.00.
	s.defaultLoan(bank1, "cp", "b1-K1")
	s.wantClaim("cp/b1-K1", "pending loss=4000000.00 shares="+
		`{"guarantor":"400000.00","bank":"3600000.00"} payable=400000.00 paid=0.00 owed=0.00 recovered=0.00 approvals=`)
}

// TestFilingLeverageAtApproval: the coverage rules run at approval with
// the covered part of the outstanding as the new amount.
func TestFilingLeverageAtApproval(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("lev", `,"max_leverage":"10","filing":{}`)))
	s.fund("lev", "1000000.00")
	s.disburse(bank1, "lev", "b1-L1", "e1", "small", "8000000.00", "")
	s.disburse(bank1, "lev", "b1-L2", "e2", "small", "3000000.00", "")
	s.file("lev", "b1-L1")
	s.file("lev", "b1-L2")
	s.approveFiling("lev", "b1-L1")
	s.approveFiling("lev", "b1-L2")
	s.wantLoan("b1-L1", "performing", "8000000.00", true, "")
	s.wantLoan("b1-L2", "performing", "3000000.00", false, UncoveredLeverageCap)
	s.wantFiling("b1-L2", "approved", "3000000.00")
	wantEqual(t, "headroom", *s.program("lev").Headroom, "2000000.00")
}

// TestFilingYearEndList: approved filings whose borrower is not qualified
// for a year, the list the bureau revokes at year end.
func TestFilingYearEndList(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("lkd", `,"filing":{}`)))
	s.register("e-old", "small", 2025)
	s.register("e-new", "small", 2026)
	for _, l := range []struct{ loan, borrower string }{{"b1-L1", "e-old"}, {"b1-L2", "e-new"}, {"b1-L3", "e-none"}} {
		s.disburse(bank1, "lkd", l.loan, l.borrower, "small", "1000000.00", "")
		s.file("lkd", l.loan)
		s.approveFiling("lkd", l.loan)
	}
	got := s.e.UnqualifiedFilings(2027)
	if want := "b1-L1,b1-L3"; strings.Join(got, ",") != want {
		t.Errorf("unqualified in 2027: got %v, want %s", got, want)
	}
	if got := s.e.UnqualifiedFilings(2026); strings.Join(got, ",") != "b1-L3" {
		t.Errorf("unqualified in 2026: got %v, want b1-L3", got)
	}
}

// TestEnterpriseRegistry: registered and updated (every member replaced),
// listed in the state document with absent members null.
func TestEnterpriseRegistry(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("p", "")))
	b, _ := MarshalState(s.state())
	if strings.Contains(string(b), `"enterprises"`) || strings.Contains(string(b), `"filed"`) {
		t.Fatalf("a deployment without filing lists enterprises or filed:\n%s", b)
	}
	s.register("e1", "small", 2026)
	s.ok(TypeEnterpriseUpdated, admZhou, "", obj("enterprise", "e1", "name", "Firm one", "sector", "ai", "size", "medium"))
	s.disburse(bank1, "p", "b1-L1", "e1", "small", "100.00", "")
	b, _ = MarshalState(s.state())
	want := `"enterprises": [
    {
      "id": "e1",
      "name": "Firm one",
      "sector": "ai",
      "size": "medium",
      "park": null,
      "tech_sme_number": null,
      "tech_sme_year": null
    }
  ],
  "projects"`
	if !strings.Contains(string(b), want) {
		t.Errorf("state document: got\n%s\nwant it to contain\n%s", b, want)
	}
	// A loan of a program without filing shows filed = P.
	s.wantFiling("b1-L1", "none", "100.00")
}

// TestFilingNeedsRulesFiling: an old journal's enterprise.registered was
// unknown_type and replays so.
func TestFilingNeedsRulesFiling(t *testing.T) {
	for _, typ := range []string{TypeEnterpriseRegistered, TypeEnterpriseUpdated, TypeLoanFiled,
		TypeFilingApproved, TypeFilingRejected, TypeFilingRevoked} {
		s := newScenario(t, programsOf(poolProgram("lkd", filingDef)))
		s.meta = Meta{Rules: RulesStrictFields}
		program := "lkd"
		if strings.HasPrefix(typ, "enterprise.") {
			program = ""
		}
		s.refused(CodeUnknownType, typ, admZhou, program, enterpriseData("e1", "small", 2026))
	}
	s := newScenario(t, programsOf(poolProgram("lkd", filingDef)))
	s.register("e1", "small", 2026)
}

// TestFilingLateMonthEnd: the window ends on the same day window_months
// later, or that month's last day.
func TestFilingLateMonthEnd(t *testing.T) {
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-05", 3, "2026-04-05"},
		{"2025-11-30", 3, "2026-02-28"},
		{"2027-11-30", 3, "2028-02-29"},
		{"2026-01-31", 1, "2026-02-28"},
		{"2026-10-31", 2, "2026-12-31"},
		{"2026-12-15", 13, "2028-01-15"},
	} {
		if got := addMonths(tc.from, tc.n); got != tc.want {
			t.Errorf("addMonths(%s, %d): got %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
	s := newScenario(t, programsOf(poolProgram("lkd", `,"filing":{"window_months":3}`)))
	s.ok(TypeLoanDisbursed, bank1, "lkd", strings.Replace(disbursedData("b1-L1", "e1", "small", "100.00", ""), "2026-01-05", "2025-11-30", 1))
	s.ok(TypeLoanDisbursed, bank1, "lkd", strings.Replace(disbursedData("b1-L2", "e1", "small", "100.00", ""), "2026-01-05", "2025-11-30", 1))
	s.ok(TypeLoanFiled, bank1, "lkd", filedData("b1-L1", "2026-02-28", "[]"))
	s.refused(CodeFilingLate, TypeLoanFiled, bank1, "lkd", filedData("b1-L2", "2026-03-01", "[]"))
}

// filingSetup: program lkd (filingDef) and pool (no filing), funded;
//
//	e1 registered, qualified 2026     e-old registered, qualified 2024
//	b1-L1 lkd e1 performing, not filed
//	b1-L2 lkd e1 pending              b1-L3 lkd e1 approved, covered
//	b1-LD lkd e1 defaulted uncovered  b1-LO lkd e-old pending
//	b1-LR lkd e1 approved then revoked
//	b1-P1 pool performing
var filingSetup = []struct{ typ, source, program, data string }{
	{TypePoolFunded, finLi, "lkd", fundedData("province", "10000000.00")},
	{TypeEnterpriseRegistered, admZhou, "", enterpriseData("e1", "small", 2026)},
	{TypeEnterpriseRegistered, admZhou, "", enterpriseData("e-old", "small", 2024)},
	{TypeLoanDisbursed, bank1, "lkd", disbursedData("b1-L1", "e1", "small", "1000000.00", "")},
	{TypeLoanDisbursed, bank1, "lkd", disbursedData("b1-L2", "e1", "small", "1000000.00", "")},
	{TypeLoanFiled, bank1, "lkd", filedData("b1-L2", "2026-02-01", allDocs)},
	{TypeLoanDisbursed, bank1, "lkd", disbursedData("b1-L3", "e1", "small", "1000000.00", "")},
	{TypeLoanFiled, bank1, "lkd", filedData("b1-L3", "2026-02-01", allDocs)},
	{TypeFilingApproved, admZhou, "lkd", loanData("b1-L3")},
	{TypeLoanDisbursed, bank1, "lkd", disbursedData("b1-LD", "e1", "small", "1000000.00", "")},
	{TypeLoanFiled, bank1, "lkd", filedData("b1-LD", "2026-02-01", allDocs)},
	{TypeLoanDefaulted, bank1, "lkd", defaultedData("b1-LD")},
	{TypeLoanDisbursed, bank1, "lkd", disbursedData("b1-LO", "e-old", "small", "1000000.00", "")},
	{TypeLoanFiled, bank1, "lkd", filedData("b1-LO", "2026-02-01", allDocs)},
	{TypeLoanDisbursed, bank1, "lkd", disbursedData("b1-LR", "e1", "small", "1000000.00", "")},
	{TypeLoanFiled, bank1, "lkd", filedData("b1-LR", "2026-02-01", allDocs)},
	{TypeFilingApproved, admZhou, "lkd", loanData("b1-LR")},
	{TypeFilingRevoked, admZhou, "lkd", reasonData("b1-LR", "revoked")},
	{TypeLoanDisbursed, bank1, "pool", disbursedData("b1-P1", "e1", "small", "1000000.00", "")},
}

func newFilingEngine(t *testing.T) *Engine {
	t.Helper()
	s := newScenario(t, programsOf(poolProgram("lkd", filingDef), poolProgram("pool", "")))
	for _, in := range filingSetup {
		s.ok(in.typ, in.source, in.program, in.data)
	}
	return s.e
}

// filingRejectCases: every reject code of SPEC §10 and the check order of
// §15, against newFilingEngine.
func filingRejectCases() []rejectCase {
	const lkd = "lkd"
	late := filedData("b1-L1", "2026-04-06", allDocs)
	return []rejectCase{
		rc("registering twice", CodeDuplicateEnterprise, "x-1", TypeEnterpriseRegistered, admZhou, "", enterpriseData("e1", "small", 2026)),
		rc("updating an unregistered enterprise", CodeUnknownEnterprise, "x-1", TypeEnterpriseUpdated, admZhou, "", enterpriseData("e9", "small", 2026)),
		rc("a bank registers", CodeForbidden, "x-1", TypeEnterpriseRegistered, bank1, "", enterpriseData("e9", "small", 2026)),
		rc("tech_sme_number without its year", CodeBadField, "x-1", TypeEnterpriseRegistered, admZhou, "",
			obj("enterprise", "e9", "name", "n", "sector", "s", "size", "small", "tech_sme_number", "X1")),
		rc("tech_sme_year without its number", CodeBadField, "x-1", TypeEnterpriseRegistered, admZhou, "",
			obj("enterprise", "e9", "name", "n", "sector", "s", "size", "small", "tech_sme_year", 2026)),
		rc("bad size", CodeBadField, "x-1", TypeEnterpriseRegistered, admZhou, "", enterpriseData("e9", "huge", 0)),
		rc("bad revenue", CodeBadAmount, "x-1", TypeEnterpriseRegistered, admZhou, "",
			obj("enterprise", "e9", "name", "n", "sector", "s", "size", "small", "revenue", "-1")),
		rc("filing in a program without filing", CodeFilingNotRequired, "x-1", TypeLoanFiled, bank1, "pool", filedData("b1-P1", "2026-02-01", allDocs)),
		rc("filing a pending loan", CodeAlreadyFiled, "x-1", TypeLoanFiled, bank1, lkd, filedData("b1-L2", "2026-02-01", allDocs)),
		rc("filing an approved loan", CodeAlreadyFiled, "x-1", TypeLoanFiled, bank1, lkd, filedData("b1-L3", "2026-02-01", allDocs)),
		rc("filing a revoked loan", CodeAlreadyFiled, "x-1", TypeLoanFiled, bank1, lkd, filedData("b1-LR", "2026-02-01", allDocs)),
		rc("a document missing", CodeMissingDocuments, "x-1", TypeLoanFiled, bank1, lkd, filedData("b1-L1", "2026-02-01", docs("consent_letter", "filing_form", "contract"))),
		rcAtTime("filed after the window", CodeFilingLate, "2026-05-01T09:00:00+08:00", TypeLoanFiled, bank1, lkd, late),
		rc("filed before disbursement", CodeBadDate, "x-1", TypeLoanFiled, bank1, lkd, filedData("b1-L1", "2026-01-04", allDocs)),
		rc("filed after at", CodeBadDate, "x-1", TypeLoanFiled, bank1, lkd, filedData("b1-L1", "2026-03-02", allDocs)),
		rc("a bad digest", CodeBadField, "x-1", TypeLoanFiled, bank1, lkd, filedData("b1-L1", "2026-02-01",
			`[{"kind":"contract","sha256":"`+strings.Repeat("A", 64)+`"}]`)),
		rc("filing a defaulted loan", CodeAlreadyDefaulted, "x-1", TypeLoanFiled, bank1, lkd, filedData("b1-LD", "2026-02-01", allDocs)),
		rc("filing another bank's loan", CodeBadField, "x-1", TypeLoanFiled, bank2, lkd, filedData("b1-L1", "2026-02-01", allDocs)),
		rc("an admin files", CodeForbidden, "x-1", TypeLoanFiled, admZhou, lkd, filedData("b1-L1", "2026-02-01", allDocs)),
		rc("approving an unfiled loan", CodeUnknownFiling, "x-1", TypeFilingApproved, admZhou, lkd, loanData("b1-L1")),
		rc("approving an approved filing", CodeUnknownFiling, "x-1", TypeFilingApproved, admZhou, lkd, loanData("b1-L3")),
		rc("rejecting an approved filing", CodeUnknownFiling, "x-1", TypeFilingRejected, admZhou, lkd, reasonData("b1-L3", "no")),
		rc("revoking a pending filing", CodeUnknownFiling, "x-1", TypeFilingRevoked, admZhou, lkd, reasonData("b1-L2", "no")),
		rc("revoking twice", CodeUnknownFiling, "x-1", TypeFilingRevoked, admZhou, lkd, reasonData("b1-LR", "no")),
		rc("approving an unqualified borrower", CodeNotQualified, "x-1", TypeFilingApproved, admZhou, lkd, loanData("b1-LO")),
		rc("approving after default", CodeAlreadyDefaulted, "x-1", TypeFilingApproved, admZhou, lkd, loanData("b1-LD")),
		rc("approving an unknown loan", CodeUnknownLoan, "x-1", TypeFilingApproved, admZhou, lkd, loanData("b1-none")),
		rc("approving in another program", CodeUnknownLoan, "x-1", TypeFilingApproved, admZhou, "pool", loanData("b1-L2")),
		rc("a bank approves", CodeForbidden, "x-1", TypeFilingApproved, bank1, lkd, loanData("b1-L2")),
		rc("finance approves", CodeForbidden, "x-1", TypeFilingApproved, finLi, lkd, loanData("b1-L2")),
		rc("rejecting without a reason", CodeBadField, "x-1", TypeFilingRejected, admZhou, lkd, loanData("b1-L2")),
		rc("order: already_defaulted before unknown_filing", CodeAlreadyDefaulted, "x-1", TypeFilingRevoked, admZhou, lkd, reasonData("b1-LD", "no")),
		rc("order: bad_date before filing_not_required", CodeBadDate, "x-1", TypeLoanFiled, bank1, "pool", filedData("b1-P1", "2026-01-04", allDocs)),
		rc("order: already_filed before missing_documents", CodeAlreadyFiled, "x-1", TypeLoanFiled, bank1, lkd, filedData("b1-L2", "2026-02-01", "[]")),
		rcAtTime("order: missing_documents before filing_late", CodeMissingDocuments, "2026-05-01T09:00:00+08:00", TypeLoanFiled, bank1, lkd, filedData("b1-L1", "2026-04-06", "[]")),
	}
}

func rcAtTime(name string, want Code, at, typ, source, program, data string) rejectCase {
	return rejectCase{name: name, want: want, raw: inputLine("x-1", typ, source, program, at, data)}
}

func TestFilingRejectCodes(t *testing.T) {
	for _, tc := range filingRejectCases() {
		t.Run(tc.name, func(t *testing.T) {
			e := newFilingEngine(t)
			expectRejected(t, e, tc.raw, tc.meta, tc.want)
			expectDuplicate(t, e, tc.raw, Meta{}, tc.want)
		})
	}
}

// TestFilingRejectedThenFiledAgain: after a rejection the bank may file again.
func TestFilingRejectedThenFiledAgain(t *testing.T) {
	s := &scenario{t: t, e: newFilingEngine(t), at: rcAt, n: 1000}
	s.ok(TypeFilingRejected, admZhou, "lkd", reasonData("b1-L2", "the contract is unsigned"))
	s.wantFiling("b1-L2", "rejected", "0.00")
	s.file("lkd", "b1-L2")
	s.approveFiling("lkd", "b1-L2")
	s.wantFiling("b1-L2", "approved", "1000000.00")
	s.wantLoan("b1-LD", "defaulted", "1000000.00", false, UncoveredNotFiled)
	s.noClaim("lkd/b1-LD")
}

// TestFilingSnapshotRoundTrip: the snapshot carries the registry, every
// filing and the covered parts; the restored engine goes on alike.
func TestFilingSnapshotRoundTrip(t *testing.T) {
	e := newFilingEngine(t)
	r := restoredTwin(t, e)
	next := []string{
		string(inputLine("n-1", TypeFilingApproved, admZhou, "lkd", rcAt, loanData("b1-L2"))),
		string(inputLine("n-2", TypeLoanRepaid, bank1, "lkd", rcAt, repaidData("b1-L2", "400000.00", "1.00"))),
		string(inputLine("n-3", TypeEnterpriseUpdated, admZhou, "", rcAt, enterpriseData("e-old", "micro", 2026))),
		string(inputLine("n-4", TypeFilingApproved, admZhou, "lkd", rcAt, loanData("b1-LO"))),
	}
	for _, raw := range next {
		o1, err1 := e.Apply([]byte(raw), Meta{})
		o2, err2 := r.Apply([]byte(raw), Meta{})
		if err1 != nil || err2 != nil || o1.Status != o2.Status || o1.Code != o2.Code {
			t.Fatalf("%s: got %s %s / %s %s (%v %v)", raw, o1.Status, o1.Code, o2.Status, o2.Code, err1, err2)
		}
	}
	s1, _ := MarshalState(e.State())
	s2, _ := MarshalState(r.State())
	if string(s1) != string(s2) {
		t.Errorf("states differ:\n%s", lineDiff(s1, s2))
	}
}

// TestMergeStatesKeepsTheRegistry: every partition holds the registry; the
// merged state lists it once.
func TestMergeStatesKeepsTheRegistry(t *testing.T) {
	a, b := newFilingEngine(t).State(), newFilingEngine(t).State()
	m := MergeStates([]*State{a, b})
	if m.Enterprises == nil || len(*m.Enterprises) != 2 || (*m.Enterprises)[0].ID != "e-old" {
		t.Errorf("merged enterprises: got %+v, want e-old, e1", m.Enterprises)
	}
	if m := MergeStates([]*State{newRejectEngine(t).State()}); m.Enterprises != nil {
		t.Errorf("without filing: got enterprises %+v, want none listed", *m.Enterprises)
	}
}

// TestFilingNPLCoveredParts: with filing the NPL ratio takes covered parts
// on both sides (SPEC §15 "Numbers").
func TestFilingNPLCoveredParts(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("lkd", `,"bank_npl_suspend_ratio":"0.40","filing":{"cap_per_borrower":"5000000.00"}`)))
	s.disburse(bank1, "lkd", "b1-A", "e1", "small", "10000000.00", "")
	s.disburse(bank1, "lkd", "b1-B", "e2", "small", "20000000.00", "")
	s.disburse(bank1, "lkd", "b1-C", "e3", "small", "1000000.00", "")
	for _, l := range []string{"b1-A", "b1-B", "b1-C"} {
		s.file("lkd", l)
	}
	s.approveFiling("lkd", "b1-A")
	s.approveFiling("lkd", "b1-B")
	s.defaultLoan(bank1, "lkd", "b1-A")
	// 5,000,000.00 ÷ (5,000,000.00 + 5,000,000.00), not 10 ÷ (10 + 20).
	wantEqual(t, "NPL", s.e.ProgramView(s.e.programs["lkd"]).BankNPLRatio["b1"], "0.5000")
	s.approveFiling("lkd", "b1-C")
	s.wantLoan("b1-C", "performing", "1000000.00", false, UncoveredBankSuspended)
	s.wantFiling("b1-C", "approved", "1000000.00")
	wantEqual(t, "claim loss", s.claim("lkd/b1-A").Loss, "5000000.00")
}

// TestFilingCannotComeOrGo: a programs update may change filing's members,
// not add filing to a program or take it away.
func TestFilingCannotComeOrGo(t *testing.T) {
	parse := func(programs string) *risk.Config {
		cfg, err := risk.ParsePrograms(strings.NewReader(programs))
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	e := NewEngine(parse(programsOf(poolProgram("a", ""), poolProgram("b", `,"filing":{}`))))
	for _, tc := range []struct {
		programs string
		ok       bool
	}{
		{programsOf(poolProgram("a", `,"filing":{}`), poolProgram("b", `,"filing":{}`)), false},
		{programsOf(poolProgram("a", ""), poolProgram("b", "")), false},
		{programsOf(poolProgram("a", ""), poolProgram("b", `,"filing":{"window_months":6}`)), true},
	} {
		if err := e.UpdatePrograms(parse(tc.programs)); (err == nil) != tc.ok {
			t.Errorf("%s: got %v, want ok %v", tc.programs, err, tc.ok)
		}
	}
}
