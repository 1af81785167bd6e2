package report

import (
	"iter"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

var loanColumns = []Column{
	{"loan", "贷款编号", Text},
	{"program", "项目", Text},
	{"bank", "银行", Text},
	{"borrower", "企业编号", Text},
	{"borrower_name", "企业名称", Text},
	{"principal", "贷款本金", Amount},
	{"status", "状态", Text},
	{"outstanding", "贷款余额", Amount},
	{"days_past_due", "逾期天数", Count},
	{"covered", "是否覆盖", Text},
	{"uncovered_reason", "未覆盖原因", Text},
	{"covered_part", "覆盖部分", Amount},
	{"filing", "备案状态", Text},
	{"filed", "备案金额", Amount},
	{"claim", "理赔编号", Text},
}

// loanChunk is how many loans' documents are built at once: the rows of a
// large book are streamed, never all held.
const loanChunk = 1024

// loanRef is a loan of one of the books.
type loanRef struct {
	id   string
	book int
}

// loanRows lists every loan as of q.To, by id, one chunk of documents at a
// time. From does not apply: a loan's row is where it stands at To.
func loanRows(books []*Book, q Query) iter.Seq[[]string] {
	return func(yield func([]string) bool) {
		refs := loanRefs(books)
		row := make([]string, len(loanColumns))
		for start := 0; start < len(refs); start += loanChunk {
			chunk := refs[start:min(start+loanChunk, len(refs))]
			for _, v := range loanViews(books, chunk) {
				if !q.keep(v.Program, v.Bank) {
					continue
				}
				fillLoanRow(row, &v)
				if !yield(row) {
					return
				}
			}
		}
	}
}

// loanRefs lists the loans of all books by id.
func loanRefs(books []*Book) []loanRef {
	var refs []loanRef
	for i, b := range books {
		for _, id := range b.Engine.AllChanges().Loans {
			refs = append(refs, loanRef{id, i})
		}
	}
	if len(books) > 1 {
		slices.SortFunc(refs, func(a, b loanRef) int { return compareStrings(a.id, b.id) })
	}
	return refs
}

// loanViews builds the documents of a chunk of loans, in its order.
func loanViews(books []*Book, chunk []loanRef) []ledger.LoanView {
	var views []ledger.LoanView
	for i := 0; i < len(chunk); {
		j := i
		var ids []string
		for ; j < len(chunk) && chunk[j].book == chunk[i].book; j++ {
			ids = append(ids, chunk[j].id)
		}
		views = append(views, books[chunk[i].book].Engine.Views(ledger.Changes{Loans: ids}).Loans...)
		i = j
	}
	return views
}

// fillLoanRow writes a loan's cells. The covered part of the outstanding
// is round2(outstanding × F ÷ P) for a covered loan (SPEC §10), 0 for an
// uncovered one; F is the principal where no program files.
func fillLoanRow(row []string, v *ledger.LoanView) {
	filing, filed := "none", v.Principal
	if v.Filing != nil {
		filing, filed = *v.Filing, *v.Filed
	}
	part := "0.00"
	if v.Covered {
		out, _ := decimal.NewFromString(v.Outstanding)
		f, _ := decimal.NewFromString(filed)
		p, _ := decimal.NewFromString(v.Principal)
		part = risk.FormatAmount(risk.CoveredPart(out, f, p))
	}
	copy(row, []string{v.ID, v.Program, v.Bank, v.Borrower, v.BorrowerName, v.Principal, v.Status, v.Outstanding,
		strconv.Itoa(int(v.DaysPastDue)), strconv.FormatBool(v.Covered), v.UncoveredReason, part, filing, filed, v.Claim})
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
