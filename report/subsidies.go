package report

import (
	"strconv"

	"github.com/techcredit/techcredit/ledger"
)

var subsidyColumns = []Column{
	{"subsidy", "贴息编号", Text},
	{"program", "项目", Text},
	{"loan", "贷款编号", Text},
	{"borrower", "企业编号", Text},
	{"bank", "银行", Text},
	{"year", "年度", Count},
	{"status", "状态", Text},
	{"applied_on", "申请日期", Text},
	{"first_approved_on", "初审批准日期", Text},
	{"first_approver", "初审批准人", Text},
	{"second_approved_on", "复核批准日期", Text},
	{"second_approver", "复核批准人", Text},
	{"rejected_on", "驳回日期", Text},
	{"paid_on", "付清日期", Text},
	{"interest", "已付利息", Amount},
	{"amount", "贴息金额", Amount},
	{"paid", "已付金额", Amount},
	{"owed", "欠付金额", Amount},
}

// subsidyRows lists the interest subsidies applied for from q.From to
// q.To, as they stand at q.To.
func subsidyRows(books []*Book, q Query) [][]string {
	var rows [][]string
	for _, bk := range books {
		for _, id := range bk.Recorder.subIDs {
			sub := bk.Engine.Subsidy(id)
			s := bk.Recorder.subsidies[id]
			if sub == nil {
				continue
			}
			d := ledger.SubsidyDocOf(sub)
			if !q.keep(d.Program, d.Bank) || !within(s.openedOn, q.From, q.To) {
				continue
			}
			rows = append(rows, []string{d.ID, d.Program, d.Loan, d.Borrower, d.Bank, strconv.Itoa(d.Year), d.Status,
				s.openedOn, s.stepAt(0), approver(d.Approvals, 0), s.stepAt(1), approver(d.Approvals, 1),
				s.rejectedOn, s.paidOn, d.Interest, d.Amount, d.Paid, d.Owed})
		}
	}
	sortRows(rows, 0)
	return rows
}
