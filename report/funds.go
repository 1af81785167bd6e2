package report

import (
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// fundColumns: a row per transformation fund as of to (SPEC §13, §14).
var fundColumns = []Column{
	{"fund", "基金编号", Text},
	{"name", "基金名称", Text},
	{"currency", "币种", Text},
	{"committed", "认缴出资", Amount},
	{"invested", "已投金额", Amount},
	{"available", "可投余额", Amount},
	{"proceeds", "退出回款", Amount},
	{"investments", "投资笔数", Count},
	{"leverage", "放大倍数", Rate},
	{"min_leverage", "最低放大倍数", Rate},
	{"leverage_ok", "倍数是否达标", Text},
	{"early_share", "投早占比", Rate},
	{"small_share", "投小占比", Rate},
	{"hard_tech_share", "投硬科技占比", Rate},
}

// fundInvestmentColumns: a row per investment of a fund as of to. The
// co-investors are a total and a count, never their names: the rows are
// the same for every role that reads them.
var fundInvestmentColumns = []Column{
	{"fund", "基金编号", Text},
	{"investment", "投资编号", Text},
	{"project", "项目编号", Text},
	{"enterprise", "企业编号", Text},
	{"round_size", "本轮融资额", Amount},
	{"amount", "基金出资", Amount},
	{"co_investors", "社会资本合计", Amount},
	{"co_investor_count", "社会资本方数", Count},
	{"invested_on", "投资日期", Text},
	{"early", "投早", Text},
	{"small", "投小", Text},
	{"hard_tech", "投硬科技", Text},
	{"exited", "是否退出", Text},
	{"exited_on", "退出日期", Text},
	{"proceeds", "退出回款", Amount},
}

// fundRef is a fund as one book holds it.
type fundRef struct {
	engine *ledger.Engine
	fund   *ledger.Fund
}

// fundsOf lists the funds of the query (all, or q.Fund) by id. Every
// partition knows every fund of the programs file, but only the one its
// key names journals its inputs: the book where the fund has a
// commitment or an investment is the fund's, else the first.
func fundsOf(books []*Book, q Query) []fundRef {
	var ids []string
	found := map[string]fundRef{}
	for _, bk := range books {
		for _, id := range bk.Engine.FundIDs() {
			if q.Fund != "" && id != q.Fund {
				continue
			}
			f := bk.Engine.Fund(id)
			ref, seen := found[id]
			if !seen {
				ids = append(ids, id)
			}
			if !seen || (!active(ref) && active(fundRef{bk.Engine, f})) {
				found[id] = fundRef{bk.Engine, f}
			}
		}
	}
	slices.Sort(ids)
	refs := make([]fundRef, 0, len(ids))
	for _, id := range ids {
		refs = append(refs, found[id])
	}
	return refs
}

func active(r fundRef) bool {
	return r.engine.FundCommitted(r.fund).Sign() != 0 || len(r.fund.InvestmentList()) > 0
}

// fundRows is a row per fund as of q.To; from does not apply (a fund's row
// is where it stands at to), nor program or bank.
func fundRows(books []*Book, q Query) [][]string {
	var rows [][]string
	for _, r := range fundsOf(books, q) {
		d := r.engine.FundDoc(r.fund)
		rows = append(rows, []string{d.ID, r.fund.Def.Name, r.fund.Def.Currency, d.Committed, d.Invested,
			d.Available, d.Proceeds, strconv.Itoa(d.Investments), orEmpty(d.Leverage), d.MinLeverage,
			strconv.FormatBool(d.LeverageOK), orEmpty(d.EarlyShare), orEmpty(d.SmallShare), orEmpty(d.HardTechShare)})
	}
	return rows
}

// fundInvestmentRows is a row per investment as of q.To, by fund and in
// the order invested.
func fundInvestmentRows(books []*Book, q Query) [][]string {
	var rows [][]string
	for _, r := range fundsOf(books, q) {
		for _, inv := range r.fund.InvestmentList() {
			co := decimal.Zero
			for _, c := range inv.CoInvestors {
				co = co.Add(c.Amount)
			}
			exitedOn := ""
			if inv.Exited {
				exitedOn = inv.ExitedOn
			}
			rows = append(rows, []string{r.fund.Def.ID, inv.ID, inv.Project, inv.Enterprise,
				risk.FormatAmount(inv.RoundSize), risk.FormatAmount(inv.Amount), risk.FormatAmount(co),
				strconv.Itoa(len(inv.CoInvestors)), inv.InvestedOn, strconv.FormatBool(inv.Early),
				strconv.FormatBool(inv.Small), strconv.FormatBool(inv.HardTech), strconv.FormatBool(inv.Exited),
				exitedOn, risk.FormatAmount(inv.Proceeds)})
		}
	}
	return rows
}

func orEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
