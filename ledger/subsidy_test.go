package ledger

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// subsidyPrograms: "sp" offers 鲁科贷's interest subsidy (40%, at most
// 500,000.00 a borrower a year) with dual approval from 400,000.00 and a
// leverage limit; "plain" offers none.
const subsidyPrograms = `{"programs":[
 {"id":"sp","name":"s","kind":"compensation_pool","currency":"CNY","max_leverage":"10",
  "dual_approval_threshold":"400000.00",
  "shares":[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.35"}],
  "interest_subsidy":{"rate":"0.40","cap_per_borrower":"500000.00"}},
 {"id":"plain","name":"p","kind":"compensation_pool","currency":"CNY",
  "shares":[{"party":"province","ratio":"0.35"}]}]}`

const (
	sb1, sfin, sfin2 = "bank:b1", "finance:ann", "finance:bob"
)

func subsidyLoan(loan, borrower, principal string) string {
	return obj("loan", loan, "borrower", rawJSON(obj("id", borrower, "name", "Firm "+borrower, "sector", "ic", "size", "small")),
		"principal", principal, "annual_rate", "0.04", "term_months", 36, "disbursed_on", "2026-01-05")
}

func interestPaid(loan, principal, interest, on string) string {
	return obj("loan", loan, "principal", principal, "interest", interest, "paid_on", on)
}

func appliedData(loan string, year int) string { return obj("loan", loan, "year", year) }

func subsidyData(id string) string { return obj("subsidy", id) }

// subsidyScenario: the year 2026 of program sp, judged in February 2027.
// b1-A (e1) paid 1,300,000.00 of interest in 2026, b1-B (e2) 123,456.78
// and was repaid and closed, b1-C (e3) was once 1 day past due, b1-D is a
// second loan of e1, b1-E (e4) paid 750,000.00, b1-F (e5) paid interest
// only in 2027 and b1-U is uncovered (leverage_cap).
func subsidyScenario(t *testing.T) *scenario {
	s := newScenario(t, subsidyPrograms)
	s.at = "2027-02-01T09:00:00+08:00"
	s.ok(TypePoolFunded, sfin, "sp", fundedData("province", "10000000.00"))
	for _, l := range [][3]string{{"b1-A", "e1", "50000000.00"}, {"b1-B", "e2", "1000000.00"}, {"b1-C", "e3", "1000000.00"},
		{"b1-D", "e1", "1000000.00"}, {"b1-E", "e4", "20000000.00"}, {"b1-F", "e5", "1000000.00"}} {
		s.ok(TypeLoanDisbursed, sb1, "sp", subsidyLoan(l[0], l[1], l[2]))
	}
	s.ok(TypeLoanDisbursed, sb1, "sp", subsidyLoan("b1-U", "e6", "200000000.00"))
	s.wantLoan("b1-U", "performing", "200000000.00", false, UncoveredLeverageCap)
	s.ok(TypeLoanRepaid, sb1, "sp", interestPaid("b1-A", "0", "800000.00", "2026-06-30"))
	s.ok(TypeLoanRepaid, sb1, "sp", interestPaid("b1-A", "0", "500000.00", "2026-12-20"))
	s.ok(TypeLoanRepaid, sb1, "sp", interestPaid("b1-A", "0", "90000.00", "2027-01-20")) // another year
	s.ok(TypeLoanRepaid, sb1, "sp", interestPaid("b1-B", "1000000.00", "123456.78", "2026-12-01"))
	s.ok(TypeLoanClosed, sb1, "sp", obj("loan", "b1-B", "closed_on", "2026-12-02"))
	s.ok(TypeLoanRepaid, sb1, "sp", interestPaid("b1-C", "0", "10000.00", "2026-05-01"))
	s.ok(TypeLoanOverdue, sb1, "sp", obj("loan", "b1-C", "days_past_due", 1, "as_of", "2026-06-02"))
	s.ok(TypeLoanOverdue, sb1, "sp", obj("loan", "b1-C", "days_past_due", 0, "as_of", "2026-06-03"))
	s.ok(TypeLoanRepaid, sb1, "sp", interestPaid("b1-D", "0", "5000.00", "2026-05-01"))
	s.ok(TypeLoanRepaid, sb1, "sp", interestPaid("b1-E", "0", "750000.00", "2026-11-01"))
	s.ok(TypeLoanRepaid, sb1, "sp", interestPaid("b1-F", "0", "3000.00", "2027-01-10"))
	s.ok(TypeLoanRepaid, sb1, "sp", interestPaid("b1-U", "0", "3000.00", "2026-03-10"))
	return s
}

func (s *scenario) subsidy(id string) SubsidyDoc {
	s.t.Helper()
	st := s.state()
	if st.Subsidies != nil {
		for _, d := range *st.Subsidies {
			if d.ID == id {
				return d
			}
		}
	}
	s.t.Fatalf("subsidy %s: not in the state", id)
	return SubsidyDoc{}
}

func subsidyText(d SubsidyDoc) string {
	return fmt.Sprintf("%s interest=%s amount=%s paid=%s owed=%s approvals=%s", d.Status, d.Interest, d.Amount,
		d.Paid, d.Owed, strings.Join(d.Approvals, ","))
}

func (s *scenario) wantSubsidy(id, want string) {
	s.t.Helper()
	if got := subsidyText(s.subsidy(id)); got != want {
		s.t.Errorf("subsidy %s:\n got  %s\n want %s", id, got, want)
	}
}

func (s *scenario) wantBudget(program, want string) {
	s.t.Helper()
	p := s.program(program)
	got := fmt.Sprintf("balance=%s funded=%s paid=%s owed=%s pool=%s", strOrNull(p.SubsidyBalance),
		strOrNull(p.SubsidyFunded), strOrNull(p.SubsidyPaid), strOrNull(p.SubsidyOwed), p.PoolBalance)
	if got != want {
		s.t.Errorf("program %s budget:\n got  %s\n want %s", program, got, want)
	}
}

func TestSubsidyAmounts(t *testing.T) {
	s := subsidyScenario(t)
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-A", 2026))
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-B", 2026)) // a closed loan may apply
	// 40% of 1,300,000.00 would be 520,000.00: capped at 500,000.00.
	s.wantSubsidy("sp/b1-A/2026", "pending interest=1300000.00 amount=500000.00 paid=0.00 owed=0.00 approvals=")
	// 40% of 123,456.78 is 49,382.712: 49,382.71.
	s.wantSubsidy("sp/b1-B/2026", "pending interest=123456.78 amount=49382.71 paid=0.00 owed=0.00 approvals=")
	d := s.subsidy("sp/b1-A/2026")
	if d.Program != "sp" || d.Loan != "b1-A" || d.Borrower != "e1" || d.Bank != "b1" || d.Year != 2026 {
		t.Errorf("subsidy: got %+v, want program sp, loan b1-A, borrower e1, bank b1, year 2026", d)
	}
	// The interest is counted at application, not later.
	s.ok(TypeLoanRepaid, sb1, "sp", interestPaid("b1-A", "0", "1.00", "2026-12-31"))
	s.wantSubsidy("sp/b1-A/2026", "pending interest=1300000.00 amount=500000.00 paid=0.00 owed=0.00 approvals=")
	s.wantBudget("sp", "balance=0.00 funded=0.00 paid=0.00 owed=0.00 pool=10000000.00")
	if p := s.program("plain"); p.SubsidyBalance != nil || p.SubsidyFunded != nil || p.SubsidyPaid != nil || p.SubsidyOwed != nil {
		t.Errorf("program without interest_subsidy: got subsidy figures %+v, want none", p)
	}
}

func TestSubsidyEligibility(t *testing.T) {
	s := subsidyScenario(t)
	s.refused(CodeNotEligible, TypeSubsidyApplied, sb1, "sp", appliedData("b1-C", 2026)) // once 1 day past due
	s.refused(CodeNotEligible, TypeSubsidyApplied, sb1, "sp", appliedData("b1-U", 2026)) // not covered
	s.refused(CodeNotEligible, TypeSubsidyApplied, sb1, "sp", appliedData("b1-F", 2026)) // no interest paid in 2026
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-F", 2027))
	s.wantSubsidy("sp/b1-F/2027", "pending interest=3000.00 amount=1200.00 paid=0.00 owed=0.00 approvals=")
	// A defaulted loan is not eligible, closed or not.
	s.ok(TypeLoanDefaulted, sb1, "sp", obj("loan", "b1-E", "as_of", "2027-01-30"))
	s.refused(CodeNotEligible, TypeSubsidyApplied, sb1, "sp", appliedData("b1-E", 2026))
	// The same firm's second loan in the same year: already_applied.
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-A", 2026))
	s.refused(CodeAlreadyApplied, TypeSubsidyApplied, sb1, "sp", appliedData("b1-D", 2026))
	s.refused(CodeAlreadyApplied, TypeSubsidyApplied, sb1, "sp", appliedData("b1-A", 2026))
	// Once rejected, the firm may apply on another loan, never on the same id.
	s.ok(TypeSubsidyRejected, sfin, "sp", obj("subsidy", "sp/b1-A/2026", "reason", "wrong loan"))
	s.refused(CodeAlreadyApplied, TypeSubsidyApplied, sb1, "sp", appliedData("b1-A", 2026))
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-D", 2026))
	s.wantSubsidy("sp/b1-D/2026", "pending interest=5000.00 amount=2000.00 paid=0.00 owed=0.00 approvals=")
	s.wantSubsidy("sp/b1-A/2026", "rejected interest=1300000.00 amount=500000.00 paid=0.00 owed=0.00 approvals=")
}

// TestSubsidyBudgetShort: a budget of 600,000.00; approved subsidies of
// 500,000.00 (dual approval: above the threshold) and 300,000.00 are paid
// 500,000.00 and 100,000.00, the second owing 200,000.00 until the next
// subsidy.funded. The pool pays nothing.
func TestSubsidyBudgetShort(t *testing.T) {
	s := subsidyScenario(t)
	s.ok(TypeSubsidyFunded, sfin, "sp", fundedData("province", "600000.00"))
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-A", 2026))
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-E", 2026))
	s.wantSubsidy("sp/b1-E/2026", "pending interest=750000.00 amount=300000.00 paid=0.00 owed=0.00 approvals=")

	s.ok(TypeSubsidyApproved, sfin, "sp", subsidyData("sp/b1-A/2026"))
	s.wantSubsidy("sp/b1-A/2026", "awaiting_second_approval interest=1300000.00 amount=500000.00 paid=0.00 owed=0.00 approvals=finance:ann")
	s.refused(CodeSameApprover, TypeSubsidyApproved, sfin, "sp", subsidyData("sp/b1-A/2026"))
	out := s.ok(TypeSubsidyApproved, sfin2, "sp", subsidyData("sp/b1-A/2026"))
	s.wantSubsidy("sp/b1-A/2026", "paid interest=1300000.00 amount=500000.00 paid=500000.00 owed=0.00 approvals=finance:ann,finance:bob")
	if got := fmt.Sprint(out.Changes.Subsidies); got != "[sp/b1-A/2026]" {
		t.Errorf("changes: got subsidies %s, want [sp/b1-A/2026]", got)
	}
	if v := s.e.Views(out.Changes).Subsidies; len(v) != 1 || v[0].Status != "paid" || v[0].Paid != "500000.00" {
		t.Errorf("views: got subsidies %+v, want sp/b1-A/2026 paid 500000.00", v)
	}
	if got := fmt.Sprint(s.e.AllChanges().Subsidies); got != "[sp/b1-A/2026 sp/b1-E/2026]" {
		t.Errorf("all changes: got subsidies %s, want [sp/b1-A/2026 sp/b1-E/2026]", got)
	}
	if len(out.Postings) != 2 {
		t.Errorf("final approval: got %d postings, want 2 (granted, then paid)", len(out.Postings))
	}

	// Below the threshold one approval is final.
	s.ok(TypeSubsidyApproved, sfin, "sp", subsidyData("sp/b1-E/2026"))
	s.wantSubsidy("sp/b1-E/2026", "queued interest=750000.00 amount=300000.00 paid=100000.00 owed=200000.00 approvals=finance:ann")
	s.wantBudget("sp", "balance=0.00 funded=600000.00 paid=600000.00 owed=200000.00 pool=10000000.00")

	s.ok(TypeSubsidyFunded, sfin, "sp", fundedData("city", "250000.00"))
	s.wantSubsidy("sp/b1-E/2026", "paid interest=750000.00 amount=300000.00 paid=300000.00 owed=0.00 approvals=finance:ann")
	s.wantBudget("sp", "balance=50000.00 funded=850000.00 paid=800000.00 owed=0.00 pool=10000000.00")

	s.refused(CodeSubsidyClosed, TypeSubsidyApproved, sfin2, "sp", subsidyData("sp/b1-E/2026"))
	s.refused(CodeSubsidyClosed, TypeSubsidyRejected, sfin2, "sp", obj("subsidy", "sp/b1-E/2026", "reason", "late"))
	if st := s.state(); !st.Ledger.Balanced {
		t.Errorf("ledger: got unbalanced, want balanced")
	}
}

// TestSubsidyQueueFIFO: subsidies wait in approval order; a funding pays
// the head first, in part when short.
func TestSubsidyQueueFIFO(t *testing.T) {
	s := subsidyScenario(t)
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-E", 2026))
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-B", 2026))
	s.ok(TypeSubsidyApproved, sfin, "sp", subsidyData("sp/b1-E/2026"))
	s.ok(TypeSubsidyApproved, sfin, "sp", subsidyData("sp/b1-B/2026"))
	s.wantSubsidy("sp/b1-E/2026", "queued interest=750000.00 amount=300000.00 paid=0.00 owed=300000.00 approvals=finance:ann")
	s.ok(TypeSubsidyFunded, sfin, "sp", fundedData("province", "320000.00"))
	s.wantSubsidy("sp/b1-E/2026", "paid interest=750000.00 amount=300000.00 paid=300000.00 owed=0.00 approvals=finance:ann")
	s.wantSubsidy("sp/b1-B/2026", "queued interest=123456.78 amount=49382.71 paid=20000.00 owed=29382.71 approvals=finance:ann")
	s.wantBudget("sp", "balance=0.00 funded=320000.00 paid=320000.00 owed=29382.71 pool=10000000.00")
}

func TestSubsidyRejectCodes(t *testing.T) {
	s := subsidyScenario(t)
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-A", 2026))
	for _, tc := range []struct {
		name           string
		code           Code
		typ, src, prog string
		data           string
	}{
		{"funding a program without a subsidy", CodeSubsidyNotOffered, TypeSubsidyFunded, sfin, "plain", fundedData("city", "1.00")},
		{"the loan of another program", CodeUnknownLoan, TypeSubsidyApplied, sb1, "plain", appliedData("b1-none", 2026)},
		{"unknown loan", CodeUnknownLoan, TypeSubsidyApplied, sb1, "sp", appliedData("b1-none", 2026)},
		{"another bank's loan", CodeBadField, TypeSubsidyApplied, "bank:b2", "sp", appliedData("b1-A", 2026)},
		{"year after the year of at", CodeBadField, TypeSubsidyApplied, sb1, "sp", appliedData("b1-A", 2028)},
		{"year as a string", CodeBadField, TypeSubsidyApplied, sb1, "sp", obj("loan", "b1-A", "year", "2026")},
		{"year missing", CodeBadField, TypeSubsidyApplied, sb1, "sp", obj("loan", "b1-A")},
		{"year zero", CodeBadField, TypeSubsidyApplied, sb1, "sp", appliedData("b1-A", 0)},
		{"funding without an amount", CodeBadAmount, TypeSubsidyFunded, sfin, "sp", obj("funder", "city")},
		{"funding of zero", CodeBadAmount, TypeSubsidyFunded, sfin, "sp", fundedData("city", "0")},
		{"a bank funds", CodeForbidden, TypeSubsidyFunded, sb1, "sp", fundedData("city", "1.00")},
		{"finance applies", CodeForbidden, TypeSubsidyApplied, sfin, "sp", appliedData("b1-A", 2026)},
		{"a bank approves", CodeForbidden, TypeSubsidyApproved, sb1, "sp", subsidyData("sp/b1-A/2026")},
		{"unknown subsidy", CodeUnknownSubsidy, TypeSubsidyApproved, sfin, "sp", subsidyData("sp/b1-none/2026")},
		{"subsidy of another program", CodeUnknownSubsidy, TypeSubsidyApproved, sfin, "plain", subsidyData("sp/b1-A/2026")},
		{"rejecting without a reason", CodeBadField, TypeSubsidyRejected, sfin, "sp", subsidyData("sp/b1-A/2026")},
		{"rejecting an unknown subsidy", CodeUnknownSubsidy, TypeSubsidyRejected, sfin, "sp", obj("subsidy", "sp/x/1", "reason", "no")},
		{"a bad subsidy id", CodeBadField, TypeSubsidyApproved, sfin, "sp", subsidyData("sp b1")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.refused(tc.code, tc.typ, tc.src, tc.prog, tc.data)
		})
	}
	s.ok(TypeLoanDisbursed, sb1, "plain", subsidyLoan("b1-P", "e1", "1000.00"))
	s.ok(TypeLoanRepaid, sb1, "plain", interestPaid("b1-P", "0", "10.00", "2026-05-01"))
	s.refused(CodeSubsidyNotOffered, TypeSubsidyApplied, sb1, "plain", appliedData("b1-P", 2026)) // applying in a program without a subsidy
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-E", 2026))
	s.ok(TypeSubsidyRejected, sfin, "sp", obj("subsidy", "sp/b1-E/2026", "reason", " no budget this year "))
	s.refused(CodeSubsidyClosed, TypeSubsidyApproved, sfin, "sp", subsidyData("sp/b1-E/2026"))
}

// TestSubsidyOldRulesUnknownType: a journal judged before RulesSubsidy
// (RulesFiling and older) keeps its subsidy inputs unknown_type on replay.
func TestSubsidyOldRulesUnknownType(t *testing.T) {
	if RulesSubsidy != 5 || RulesFiling != 4 || RulesCurrent < RulesSubsidy {
		t.Fatalf("rules versions: filing %d, subsidy %d, current %d; want 4, 5, at least 5", RulesFiling, RulesSubsidy, RulesCurrent)
	}
	s := subsidyScenario(t)
	for _, rules := range []int{RulesStrictFields, RulesFiling} {
		s.meta = Meta{Rules: rules}
		for _, typ := range []string{TypeSubsidyApplied, TypeSubsidyFunded, TypeSubsidyApproved, TypeSubsidyRejected} {
			s.refused(CodeUnknownType, typ, sb1, "sp", appliedData("b1-A", 2026))
		}
	}
	s.meta = Meta{}
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-A", 2026))
}

// TestSubsidySnapshot: a snapshot keeps the subsidies, the queue, the
// budget and each loan's interest by year and delinquency; the restored
// engine goes on exactly as the original.
func TestSubsidySnapshot(t *testing.T) {
	s := subsidyScenario(t)
	s.ok(TypeSubsidyFunded, sfin, "sp", fundedData("province", "100000.00"))
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-E", 2026))
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-A", 2026))
	s.ok(TypeSubsidyApproved, sfin, "sp", subsidyData("sp/b1-E/2026"))
	s.ok(TypeSubsidyApproved, sfin, "sp", subsidyData("sp/b1-A/2026"))
	restored := restoredTwin(t, s.e)
	rest := [][]byte{
		inputLine("z1", TypeSubsidyApproved, sfin2, "sp", s.at, subsidyData("sp/b1-A/2026")),
		inputLine("z2", TypeSubsidyFunded, sfin, "sp", s.at, fundedData("city", "600000.00")),
		inputLine("z3", TypeSubsidyApplied, sb1, "sp", s.at, appliedData("b1-C", 2026)),
		inputLine("z4", TypeSubsidyApplied, sb1, "sp", s.at, appliedData("b1-D", 2026)),
		inputLine("z5", TypeSubsidyApplied, sb1, "sp", s.at, appliedData("b1-F", 2027)),
	}
	for _, e := range []*Engine{s.e, restored} {
		for _, raw := range rest {
			if _, err := e.Apply(raw, Meta{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	a, _ := MarshalState(s.e.State())
	b, _ := MarshalState(restored.State())
	if !bytes.Equal(a, b) {
		t.Fatalf("restored engine diverged:\n%s", lineDiff(a, b))
	}
	s.wantSubsidy("sp/b1-E/2026", "paid interest=750000.00 amount=300000.00 paid=300000.00 owed=0.00 approvals=finance:ann")
	s.wantSubsidy("sp/b1-A/2026", "queued interest=1300000.00 amount=500000.00 paid=400000.00 owed=100000.00 approvals=finance:ann,finance:bob")
	s.wantBudget("sp", "balance=0.00 funded=700000.00 paid=700000.00 owed=100000.00 pool=10000000.00")
}

// TestSubsidyMergeStates: the Kafka mode's merge of partitions' state
// documents keeps the subsidies and sums the budget figures.
func TestSubsidyMergeStates(t *testing.T) {
	s := subsidyScenario(t)
	s.ok(TypeSubsidyFunded, sfin, "sp", fundedData("province", "600000.00"))
	s.ok(TypeSubsidyApplied, sb1, "sp", appliedData("b1-E", 2026))
	s.ok(TypeSubsidyApproved, sfin, "sp", subsidyData("sp/b1-E/2026"))
	other := newScenario(t, subsidyPrograms) // a partition where sp has nothing
	m := MergeStates([]*State{other.state(), s.state()})
	if m.Subsidies == nil || len(*m.Subsidies) != 1 || (*m.Subsidies)[0].ID != "sp/b1-E/2026" {
		t.Fatalf("merged subsidies: got %v, want sp/b1-E/2026", m.Subsidies)
	}
	for _, p := range m.Programs {
		if p.ID == "sp" && (strOrNull(p.SubsidyBalance) != "300000.00" || strOrNull(p.SubsidyPaid) != "300000.00") {
			t.Errorf("merged sp: got balance %s paid %s, want 300000.00 300000.00", strOrNull(p.SubsidyBalance), strOrNull(p.SubsidyPaid))
		}
	}
}
