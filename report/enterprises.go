package report

import (
	"strconv"

	"github.com/techcredit/techcredit/ledger"
)

// enterpriseSheet: a row per registered enterprise as of to (the registry
// of SPEC §10), by id. The banks lending to it are left out: a bank is
// shown only itself on the API, and the rows are the same for every role
// that reads the registry.
var enterpriseSheet = sheet[ledger.EnterpriseView]{
	records: listed(enterpriseRecords),
	sortBy:  []int{0},
	fields: []field[ledger.EnterpriseView]{
		text("enterprise", "企业编号", func(v ledger.EnterpriseView) string { return v.ID }),
		text("name", "企业名称", func(v ledger.EnterpriseView) string { return v.Name }),
		text("sector", "行业", func(v ledger.EnterpriseView) string { return v.Sector }),
		text("size", "企业规模", func(v ledger.EnterpriseView) string { return v.Size }),
		text("park", "承接园区", func(v ledger.EnterpriseView) string { return deref(v.Park) }),
		text("tech_sme_number", "科技型中小企业入库编号", func(v ledger.EnterpriseView) string { return deref(v.TechSMENumber) }),
		text("tech_sme_year", "入库年度", func(v ledger.EnterpriseView) string { return itoaOrEmpty(v.TechSMEYear) }),
		count("staff", "职工人数", func(v ledger.EnterpriseView) string { return itoaOrEmpty(v.Staff) }),
		amount("revenue", "营业收入", func(v ledger.EnterpriseView) string { return deref(v.Revenue) }),
		amount("assets", "资产总额", func(v ledger.EnterpriseView) string { return deref(v.Assets) }),
	},
}

// enterpriseRecords lists the registry as of q.To, from the first book
// (sharedViews); from, program and bank do not apply.
func enterpriseRecords(books []*Book, _ Query) []ledger.EnterpriseView {
	return sharedViews(books, func(all ledger.Changes) ledger.Changes { return ledger.Changes{Enterprises: all.Enterprises} }).Enterprises
}

// sharedViews are the views of the first book's engine of what keep
// selects of all it holds: registrations, projects and the roadshow's
// inputs name no program, so every partition holds the same copy of them
// (SPEC §15). None without books.
func sharedViews(books []*Book, keep func(all ledger.Changes) ledger.Changes) ledger.Views {
	if len(books) == 0 {
		return ledger.Views{}
	}
	e := books[0].Engine
	return e.Views(keep(e.AllChanges()))
}

// itoaOrEmpty is a nullable integer cell: "" for null.
func itoaOrEmpty[N int | int64](n *N) string {
	if n == nil {
		return ""
	}
	return strconv.FormatInt(int64(*n), 10)
}
