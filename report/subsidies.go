package report

import (
	"slices"
	"strconv"

	"github.com/techcredit/techcredit/ledger"
)

// subsidyRecord is a subsidy as it stands at q.To with its dated steps.
type subsidyRecord struct {
	d     *ledger.SubsidyDoc
	steps *steps
}

func (s subsidyRecord) approvals() approvals { return approvals{s.steps, s.d.Approvals} }

var subsidySheet = sheet[subsidyRecord]{
	records: listed(subsidyRecords),
	sortBy:  []int{0},
	dated:   true,
	fields: slices.Concat([]field[subsidyRecord]{
		text("subsidy", "贴息编号", func(s subsidyRecord) string { return s.d.ID }),
		text("program", "项目", func(s subsidyRecord) string { return s.d.Program }),
		text("loan", "贷款编号", func(s subsidyRecord) string { return s.d.Loan }),
		text("borrower", "企业编号", func(s subsidyRecord) string { return s.d.Borrower }),
		text("bank", "银行", func(s subsidyRecord) string { return s.d.Bank }),
		count("year", "年度", func(s subsidyRecord) string { return strconv.Itoa(s.d.Year) }),
		text("status", "状态", func(s subsidyRecord) string { return s.d.Status }),
		text("applied_on", "申请日期", func(s subsidyRecord) string { return s.steps.openedOn }),
	}, approvalFields(subsidyRecord.approvals), []field[subsidyRecord]{
		amount("interest", "已付利息", func(s subsidyRecord) string { return s.d.Interest }),
		amount("amount", "贴息金额", func(s subsidyRecord) string { return s.d.Amount }),
		amount("paid", "已付金额", func(s subsidyRecord) string { return s.d.Paid }),
		amount("owed", "欠付金额", func(s subsidyRecord) string { return s.d.Owed }),
	}),
}

// subsidyRecords lists the interest subsidies applied for from q.From to
// q.To, as they stand at q.To.
func subsidyRecords(books []*Book, q Query) []subsidyRecord {
	var out []subsidyRecord
	for _, bk := range books {
		for _, id := range bk.Recorder.subIDs {
			sub, s := bk.Engine.Subsidy(id), bk.Recorder.subsidies[id]
			if sub == nil {
				continue
			}
			if d := ledger.SubsidyDocOf(sub); q.keep(d.Program, d.Bank) && within(s.openedOn, q.From, q.To) {
				out = append(out, subsidyRecord{&d, s})
			}
		}
	}
	return out
}
