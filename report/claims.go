package report

import (
	"slices"

	"github.com/techcredit/techcredit/ledger"
)

// claimRecord is a claim as it stands at q.To with its dated steps; doc
// and review are empty for programs without claim_review.
type claimRecord struct {
	v      *ledger.ClaimView
	steps  *steps
	doc    *ledger.ClaimReviewDoc
	review *ledger.ClaimReviewView
}

func (c claimRecord) approvals() approvals { return approvals{c.steps, c.v.Approvals} }

var claimSheet = sheet[claimRecord]{
	records: listed(claimRecords),
	sortBy:  []int{0},
	dated:   true,
	fields: slices.Concat([]field[claimRecord]{
		text("claim", "理赔编号", func(c claimRecord) string { return c.v.ID }),
		text("program", "项目", func(c claimRecord) string { return c.v.Program }),
		text("loan", "贷款编号", func(c claimRecord) string { return c.v.Loan }),
		text("bank", "银行", func(c claimRecord) string { return c.v.Bank }),
		text("status", "状态", func(c claimRecord) string { return c.v.Status }),
		text("opened_on", "立案日期", func(c claimRecord) string { return c.steps.openedOn }),
		// The dossier review (SPEC §12), empty for programs without claim_review:
		// the latest submission and review as of q.To.
		text("default_on", "违约日期", func(c claimRecord) string { return c.review.DefaultOn }),
		text("submit_by", "材料提交截止日", func(c claimRecord) string { return c.doc.SubmitBy }),
		text("submitted_on", "材料提交日期", func(c claimRecord) string { return deref(c.doc.SubmittedOn) }),
		text("review_by", "审核截止日", func(c claimRecord) string { return deref(c.doc.ReviewBy) }),
		text("reviewed_on", "审核日期", func(c claimRecord) string { return deref(c.doc.ReviewedOn) }),
		text("reviewed_by", "审核人", func(c claimRecord) string { return deref(c.review.ReviewedBy) }),
		text("decision", "审核意见", func(c claimRecord) string { return deref(c.review.Decision) }),
		text("decide_by", "审批截止日", func(c claimRecord) string { return deref(c.doc.DecideBy) }),
	}, approvalFields(claimRecord.approvals), []field[claimRecord]{
		amount("loss", "损失金额", func(c claimRecord) string { return c.v.Loss }),
		amount("payable", "应付金额", func(c claimRecord) string { return c.v.Payable }),
		amount("paid", "已付金额", func(c claimRecord) string { return c.v.Paid }),
		amount("owed", "欠付金额", func(c claimRecord) string { return c.v.Owed }),
		amount("recovered", "回收金额", func(c claimRecord) string { return c.v.Recovered }),
	}),
}

// claimRecords lists the claims opened from q.From to q.To, as they stand
// at q.To, with the date of each step and who approved.
func claimRecords(books []*Book, q Query) []claimRecord {
	var out []claimRecord
	for _, bk := range books {
		ids := bk.Engine.AllChanges().Claims
		for _, v := range bk.Engine.Views(ledger.Changes{Claims: ids}).Claims {
			s := bk.Recorder.claims[v.ID]
			if s == nil {
				s = &steps{openedOn: localDate(v.OpenedAt)}
			}
			if q.keep(v.Program, v.Bank) && within(s.openedOn, q.From, q.To) {
				out = append(out, newClaimRecord(&v, s))
			}
		}
	}
	return out
}

// newClaimRecord pairs a claim with its steps; the review columns are all
// empty unless the claim has both the review's document and its view.
func newClaimRecord(v *ledger.ClaimView, s *steps) claimRecord {
	if v.ClaimReviewDoc == nil || v.ClaimReviewView == nil {
		return claimRecord{v, s, &ledger.ClaimReviewDoc{}, &ledger.ClaimReviewView{}}
	}
	return claimRecord{v, s, v.ClaimReviewDoc, v.ClaimReviewView}
}
