package ledger

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// reviewPrograms: "cr" reviews claim dossiers (two documents, 60 days to
// submit, 5 working days for each of the bureau and finance) under the
// 2026 National Day calendar; "plain" does not. The trigger is 90 days.
const reviewPrograms = `{"programs":[
 {"id":"cr","name":"r","kind":"compensation_pool","currency":"CNY",
  "shares":[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.35"}],
  "claim_review":{"documents":["application","contract"],"submit_within_days":60,"review_working_days":5,"decide_working_days":5}},
 {"id":"plain","name":"p","kind":"compensation_pool","currency":"CNY",
  "shares":[{"party":"province","ratio":"0.35"}]}],
 "calendar":{"holidays":["2026-10-01","2026-10-02","2026-10-03","2026-10-04","2026-10-05","2026-10-06","2026-10-07"],
  "workdays":["2026-10-10"]}}`

const rAdmin = "admin:kjt-zhou"

func dossier(kinds ...string) string { return docs(kinds...) }

func submittedData(claim, on, documents string) string {
	return obj("claim", claim, "submitted_on", on, "documents", rawJSON(documents))
}

func reviewedData(claim, on, decision, reason string) string {
	if reason == "" {
		return obj("claim", claim, "reviewed_on", on, "decision", decision)
	}
	return obj("claim", claim, "reviewed_on", on, "decision", decision, "reason", reason)
}

// reviewScenario: b1-A of 1,000,000.00 in cr defaults on Friday
// 2026-09-25 (as_of), b1-P in plain the same day.
func reviewScenario(t *testing.T) *scenario {
	s := newScenario(t, reviewPrograms)
	s.at = "2026-09-25T09:00:00+08:00"
	s.ok(TypePoolFunded, sfin, "cr", fundedData("province", "10000000.00"))
	s.ok(TypeLoanDisbursed, sb1, "cr", subsidyLoan("b1-A", "e1", "1000000.00"))
	s.ok(TypeLoanDisbursed, sb1, "plain", subsidyLoan("b1-P", "e2", "1000000.00"))
	s.ok(TypeLoanDefaulted, sb1, "cr", obj("loan", "b1-A", "as_of", "2026-09-25"))
	s.ok(TypeLoanDefaulted, sb1, "plain", obj("loan", "b1-P", "as_of", "2026-09-25"))
	return s
}

func (s *scenario) claimView(id string) ClaimView {
	s.t.Helper()
	c := s.e.claims[id]
	if c == nil {
		s.t.Fatalf("claim %s: none", id)
	}
	return ClaimViewOf(c)
}

func str(p *string) string {
	if p == nil {
		return "null"
	}
	return *p
}

// TestClaimReviewDeadlines is the example: a default on Friday
// 2026-09-25 with submit_within_days 60 is due by 2026-11-24; submitted on
// 2026-09-30 with 1–7 October off and Saturday 10 October worked, it is to
// be reviewed by 2026-10-13; recommended on 2026-10-13, decided by
// 2026-10-20.
func TestClaimReviewDeadlines(t *testing.T) {
	s := reviewScenario(t)
	wantEqual(t, "cr/b1-A"+" status", s.claim("cr/b1-A").Status, "awaiting_documents")
	wantEqual(t, "plain/b1-P"+" status", s.claim("plain/b1-P").Status, "pending")
	c := s.claim("cr/b1-A")
	if c.ClaimReviewDoc == nil || c.SubmitBy != "2026-11-24" || c.ReviewBy != nil || c.DecideBy != nil || len(c.Documents) != 0 {
		t.Fatalf("review of cr/b1-A = %+v, want submit_by 2026-11-24 and nothing else", c.ClaimReviewDoc)
	}
	if s.claim("plain/b1-P").ClaimReviewDoc != nil {
		t.Errorf("a claim without review shows review members")
	}
	wantEqual(t, "payable", c.Payable, "700000.00")
	s.refused(CodeNotReviewed, TypeClaimApproved, sfin, "cr", claimData("cr/b1-A"))
	s.refused(CodeNotSubmitted, TypeClaimReviewed, rAdmin, "cr", reviewedData("cr/b1-A", "2026-09-25", "recommend", ""))

	s.at = "2026-09-30T10:00:00+08:00"
	s.ok(TypeClaimSubmitted, sb1, "cr", submittedData("cr/b1-A", "2026-09-30", dossier("application", "contract", "vouchers")))
	c = s.claim("cr/b1-A")
	wantEqual(t, "status", c.Status, "submitted")
	wantEqual(t, "review_by", str(c.ReviewBy), "2026-10-13")
	wantEqual(t, "documents", len(c.Documents), 3)
	s.refused(CodeNotReviewed, TypeClaimApproved, sfin, "cr", claimData("cr/b1-A"))
	s.refused(CodeNotAwaitingDocuments, TypeClaimSubmitted, sb1, "cr", submittedData("cr/b1-A", "2026-09-30", dossier("application", "contract")))

	s.at = "2026-10-13T10:00:00+08:00"
	if v := s.claimView("cr/b1-A"); str(v.DueBy) != "2026-10-13" || !s.e.claims["cr/b1-A"].OverdueOn("2026-10-14") || s.e.claims["cr/b1-A"].OverdueOn("2026-10-13") {
		t.Errorf("due_by %s: overdue on 10-14 only", str(v.DueBy))
	}
	s.ok(TypeClaimReviewed, rAdmin, "cr", reviewedData("cr/b1-A", "2026-10-13", "recommend", ""))
	c = s.claim("cr/b1-A")
	wantEqual(t, "status", c.Status, "pending")
	wantEqual(t, "decide_by", str(c.DecideBy), "2026-10-20")
	wantEqual(t, "reviewed_on", str(c.ReviewedOn), "2026-10-13")
	v := s.claimView("cr/b1-A")
	wantEqual(t, "reviewed_by", str(v.ReviewedBy), rAdmin)
	wantEqual(t, "decision", str(v.Decision), "recommend")
	s.ok(TypeClaimApproved, sfin, "cr", claimData("cr/b1-A"))
	c = s.claim("cr/b1-A")
	wantEqual(t, "status", c.Status, "paid")
	wantEqual(t, "paid", c.Paid, "700000.00")
	if s.e.claims["cr/b1-A"].OverdueOn("2027-01-01") {
		t.Errorf("a paid claim is never overdue")
	}
}

// TestClaimReviewReturnAndResubmit: a returned dossier goes back to the
// bank with the reason; review_by restarts at the next submission, and
// submit_by never moves (a resubmission after it is late).
func TestClaimReviewReturnAndResubmit(t *testing.T) {
	s := reviewScenario(t)
	s.at = "2026-10-08T10:00:00+08:00"
	s.ok(TypeClaimSubmitted, sb1, "cr", submittedData("cr/b1-A", "2026-10-08", dossier("application", "contract")))
	wantEqual(t, "review_by", str(s.claim("cr/b1-A").ReviewBy), "2026-10-14")
	s.refused(CodeBadField, TypeClaimReviewed, rAdmin, "cr", reviewedData("cr/b1-A", "2026-10-08", "return", ""))
	s.refused(CodeBadField, TypeClaimReviewed, rAdmin, "cr", reviewedData("cr/b1-A", "2026-10-08", "maybe", ""))
	s.ok(TypeClaimReviewed, rAdmin, "cr", reviewedData("cr/b1-A", "2026-10-08", "return", " the contract page 3 is missing "))
	wantEqual(t, "cr/b1-A"+" status", s.claim("cr/b1-A").Status, "awaiting_documents")
	v := s.claimView("cr/b1-A")
	wantEqual(t, "return_reason", str(v.ReturnReason), "the contract page 3 is missing")
	wantEqual(t, "due_by", str(v.DueBy), "2026-11-24")
	if v.DecideBy != nil {
		t.Errorf("decide_by %s after a return, want null", *v.DecideBy)
	}

	s.at = "2026-11-24T10:00:00+08:00"
	s.ok(TypeClaimSubmitted, sb1, "cr", submittedData("cr/b1-A", "2026-11-20", dossier("application", "contract")))
	c := s.claim("cr/b1-A")
	wantEqual(t, "review_by", str(c.ReviewBy), "2026-11-27")
	wantEqual(t, "submit_by", c.SubmitBy, "2026-11-24")
	s.refused(CodeBadDate, TypeClaimReviewed, rAdmin, "cr", reviewedData("cr/b1-A", "2026-11-19", "return", "again"))
	s.ok(TypeClaimReviewed, rAdmin, "cr", reviewedData("cr/b1-A", "2026-11-24", "return", "again"))
	s.at = "2026-11-26T10:00:00+08:00"
	s.refused(CodeSubmissionLate, TypeClaimSubmitted, sb1, "cr", submittedData("cr/b1-A", "2026-11-25", dossier("application", "contract")))
	// Rejection is allowed from every open status.
	s.ok(TypeClaimRejected, sfin, "cr", obj("claim", "cr/b1-A", "reason", "dossier never completed"))
	wantEqual(t, "cr/b1-A"+" status", s.claim("cr/b1-A").Status, "rejected")
	s.refused(CodeClaimClosed, TypeClaimSubmitted, sb1, "cr", submittedData("cr/b1-A", "2026-11-25", dossier("application", "contract")))
}

// TestClaimReviewOverdueTrigger: the default date of a claim opened by the
// overdue report that reached the trigger is that report's as_of.
func TestClaimReviewOverdueTrigger(t *testing.T) {
	s := newScenario(t, reviewPrograms)
	s.at = "2026-08-03T09:00:00+08:00"
	s.ok(TypeLoanDisbursed, sb1, "cr", subsidyLoan("b1-O", "e1", "1000000.00"))
	s.ok(TypeLoanOverdue, sb1, "cr", obj("loan", "b1-O", "days_past_due", 30, "as_of", "2026-07-01"))
	if s.e.claims["cr/b1-O"] != nil {
		t.Fatalf("a claim opened at 30 days past due")
	}
	s.ok(TypeLoanOverdue, sb1, "cr", obj("loan", "b1-O", "days_past_due", 90, "as_of", "2026-07-31"))
	wantEqual(t, "submit_by", s.claim("cr/b1-O").SubmitBy, "2026-09-29")
}

type reviewRejectCase struct {
	name string
	want Code
	typ  string
	src  string
	data string
}

// claimReviewRejectCases each refuse one input after reviewScenario, at
// 2026-09-30; submission_late is in TestClaimReviewReturnAndResubmit.
func claimReviewRejectCases() []reviewRejectCase {
	return []reviewRejectCase{
		{"missing documents", CodeMissingDocuments, TypeClaimSubmitted, sb1, submittedData("cr/b1-A", "2026-09-30", dossier("application"))},
		{"bad sha256", CodeBadField, TypeClaimSubmitted, sb1, obj("claim", "cr/b1-A", "submitted_on", "2026-09-30",
			"documents", rawJSON(`[{"kind":"application","sha256":"ABC"}]`))},
		{"submitted before the default date", CodeBadDate, TypeClaimSubmitted, sb1, submittedData("cr/b1-A", "2026-09-24", dossier("application", "contract"))},
		{"submitted after at", CodeBadDate, TypeClaimSubmitted, sb1, submittedData("cr/b1-A", "2026-10-31", dossier("application", "contract"))},
		{"another bank", CodeForbidden, TypeClaimSubmitted, "bank:b2", submittedData("cr/b1-A", "2026-09-30", dossier("application", "contract"))},
		{"admin may not submit", CodeForbidden, TypeClaimSubmitted, rAdmin, submittedData("cr/b1-A", "2026-09-30", dossier("application", "contract"))},
		{"bank may not review", CodeForbidden, TypeClaimReviewed, sb1, reviewedData("cr/b1-A", "2026-09-30", "recommend", "")},
		{"unknown claim", CodeUnknownClaim, TypeClaimSubmitted, sb1, submittedData("cr/b1-X", "2026-09-30", dossier("application", "contract"))},
		{"claim of another program", CodeUnknownClaim, TypeClaimReviewed, rAdmin, reviewedData("plain/b1-P", "2026-09-30", "recommend", "")},
		{"not awaiting documents (no review)", CodeNotAwaitingDocuments, TypeClaimSubmitted, sb1, submittedData("plain/b1-P", "2026-09-30", "[]")},
		{"not submitted", CodeNotSubmitted, TypeClaimReviewed, rAdmin, reviewedData("cr/b1-A", "2026-09-30", "recommend", "")},
		{"not reviewed", CodeNotReviewed, TypeClaimApproved, sfin, claimData("cr/b1-A")},
		{"reviewed_on missing", CodeBadField, TypeClaimReviewed, rAdmin, obj("claim", "cr/b1-A", "decision", "recommend")},
		{"late", CodeSubmissionLate, TypeClaimSubmitted, sb1, submittedData("cr/b1-A", "2026-11-25", dossier("application", "contract"))},
	}
}

func TestClaimReviewRejectCodes(t *testing.T) {
	for _, tc := range claimReviewRejectCases() {
		t.Run(tc.name, func(t *testing.T) {
			s := reviewScenario(t)
			s.at = "2026-09-30T10:00:00+08:00"
			if tc.want == CodeSubmissionLate {
				s.at = "2026-11-25T10:00:00+08:00"
			}
			program := "cr"
			if strings.HasPrefix(tc.data, `{"claim":"plain/`) {
				program = "plain"
			}
			if tc.name == "claim of another program" {
				program = "cr"
			}
			s.refused(tc.want, tc.typ, tc.src, program, tc.data)
		})
	}
}

// TestClaimReviewOldRules: under RulesSubsidy the review inputs are
// unknown_type and a claim opens pending even with claim_review.
func TestClaimReviewOldRules(t *testing.T) {
	s := newScenario(t, reviewPrograms)
	s.meta = Meta{Rules: RulesSubsidy}
	s.at = "2026-09-25T09:00:00+08:00"
	s.ok(TypeLoanDisbursed, sb1, "cr", subsidyLoan("b1-A", "e1", "1000000.00"))
	s.ok(TypeLoanDefaulted, sb1, "cr", obj("loan", "b1-A", "as_of", "2026-09-25"))
	wantEqual(t, "cr/b1-A"+" status", s.claim("cr/b1-A").Status, "pending")
	s.refused(CodeUnknownType, TypeClaimSubmitted, sb1, "cr", submittedData("cr/b1-A", "2026-09-25", dossier("application", "contract")))
}

// TestClaimReviewSnapshotRoundTrip: the snapshot carries the calendar, the
// claim_review definition and each claim's review.
func TestClaimReviewSnapshotRoundTrip(t *testing.T) {
	s := reviewScenario(t)
	s.at = "2026-09-30T10:00:00+08:00"
	s.ok(TypeClaimSubmitted, sb1, "cr", submittedData("cr/b1-A", "2026-09-30", dossier("application", "contract")))
	r := restoredTwin(t, s.e)
	raw := inputLine("n-1", TypeClaimReviewed, rAdmin, "cr", "2026-10-13T10:00:00+08:00", reviewedData("cr/b1-A", "2026-09-30", "recommend", ""))
	for _, e := range []*Engine{s.e, r} {
		if out, err := e.Apply(raw, Meta{}); err != nil || out.Status != StatusApplied {
			t.Fatalf("got %s %s (%v)", out.Status, out.Code, err)
		}
	}
	s1, _ := MarshalState(s.e.State())
	s2, _ := MarshalState(r.State())
	if string(s1) != string(s2) {
		t.Errorf("states differ:\n%s", lineDiff(s1, s2))
	}
	// The state document reads back as it was written (the Kafka mode's
	// merge of partitions goes through UnmarshalState).
	back, err := UnmarshalState(s1)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := MarshalState(MergeStates([]*State{back})); string(again) != string(s1) {
		t.Errorf("the state document does not read back alike:\n%s", lineDiff(s1, again))
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, s1); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(compact.String(), `"approvals":[],"submit_by":"2026-11-24","review_by":"2026-10-13","decide_by":"2026-10-13"`) {
		t.Errorf("state document lacks the review members in order:\n%s", s1)
	}
}
