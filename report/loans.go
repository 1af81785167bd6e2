package report

import (
	"iter"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// loanSheet: every loan as of q.To, by id, streamed one chunk of
// documents at a time. From does not apply: a loan's row is where it
// stands at To.
var loanSheet = sheet[loanRecord]{
	records: loanRecords,
	stream:  true,
	fields: []field[loanRecord]{
		text("loan", "贷款编号", func(r loanRecord) string { return r.ID }),
		text("program", "项目", func(r loanRecord) string { return r.Program }),
		text("bank", "银行", func(r loanRecord) string { return r.Bank }),
		text("borrower", "企业编号", func(r loanRecord) string { return r.Borrower }),
		text("borrower_name", "企业名称", func(r loanRecord) string { return r.BorrowerName }),
		amount("principal", "贷款本金", func(r loanRecord) string { return r.Principal }),
		text("status", "状态", func(r loanRecord) string { return r.Status }),
		amount("outstanding", "贷款余额", func(r loanRecord) string { return r.Outstanding }),
		count("days_past_due", "逾期天数", func(r loanRecord) string { return strconv.Itoa(int(r.DaysPastDue)) }),
		text("covered", "是否覆盖", func(r loanRecord) string { return strconv.FormatBool(r.Covered) }),
		text("uncovered_reason", "未覆盖原因", func(r loanRecord) string { return r.UncoveredReason }),
		amount("covered_part", "覆盖部分", func(r loanRecord) string { return r.coveredPart() }),
		text("filing", "备案状态", func(r loanRecord) string { return r.filing }),
		amount("filed", "备案金额", func(r loanRecord) string { return r.filed }),
		text("claim", "理赔编号", func(r loanRecord) string { return r.Claim }),
	},
}

// loanChunk is how many loans' documents are built at once: the rows of a
// large book are streamed, never all held.
const loanChunk = 1024

// loanRef is a loan of one of the books.
type loanRef struct {
	id   string
	book int
}

// loanRecords lists the loans of the query, by id, one chunk of
// documents at a time.
func loanRecords(books []*Book, q Query) iter.Seq[loanRecord] {
	return func(yield func(loanRecord) bool) {
		refs := loanRefs(books)
		for start := 0; start < len(refs); start += loanChunk {
			chunk := refs[start:min(start+loanChunk, len(refs))]
			views := loanViews(books, chunk)
			for i := range views {
				if v := &views[i]; q.keep(v.Program, v.Bank) && !yield(newLoanRecord(v)) {
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

// loanRecord is a loan with its filing: its status ("none" where the
// program does not file) and the amount filed (F, the principal where no
// program files).
type loanRecord struct {
	*ledger.LoanView
	filing, filed string
}

func newLoanRecord(v *ledger.LoanView) loanRecord {
	if v.Filing != nil {
		return loanRecord{v, *v.Filing, *v.Filed}
	}
	return loanRecord{v, "none", v.Principal}
}

// coveredPart is the covered part of the outstanding: round2(outstanding
// × F ÷ P) for a covered loan (SPEC §10), 0 for an uncovered one.
func (r loanRecord) coveredPart() string {
	if !r.Covered {
		return "0.00"
	}
	out, _ := decimal.NewFromString(r.Outstanding)
	f, _ := decimal.NewFromString(r.filed)
	p, _ := decimal.NewFromString(r.Principal)
	return risk.FormatAmount(risk.CoveredPart(out, f, p))
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
