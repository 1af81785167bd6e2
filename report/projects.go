package report

import (
	"encoding/json"
	"strconv"

	"github.com/techcredit/techcredit/ledger"
)

// projectColumns: a row per roadshow project as of to (the pipeline,
// SPEC §9 and §13) with the roadshow's aggregates: counts and sums, never
// a caller's name, so the rows are the same for every role that reads
// them.
var projectColumns = []Column{
	{"project", "项目编号", Text},
	{"enterprise", "企业编号", Text},
	{"title", "项目名称", Text},
	{"sector", "行业", Text},
	{"stage", "阶段", Text},
	{"status", "状态", Text},
	{"roadshow_on", "路演日期", Text},
	{"funding_sought", "拟融资额", Amount},
	{"interested_banks", "有意向银行数", Count},
	{"interested_investors", "有意向投资方数", Count},
	{"committed", "已承诺金额", Amount},
	{"committed_share", "承诺覆盖率", Rate},
}

// projectRows lists every project as of q.To. Projects and the roadshow's
// inputs name no program, so every partition holds the same copy (SPEC
// §15): the first book's is read. from, program and bank do not apply.
func projectRows(books []*Book) [][]string {
	if len(books) == 0 {
		return nil
	}
	e := books[0].Engine
	var rows [][]string
	for _, v := range e.Views(ledger.Changes{Projects: e.AllChanges().Projects}).Projects {
		d := v.ProjectDoc
		rows = append(rows, []string{d.ID, d.Enterprise, d.Title, d.Sector, d.Stage, d.Status, d.RoadshowOn, d.FundingSought,
			countOf(d.InterestedBanks), countOf(d.InterestedInvestors), amountOf(d.Committed), shareOf(d.CommittedShare)})
	}
	sortRows(rows, 0)
	return rows
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
