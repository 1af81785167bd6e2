package report

import (
	"encoding/json"
	"strconv"

	"github.com/techcredit/techcredit/ledger"
)

// projectSheet: a row per roadshow project as of to (the pipeline, SPEC
// §9 and §13), by id, with the roadshow's aggregates: counts and sums,
// never a caller's name, so the rows are the same for every role that
// reads them.
var projectSheet = sheet[ledger.ProjectView]{
	records: listed(projectRecords),
	sortBy:  []int{0},
	fields: []field[ledger.ProjectView]{
		text("project", "项目编号", func(v ledger.ProjectView) string { return v.ID }),
		text("enterprise", "企业编号", func(v ledger.ProjectView) string { return v.Enterprise }),
		text("title", "项目名称", func(v ledger.ProjectView) string { return v.Title }),
		text("sector", "行业", func(v ledger.ProjectView) string { return v.Sector }),
		text("stage", "阶段", func(v ledger.ProjectView) string { return v.Stage }),
		text("status", "状态", func(v ledger.ProjectView) string { return v.Status }),
		text("roadshow_on", "路演日期", func(v ledger.ProjectView) string { return v.RoadshowOn }),
		amount("funding_sought", "拟融资额", func(v ledger.ProjectView) string { return v.FundingSought }),
		count("interested_banks", "有意向银行数", func(v ledger.ProjectView) string { return countOf(v.InterestedBanks) }),
		count("interested_investors", "有意向投资方数", func(v ledger.ProjectView) string { return countOf(v.InterestedInvestors) }),
		amount("committed", "已承诺金额", func(v ledger.ProjectView) string { return amountOf(v.Committed) }),
		rate("committed_share", "承诺覆盖率", func(v ledger.ProjectView) string { return shareOf(v.CommittedShare) }),
	},
}

// projectRecords lists every project as of q.To, from the first book
// (sharedViews); from, program and bank do not apply.
func projectRecords(books []*Book, _ Query) []ledger.ProjectView {
	return sharedViews(books, func(all ledger.Changes) ledger.Changes { return ledger.Changes{Projects: all.Projects} }).Projects
}

// countOf is a roadshow count, 0 before the roadshow is in use.
func countOf(n *int) string {
	if n == nil {
		return "0"
	}
	return strconv.Itoa(*n)
}

func amountOf(s *string) string {
	if s == nil {
		return "0.00"
	}
	return *s
}

// shareOf is a committed share, "" when undefined (nothing sought, or no
// roadshow yet).
func shareOf(raw *json.RawMessage) string {
	var s *string
	if raw == nil || json.Unmarshal(*raw, &s) != nil || s == nil {
		return ""
	}
	return *s
}
