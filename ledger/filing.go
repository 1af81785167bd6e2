package ledger

import (
	"strings"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// FilingDocumentsMax bounds the documents of one loan.filed.
const FilingDocumentsMax = 64

// coveredPart is the covered part of a figure x of the loan (SPEC §10):
// round2(x × F ÷ P), x itself when F = P (every loan of a program without
// filing).
func (l *Loan) coveredPart(x decimal.Decimal) decimal.Decimal {
	return risk.CoveredPart(x, l.Filed, l.Principal)
}

// filingState is the loan's filing status, FilingNone without a filing.
func (l *Loan) filingState() FilingStatus {
	if l.Filing == nil {
		return FilingNone
	}
	return l.Filing.Status
}

// documents checks a filing's documents: each a kind and the lowercase
// hex SHA-256 of its bytes.
func (f *fields) documents(docs []DocumentData) {
	if len(docs) > FilingDocumentsMax {
		f.fail(CodeBadField, "documents: %d documents, at most %d", len(docs), FilingDocumentsMax)
		return
	}
	for i, d := range docs {
		f.name("documents.kind", d.Kind)
		if !sha256Hex(d.SHA256) {
			f.fail(CodeBadField, "documents[%d].sha256 %q must be 64 lowercase hex digits", i, truncate(d.SHA256))
		}
	}
}

func sha256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// addMonths adds n calendar months to a YYYY-MM-DD date; a day the month
// lacks gives the month's last day (SPEC §15 "Dates").
func addMonths(date string, n int) string {
	year, _ := digits(date[0:4])
	month, _ := digits(date[5:7])
	day, _ := digits(date[8:10])
	m := month - 1 + n
	year, month = year+m/12, m%12+1
	day = min(day, daysIn(month, year))
	b := []byte("0000-00-00")
	put := func(at, width, v int) {
		for i := at + width - 1; i >= at; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, 4, year)
	put(5, 2, month)
	put(8, 2, day)
	return string(b)
}

func (e *Engine) loanFiled(r *request) (*Reject, error) {
	d, p := r.data, r.prog
	var f fields
	f.loan(r.in, d.Loan)
	f.date(r.in, "filed_on", d.FiledOn, true)
	f.documents(d.Documents)
	loan, rej := e.checkedLoan(r, &f, true, "filed_on", d.FiledOn)
	if rej != nil {
		return rej, nil
	}
	def := p.Def.Filing
	if def == nil {
		return reject(CodeFilingNotRequired, "program %s does not require filing: its loans are filed in full at disbursement", p.Def.ID), nil
	}
	if s := loan.filingState(); s == FilingPending || s == FilingApproved || s == FilingRevoked {
		return reject(CodeAlreadyFiled, "loan %s has a filing %s", loan.ID, s), nil
	}
	for _, kind := range def.Documents {
		if !hasDocument(d.Documents, kind) {
			return reject(CodeMissingDocuments, "the filing of loan %s lacks a %s document", loan.ID, kind), nil
		}
	}
	if def.WindowMonths > 0 {
		if by := addMonths(loan.DisbursedOn, def.WindowMonths); d.FiledOn > by {
			return reject(CodeFilingLate, "filed_on %s is after %s, %d months after disbursed_on %s",
				d.FiledOn, by, def.WindowMonths, loan.DisbursedOn), nil
		}
	}
	loan.Filing = &LoanFiling{Status: FilingPending, FiledOn: d.FiledOn,
		Documents: append([]DocumentData(nil), d.Documents...), FiledAt: r.in.AtText}
	return nil, nil
}

func hasDocument(docs []DocumentData, kind string) bool {
	for _, d := range docs {
		if d.Kind == kind {
			return true
		}
	}
	return false
}

// filingLoan finds the loan an admin's filing decision names, in the
// input's program: unknown_loan, loan_closed, and already_defaulted when
// the decision may not touch a defaulted loan.
func (e *Engine) filingLoan(r *request, beforeDefaultOnly bool) (*Loan, *Reject) {
	var f fields
	f.id("loan", r.data.Loan)
	if f.rej != nil {
		return nil, f.rej
	}
	loan := e.loans[r.data.Loan]
	switch {
	case loan == nil || loan.Program != r.prog:
		return nil, reject(CodeUnknownLoan, "loan %s is not recorded in program %s", r.data.Loan, r.prog.Def.ID)
	case loan.Status == LoanClosed:
		return nil, reject(CodeLoanClosed, "loan %s is closed", loan.ID)
	case beforeDefaultOnly && loan.Status == LoanDefaulted:
		return nil, reject(CodeAlreadyDefaulted, "loan %s is defaulted: a loan that defaults uncovered never opens a claim", loan.ID)
	}
	r.loan = loan
	return loan, nil
}

func (e *Engine) filingApproved(r *request) (*Reject, error) {
	loan, rej := e.filingLoan(r, true)
	if rej != nil {
		return rej, nil
	}
	if loan.filingState() != FilingPending {
		return reject(CodeUnknownFiling, "loan %s has no pending filing", loan.ID), nil
	}
	def, ent := r.prog.Def.Filing, e.enterprises[loan.Borrower.ID]
	if year, _ := digits(loan.Filing.FiledOn[:4]); def.QualifiedOnly && !ent.QualifiedFor(year) {
		return reject(CodeNotQualified, "borrower %s holds no tech-SME registration for %d or %d", loan.Borrower.ID, year, year-1), nil
	}
	fl := loan.Filing
	fl.Status, fl.DecidedBy, fl.DecidedAt, fl.Reason = FilingApproved, r.in.Source, r.in.AtText, ""
	if ent != nil {
		fl.Park = ent.Park
	}
	loan.Filed = def.FiledAmount(loan.Principal, e.filedOfBorrower(loan))
	if loan.Filed.Sign() == 0 {
		loan.UncoveredReason = UncoveredFilingCap
		return nil, nil
	}
	part := loan.coveredPart(loan.Outstanding)
	guarantorID := ""
	if loan.Guarantor != nil {
		guarantorID = loan.Guarantor.ID
	}
	if loan.UncoveredReason = e.coverage(loan, part, loan.Borrower.ID, guarantorID, r.in.rules); loan.UncoveredReason != "" {
		return nil, nil
	}
	from := loan.inForceAccount()
	loan.Covered = true
	p := r.prog
	p.CoveredLoans++
	p.PortfolioVolume = p.PortfolioVolume.Add(loan.Filed)
	e.countCoveredInForce(loan, part, +1)
	e.changeGuaranteed(loan, part, false)
	return nil, e.move(from, loan.inForceAccount(), loan.Outstanding, p.Def.Currency)
}

// filedOfBorrower is Σ F of the borrower's other approved, unrevoked
// filings in the loan's program, whatever their coverage or status.
func (e *Engine) filedOfBorrower(loan *Loan) decimal.Decimal {
	sum := decimal.Zero
	for _, l := range loan.Borrower.Loans {
		if l != loan && l.Program == loan.Program && l.filingState() == FilingApproved {
			sum = sum.Add(l.Filed)
		}
	}
	return sum
}

// endFiling ends the loan's filing in the state from (pending for a
// rejection, approved for a revocation) with the state to and the admin's
// reason: the checks and the decision both decisions share.
// beforeDefaultOnly is filingLoan's.
func (e *Engine) endFiling(r *request, beforeDefaultOnly bool, from, to FilingStatus) (*Loan, *Reject) {
	loan, rej := reasoned(r, func(r *request) (*Loan, *Reject) { return e.filingLoan(r, beforeDefaultOnly) })
	if rej != nil {
		return nil, rej
	}
	if loan.filingState() != from {
		return nil, reject(CodeUnknownFiling, "loan %s has no %s filing", loan.ID, from)
	}
	fl := loan.Filing
	fl.Status, fl.DecidedBy, fl.DecidedAt, fl.Reason = to, r.in.Source, r.in.AtText, strings.TrimSpace(r.data.Reason)
	return loan, nil
}

func (e *Engine) filingRejected(r *request) (*Reject, error) {
	if _, rej := e.endFiling(r, false, FilingPending, FilingRejected); rej != nil {
		return rej, nil
	}
	return nil, nil
}

func (e *Engine) filingRevoked(r *request) (*Reject, error) {
	loan, rej := e.endFiling(r, true, FilingApproved, FilingRevoked)
	if rej != nil {
		return rej, nil
	}
	wasCovered := loan.Covered
	loan.UncoveredReason = UncoveredFilingRevoked
	if !wasCovered {
		return nil, nil
	}
	p, part := r.prog, loan.coveredPart(loan.Outstanding)
	from := loan.inForceAccount()
	e.changeGuaranteed(loan, part, true)
	e.countCoveredInForce(loan, part, -1)
	loan.Covered = false
	p.CoveredLoans--
	p.PortfolioVolume = p.PortfolioVolume.Sub(loan.Filed)
	return nil, e.move(from, loan.inForceAccount(), loan.Outstanding, p.Def.Currency)
}

// countCoveredInForce adds (+1) or takes back (−1) the covered part of a
// covered in-force loan's outstanding in its bank's covered outstanding,
// kept for programs with filing (without, the book's covered accounts are
// that sum).
func (e *Engine) countCoveredInForce(l *Loan, part decimal.Decimal, sign int) {
	if l.Program.Def.Filing == nil || !l.Covered {
		return
	}
	pb := l.Program.bank(l.Bank)
	if sign > 0 {
		pb.coveredInForce = pb.coveredInForce.Add(part)
	} else {
		pb.coveredInForce = pb.coveredInForce.Sub(part)
	}
}

// UnqualifiedFilings lists, in id order, the loans whose filing is
// approved (and not revoked) while their borrower is not qualified for
// year: the year-end revocation list (SPEC §10).
func (e *Engine) UnqualifiedFilings(year int) []string {
	var out []string
	for _, id := range sortedKeys(e.loans) {
		l := e.loans[id]
		if l.filingState() == FilingApproved && !e.enterprises[l.Borrower.ID].QualifiedFor(year) {
			out = append(out, id)
		}
	}
	return out
}

// filedLoansOf lists the borrower's loans that have a filing.
func (e *Engine) filedLoansOf(borrower string) []string {
	b := e.borrowers[borrower]
	if b == nil {
		return nil
	}
	var out []string
	for _, l := range b.Loans {
		if l.Filing != nil {
			out = append(out, l.ID)
		}
	}
	return out
}
