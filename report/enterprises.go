package report

import (
	"strconv"

	"github.com/techcredit/techcredit/ledger"
)

// enterpriseColumns: a row per registered enterprise as of to (the
// registry of SPEC §10). The banks lending to it are left out: a bank is
// shown only itself on the API, and the rows are the same for every role
// that reads the registry.
var enterpriseColumns = []Column{
	{"enterprise", "企业编号", Text},
	{"name", "企业名称", Text},
	{"sector", "行业", Text},
	{"size", "企业规模", Text},
	{"park", "承接园区", Text},
	{"tech_sme_number", "科技型中小企业入库编号", Text},
	{"tech_sme_year", "入库年度", Text},
	{"staff", "职工人数", Count},
	{"revenue", "营业收入", Amount},
	{"assets", "资产总额", Amount},
}

// enterpriseRows lists the registry as of q.To. Registrations name no
// program, so every partition holds the same copy (SPEC §15): the first
// book's is read. from, program and bank do not apply.
func enterpriseRows(books []*Book) [][]string {
	if len(books) == 0 {
		return nil
	}
	e := books[0].Engine
	var rows [][]string
	for _, v := range e.Views(ledger.Changes{Enterprises: e.AllChanges().Enterprises}).Enterprises {
		year, staff := "", ""
		if v.TechSMEYear != nil {
			year = strconv.Itoa(*v.TechSMEYear)
		}
		if v.Staff != nil {
			staff = strconv.FormatInt(*v.Staff, 10)
		}
		rows = append(rows, []string{v.ID, v.Name, v.Sector, v.Size, deref(v.Park), deref(v.TechSMENumber), year, staff,
			deref(v.Revenue), deref(v.Assets)})
	}
	sortRows(rows, 0)
	return rows
}
