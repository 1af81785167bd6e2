package report

import (
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// filingSheet: the filings approved (and not revoked) at q.To whose
// filed_on lies from q.From to q.To, grouped by month, program, bank and
// park: distinct banks and enterprises, loans, amount lent (principal),
// amount filed (F) and the principal-weighted average annual rate.
var filingSheet = sheet[filingRecord]{
	records: listed(filingRecords),
	sortBy:  []int{0, 1, 2, 3},
	dated:   true,
	fields: []field[filingRecord]{
		text("month", "备案月份", func(r filingRecord) string { return r.month }),
		text("program", "项目", func(r filingRecord) string { return r.program }),
		text("bank", "银行", func(r filingRecord) string { return r.bank }),
		text("park", "园区", func(r filingRecord) string { return r.park }),
		count("banks", "银行数", func(r filingRecord) string { return strconv.Itoa(len(r.banks)) }),
		count("enterprises", "企业数", func(r filingRecord) string { return strconv.Itoa(len(r.enterprises)) }),
		count("loans", "贷款笔数", func(r filingRecord) string { return strconv.Itoa(r.loans) }),
		amount("lent", "放款金额", func(r filingRecord) string { return risk.FormatAmount(r.lent) }),
		amount("filed", "备案金额", func(r filingRecord) string { return risk.FormatAmount(r.filed) }),
		rate("average_rate", "加权平均年利率", func(r filingRecord) string { return r.averageRate() }),
	},
}

// filingGroup is one row of the filings report: a month of filed_on, a
// program, a bank and a park (as at approval; "" when none).
type filingGroup struct {
	month, program, bank, park string
}

type filingSums struct {
	banks, enterprises map[string]bool
	loans              int
	lent, filed        decimal.Decimal
	rated              decimal.Decimal // Σ principal × annual_rate
}

// filingRecord is a row of the filings report: a group and its sums.
type filingRecord struct {
	filingGroup
	*filingSums
}

// averageRate is Σ principal × annual_rate ÷ Σ principal, "" when nothing
// was lent.
func (r filingRecord) averageRate() string {
	if q, ok := risk.Quotient(r.rated, r.lent); ok {
		return risk.FormatRatio(q)
	}
	return ""
}

func filingRecords(books []*Book, q Query) []filingRecord {
	groups := map[filingGroup]*filingSums{}
	for _, bk := range books {
		for _, f := range approvedFilings(bk.Engine, q) {
			g := filingGroup{f.FiledOn[:7], f.Program, f.Bank, deref(f.Park)}
			s := groups[g]
			if s == nil {
				s = &filingSums{banks: map[string]bool{}, enterprises: map[string]bool{}}
				groups[g] = s
			}
			p, _ := decimal.NewFromString(f.Principal)
			filed, _ := decimal.NewFromString(f.Filed)
			s.banks[f.Bank], s.enterprises[f.Borrower] = true, true
			s.loans++
			s.lent, s.filed = s.lent.Add(p), s.filed.Add(filed)
			s.rated = s.rated.Add(p.Mul(bk.Recorder.rates[f.Loan]))
		}
	}
	out := make([]filingRecord, 0, len(groups))
	for g, s := range groups {
		out = append(out, filingRecord{g, s})
	}
	return out
}

// approvedFilings lists the filings of e approved at q.To with filed_on
// from q.From to q.To, in the query's program and bank.
func approvedFilings(e *ledger.Engine, q Query) []ledger.FilingView {
	var out []ledger.FilingView
	ids := e.AllChanges().Loans
	for start := 0; start < len(ids); start += loanChunk {
		chunk := ids[start:min(start+loanChunk, len(ids))]
		for _, f := range e.Views(ledger.Changes{Loans: chunk}).Filings {
			if f.Status == ledger.FilingApproved.String() && q.keep(f.Program, f.Bank) && within(f.FiledOn, q.From, q.To) {
				out = append(out, f)
			}
		}
	}
	return out
}
