package report

import (
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

var filingColumns = []Column{
	{"month", "备案月份", Text},
	{"program", "项目", Text},
	{"bank", "银行", Text},
	{"park", "园区", Text},
	{"banks", "银行数", Count},
	{"enterprises", "企业数", Count},
	{"loans", "贷款笔数", Count},
	{"lent", "放款金额", Amount},
	{"filed", "备案金额", Amount},
	{"average_rate", "加权平均年利率", Rate},
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

// filingRows groups the filings approved (and not revoked) at q.To whose
// filed_on lies from q.From to q.To by month, program, bank and park:
// distinct banks and enterprises, loans, amount lent (principal), amount
// filed (F) and the principal-weighted average annual rate.
func filingRows(books []*Book, q Query) [][]string {
	groups := map[filingGroup]*filingSums{}
	for _, bk := range books {
		for _, f := range approvedFilings(bk.Engine, q) {
			park := ""
			if f.Park != nil {
				park = *f.Park
			}
			g := filingGroup{f.FiledOn[:7], f.Program, f.Bank, park}
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
	var rows [][]string
	for g, s := range groups {
		rate := ""
		if r, ok := risk.Quotient(s.rated, s.lent); ok {
			rate = risk.FormatRatio(r)
		}
		rows = append(rows, []string{g.month, g.program, g.bank, g.park, strconv.Itoa(len(s.banks)),
			strconv.Itoa(len(s.enterprises)), strconv.Itoa(s.loans), risk.FormatAmount(s.lent),
			risk.FormatAmount(s.filed), rate})
	}
	sortRows(rows, 0, 1, 2, 3)
	return rows
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
