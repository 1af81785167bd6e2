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
}

// ClaimStatus is where a claim stands (SPEC §7).
type ClaimStatus uint8

const (
	ClaimPending ClaimStatus = iota
	ClaimAwaitingSecondApproval
	ClaimQueued
	ClaimPaid
	ClaimRejected
)

var claimStatusNames = [...]string{"pending", "awaiting_second_approval", "queued", "paid", "rejected"}

func (s ClaimStatus) String() string { return claimStatusNames[s] }

// open reports whether the claim may still be approved or rejected.
func (s ClaimStatus) open() bool { return s == ClaimPending || s == ClaimAwaitingSecondApproval }

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
	Paid         decimal.Decimal
	Owed         decimal.Decimal
	Recovered    decimal.Decimal // the pool's part of recoveries after approval
	Approvals    []string        // finance sources, in order
	NeedsTwo     bool            // decided at the first approval
	RejectReason string
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
	bankIDs         []string // sorted
	funders         []string // who funded the pool, in order of first funding
	queue           []*Claim // queued claims, first-in first-out
	payableTotal    decimal.Decimal
}

// programBank is one bank's book in one program.
type programBank struct {
	id            string
	defaultedLoss decimal.Decimal         // claims' loss of open defaulted covered loans, frozen at approval (NPL numerator before RulesStrictFields)
	remainingLoss decimal.Decimal         // remaining loss of open defaulted covered loans (NPL numerator)
	yearPayable   map[int]decimal.Decimal // payable of non-rejected claims by opening year
	claims        []*Claim
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
