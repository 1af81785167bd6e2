package ledger

import (
	"time"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// LoanStatus is where a loan stands (SPEC §7).
type LoanStatus uint8

const (
	LoanPerforming LoanStatus = iota
	LoanOverdue
	LoanDefaulted
	LoanClosed
)

var loanStatusNames = [...]string{"performing", "overdue", "defaulted", "closed"}

func (s LoanStatus) String() string { return loanStatusNames[s] }

// inForce reports whether the loan's outstanding counts in leverage:
// performing or overdue.
func (s LoanStatus) inForce() bool { return s == LoanPerforming || s == LoanOverdue }

// Reasons a loan is recorded but not covered (SPEC §6).
const (
	UncoveredBankSuspended     = "bank_suspended"
	UncoveredLeverageCap       = "leverage_cap"
	UncoveredGuarantorLeverage = "guarantor_leverage"
	// Loan filing (SPEC §10).
	UncoveredNotFiled      = "not_filed"
	UncoveredFilingCap     = "filing_cap"
	UncoveredFilingRevoked = "filing_revoked"
)

// Loan is one reported loan. Outstanding is principal less principal repaid;
// after default it no longer changes and recoveries are kept beside it.
type Loan struct {
	ID              string
	Program         *Program
	Bank            string
	DisbursedOn     string // YYYY-MM-DD: no event on the loan is dated before it
	Borrower        *Borrower
	Guarantor       *Guarantor // guarantee programs only
	Small           bool       // micro or small borrower, as reported at disbursement
	Principal       decimal.Decimal
	Outstanding     decimal.Decimal
	UnpaidInterest  decimal.Decimal // reported at default
	NetRecovered    decimal.Decimal // Σ max(0, amount − costs)
	Status          LoanStatus
	DaysPastDue     int32
	Covered         bool
	UncoveredReason string
	Claim           *Claim
	// Filed is the filed amount F (SPEC §10): the principal in a program
	// without filing, fixed at approval in one with it (0 before).
	Filed decimal.Decimal
	// Filing is the loan's filing; nil: none.
	Filing *LoanFiling
	// InterestPaid is the interest paid, by calendar year of paid_on, and
	// Delinquent whether the loan was ever reported past due or defaulted:
	// what an interest subsidy is judged on (SPEC §11).
	InterestPaid []YearAmount
	Delinquent   bool
}

// ClaimStatus is where a claim stands (SPEC §7).
type ClaimStatus uint8

const (
	ClaimPending ClaimStatus = iota
	ClaimAwaitingSecondApproval
	ClaimQueued
	ClaimPaid
	ClaimRejected
	// Since RulesClaimReview (SPEC §12), in programs with claim_review:
	// appended so that the numbers of the others (snapshots) stay.
	ClaimAwaitingDocuments
	ClaimSubmitted
)

var claimStatusNames = [...]string{"pending", "awaiting_second_approval", "queued", "paid", "rejected",
	"awaiting_documents", "submitted"}

func (s ClaimStatus) String() string { return claimStatusNames[s] }

// open reports whether the claim may still be rejected: it is not yet
// finally approved (SPEC §6), whether its dossier is reviewed or not.
func (s ClaimStatus) open() bool {
	return s == ClaimPending || s == ClaimAwaitingSecondApproval || s == ClaimAwaitingDocuments || s == ClaimSubmitted
}

// reviewed reports whether an open claim has passed the dossier review
// (or needs none): finance may approve it.
func (s ClaimStatus) reviewed() bool { return s == ClaimPending || s == ClaimAwaitingSecondApproval }

// Claim is the compensation case of a covered defaulted loan, id
// "<program>/<loan>".
type Claim struct {
	ID           string
	Loan         *Loan
	Program      *Program
	Order        int // position in the program's claims, in opening order
	Year         int // calendar year of the opening input's local date
	OpenedAt     string
	Status       ClaimStatus
	Assessment   risk.Assessment
	Decision                     // approvals and payment (Paid, Owed), shared with subsidies
	Recovered    decimal.Decimal // the pool's part of recoveries after approval
	RejectReason string
	// Review is the dossier and its deadlines (SPEC §12); nil when the
	// claim opened without claim_review.
	Review *ClaimReview
}

// ClaimReview is a claim's dossier review: the bank's latest submission,
// the science bureau's latest decision, and the deadline of each step.
// Dates are YYYY-MM-DD; "" when the step has not happened yet.
type ClaimReview struct {
	DefaultOn    string // as_of of the report that defaulted the loan
	SubmitBy     string // DefaultOn + submit_within_days: never moves
	SubmittedOn  string // of the latest claim.submitted
	Documents    []DocumentData
	ReviewBy     string // restarts at each submission
	ReviewedOn   string // of the latest claim.reviewed
	ReviewedBy   string // its admin source
	Decision     string // recommend or return
	ReturnReason string
	DecideBy     string // restarts at each recommendation
}

// Program is a program's live state beside its definition.
type Program struct {
	Def             *risk.Program
	Loans           int
	CoveredLoans    int
	PortfolioVolume decimal.Decimal // APV: principal of covered loans ever disbursed
	Paid            decimal.Decimal // compensation paid out of the pool
	Recovered       decimal.Decimal // recoveries paid back into the pool
	Claims          []*Claim        // in opening order
	banks           map[string]*programBank
	bankIDs         []string     // sorted
	funders         []string     // who funded the pool, in order of first funding
	queue           fifo[*Claim] // queued claims, first-in first-out
	payableTotal    decimal.Decimal
}

// programBank is one bank's book in one program.
type programBank struct {
	id            string
	defaultedLoss decimal.Decimal         // claims' loss of open defaulted covered loans, frozen at approval (NPL numerator before RulesStrictFields)
	remainingLoss decimal.Decimal         // remaining loss of open defaulted covered loans (NPL numerator)
	yearPayable   map[int]decimal.Decimal // payable of non-rejected claims by opening year
	claims        []*Claim
	// coveredInForce is Σ covered part of the outstanding of its covered
	// performing and overdue loans, in programs with filing only.
	coveredInForce decimal.Decimal
}

// Borrower is an enterprise as its banks last reported it.
type Borrower struct {
	ID     string
	Name   string
	Sector string
	Size   string
	Loans  []*Loan
}

// Guarantor is a guarantee company with its in-force book over all programs.
type Guarantor struct {
	ID             string
	NetAssets      decimal.Decimal
	NetAssetsKnown bool
	NetAssetsAsOf  string
	borrowers      map[string]*guaranteedBorrower
	mix            risk.GuarantorMix
	liability      decimal.Decimal // Σ weight × balance, unrounded
}

type guaranteedBorrower struct {
	balance decimal.Decimal
	small   bool
}

// FilingStatus is where a loan's filing stands (SPEC §10).
type FilingStatus uint8

const (
	FilingNone FilingStatus = iota
	FilingPending
	FilingApproved
	FilingRejected
	FilingRevoked
)

var filingStatusNames = [...]string{"none", "pending", "approved", "rejected", "revoked"}

func (s FilingStatus) String() string { return filingStatusNames[s] }

// LoanFiling is a bank's filing of a loan with the science bureau: the
// latest one (a rejected filing is replaced when the bank files again).
type LoanFiling struct {
	Status    FilingStatus
	FiledOn   string
	Documents []DocumentData
	FiledAt   string // at of the loan.filed input
	DecidedBy string // admin source of the latest decision
	DecidedAt string
	Reason    string // of a rejection or revocation
	Park      string // the borrower's park as registered at approval
}

// Enterprise is a registered enterprise (SPEC §10): the registry the
// science bureau keeps, beside what banks report as a loan's borrower.
type Enterprise struct {
	ID            string
	Name          string
	Sector        string
	Size          string
	Park          string // "" when none
	TechSMENumber string // "" when none
	TechSMEYear   int    // 0 when none
	Staff         int64
	HasStaff      bool
	Revenue       decimal.Decimal
	HasRevenue    bool
	Assets        decimal.Decimal
	HasAssets     bool
	RegisteredBy  string
	UpdatedAt     time.Time
}

// QualifiedFor reports whether the enterprise holds a tech-SME
// registration for year y: one of year y or y − 1 (SPEC §10).
func (x *Enterprise) QualifiedFor(y int) bool {
	return x != nil && x.TechSMEYear != 0 && (x.TechSMEYear == y || x.TechSMEYear == y-1)
}

// Project is a roadshow project in the investors' pipeline.
type Project struct {
	ID            string
	Enterprise    string
	Title         string
	Sector        string
	Stage         string
	FundingSought decimal.Decimal
	RoadshowOn    string
	Status        string
	Summary       string
	RegisteredBy  string
	UpdatedAt     time.Time
}
