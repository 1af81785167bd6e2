package report

import "github.com/techcredit/techcredit/ledger"

var claimColumns = []Column{
	{"claim", "理赔编号", Text},
	{"program", "项目", Text},
	{"loan", "贷款编号", Text},
	{"bank", "银行", Text},
	{"status", "状态", Text},
	{"opened_on", "立案日期", Text},
	// The dossier review (SPEC §12), empty for programs without claim_review:
	// the latest submission and review as of q.To.
	{"default_on", "违约日期", Text},
	{"submit_by", "材料提交截止日", Text},
	{"submitted_on", "材料提交日期", Text},
	{"review_by", "审核截止日", Text},
	{"reviewed_on", "审核日期", Text},
	{"reviewed_by", "审核人", Text},
	{"decision", "审核意见", Text},
	{"decide_by", "审批截止日", Text},
	{"first_approved_on", "初审批准日期", Text},
	{"first_approver", "初审批准人", Text},
	{"second_approved_on", "复核批准日期", Text},
	{"second_approver", "复核批准人", Text},
	{"rejected_on", "驳回日期", Text},
	{"paid_on", "付清日期", Text},
	{"loss", "损失金额", Amount},
	{"payable", "应付金额", Amount},
	{"paid", "已付金额", Amount},
	{"owed", "欠付金额", Amount},
	{"recovered", "回收金额", Amount},
}

// claimRows lists the claims opened from q.From to q.To, as they stand at
// q.To, with the date of each step and who approved.
func claimRows(books []*Book, q Query) [][]string {
	var rows [][]string
	for _, bk := range books {
		ids := bk.Engine.AllChanges().Claims
		for _, v := range bk.Engine.Views(ledger.Changes{Claims: ids}).Claims {
			s := bk.Recorder.claims[v.ID]
			if s == nil {
				s = &steps{openedOn: localDate(v.OpenedAt)}
			}
			if !q.keep(v.Program, v.Bank) || !within(s.openedOn, q.From, q.To) {
				continue
			}
			row := []string{v.ID, v.Program, v.Loan, v.Bank, v.Status, s.openedOn}
			row = append(row, reviewCells(v)...)
			rows = append(rows, append(row,
				s.stepAt(0), approver(v.Approvals, 0), s.stepAt(1), approver(v.Approvals, 1), s.rejectedOn, s.paidOn,
				v.Loss, v.Payable, v.Paid, v.Owed, v.Recovered))
		}
	}
	sortRows(rows, 0)
	return rows
}

// approver is the source of the i-th approval ("finance:li"), "" when
// there is none.
func approver(approvals []string, i int) string {
	if i < len(approvals) {
		return approvals[i]
	}
	return ""
}

// reviewCells are the review columns of a claim, all empty without
// claim_review.
func reviewCells(v ledger.ClaimView) []string {
	if v.ClaimReviewDoc == nil || v.ClaimReviewView == nil {
		return make([]string, 8)
	}
	d, r := v.ClaimReviewDoc, v.ClaimReviewView
	return []string{r.DefaultOn, d.SubmitBy, deref(d.SubmittedOn), deref(d.ReviewBy), deref(d.ReviewedOn),
		deref(r.ReviewedBy), deref(r.Decision), deref(d.DecideBy)}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
