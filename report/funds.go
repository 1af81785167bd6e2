package report

import (
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// fundSheet: a row per transformation fund as of to (SPEC §13, §14), by
// id; from does not apply (a fund's row is where it stands at to), nor
// program or bank.
var fundSheet = sheet[fundRecord]{
	records: listed(fundRecords),
	fields: []field[fundRecord]{
		text("fund", "基金编号", func(f fundRecord) string { return f.doc.ID }),
		text("name", "基金名称", func(f fundRecord) string { return f.fund.Def.Name }),
		text("currency", "币种", func(f fundRecord) string { return f.fund.Def.Currency }),
		amount("committed", "认缴出资", func(f fundRecord) string { return f.doc.Committed }),
		amount("invested", "已投金额", func(f fundRecord) string { return f.doc.Invested }),
		amount("available", "可投余额", func(f fundRecord) string { return f.doc.Available }),
		amount("proceeds", "退出回款", func(f fundRecord) string { return f.doc.Proceeds }),
		count("investments", "投资笔数", func(f fundRecord) string { return strconv.Itoa(f.doc.Investments) }),
		rate("leverage", "放大倍数", func(f fundRecord) string { return deref(f.doc.Leverage) }),
		rate("min_leverage", "最低放大倍数", func(f fundRecord) string { return f.doc.MinLeverage }),
		text("leverage_ok", "倍数是否达标", func(f fundRecord) string { return strconv.FormatBool(f.doc.LeverageOK) }),
		rate("early_share", "投早占比", func(f fundRecord) string { return deref(f.doc.EarlyShare) }),
		rate("small_share", "投小占比", func(f fundRecord) string { return deref(f.doc.SmallShare) }),
		rate("hard_tech_share", "投硬科技占比", func(f fundRecord) string { return deref(f.doc.HardTechShare) }),
	},
}

// fundInvestmentSheet: a row per investment of a fund as of to, by fund
// and in the order invested. The co-investors are a total and a count,
// never their names: the rows are the same for every role that reads
// them.
var fundInvestmentSheet = sheet[investmentRecord]{
	records: listed(investmentRecords),
	fields: []field[investmentRecord]{
		text("fund", "基金编号", func(r investmentRecord) string { return r.fund }),
		text("investment", "投资编号", func(r investmentRecord) string { return r.inv.ID }),
		text("project", "项目编号", func(r investmentRecord) string { return r.inv.Project }),
		text("enterprise", "企业编号", func(r investmentRecord) string { return r.inv.Enterprise }),
		amount("round_size", "本轮融资额", func(r investmentRecord) string { return risk.FormatAmount(r.inv.RoundSize) }),
		amount("amount", "基金出资", func(r investmentRecord) string { return risk.FormatAmount(r.inv.Amount) }),
		amount("co_investors", "社会资本合计", func(r investmentRecord) string { return risk.FormatAmount(r.coInvested()) }),
		count("co_investor_count", "社会资本方数", func(r investmentRecord) string { return strconv.Itoa(len(r.inv.CoInvestors)) }),
		text("invested_on", "投资日期", func(r investmentRecord) string { return r.inv.InvestedOn }),
		text("early", "投早", func(r investmentRecord) string { return strconv.FormatBool(r.inv.Early) }),
		text("small", "投小", func(r investmentRecord) string { return strconv.FormatBool(r.inv.Small) }),
		text("hard_tech", "投硬科技", func(r investmentRecord) string { return strconv.FormatBool(r.inv.HardTech) }),
		text("exited", "是否退出", func(r investmentRecord) string { return strconv.FormatBool(r.inv.Exited) }),
		text("exited_on", "退出日期", func(r investmentRecord) string { return r.exitedOn() }),
		amount("proceeds", "退出回款", func(r investmentRecord) string { return risk.FormatAmount(r.inv.Proceeds) }),
	},
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

// fundRecord is a fund as one book holds it, with its document.
type fundRecord struct {
	fundRef
	doc ledger.FundDoc
}

func fundRecords(books []*Book, q Query) []fundRecord {
	var out []fundRecord
	for _, r := range fundsOf(books, q) {
		out = append(out, fundRecord{r, r.engine.FundDoc(r.fund)})
	}
	return out
}

// investmentRecord is an investment of a fund.
type investmentRecord struct {
	fund string
	inv  *ledger.Investment
}

func investmentRecords(books []*Book, q Query) []investmentRecord {
	var out []investmentRecord
	for _, r := range fundsOf(books, q) {
		for _, inv := range r.fund.InvestmentList() {
			out = append(out, investmentRecord{r.fund.Def.ID, inv})
		}
	}
	return out
}

// coInvested is what the co-investors put into the round.
func (r investmentRecord) coInvested() decimal.Decimal {
	co := decimal.Zero
	for _, c := range r.inv.CoInvestors {
		co = co.Add(c.Amount)
	}
	return co
}

// exitedOn is the exit date, "" until exited.
func (r investmentRecord) exitedOn() string {
	if r.inv.Exited {
		return r.inv.ExitedOn
	}
	return ""
}
