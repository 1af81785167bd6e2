package risk

import (
	"github.com/shopspring/decimal"
)

// Kind names one of the three program designs of SPEC §5.
type Kind string

const (
	KindCompensationPool Kind = "compensation_pool"
	KindGuaranteeProgram Kind = "guarantee_program"
	KindCappedGuarantee  Kind = "capped_portfolio_guarantee"
)

// Parties with fixed meaning in guarantee programs and splits.
const (
	PartyGuarantor   = "guarantor"
	PartyReguarantor = "reguarantor"
	PartyBank        = "bank"
	PartyGovernment  = "government"
)

// What a compensation pool covers.
const (
	CoversPrincipal             = "principal"
	CoversPrincipalAndInterest  = "principal_and_interest"
	CapBasisGuaranteed          = "guaranteed"
	CapBasisPortfolio           = "portfolio"
	DefaultClaimTriggerDaysPast = 90
)

// FunderShare is one ordered entry of a program's `shares`.
type FunderShare struct {
	Party string
	Ratio decimal.Decimal
}

// Program is a validated program definition. Optional amounts and ratios are
// nil when the file does not set them.
type Program struct {
	ID                      string
	Name                    string
	Kind                    Kind
	Currency                string
	ClaimTriggerDaysPastDue int
	DualApprovalThreshold   *decimal.Decimal
	MaxLeverage             *decimal.Decimal
	// KafkaKey is the key of the program's inputs in the Kafka mode (SPEC
	// §2): the file's kafka_key, by default the program's id. Programs that
	// share a key share a partition, and so one engine.
	KafkaKey string

	// Shares: the funders of a compensation pool in order (the bank bears
	// the rest), or the four parties of a guarantee program in file order.
	Shares []FunderShare

	// Compensation pool.
	Covers              string
	PerLoanCap          *decimal.Decimal
	PerBankAnnualCap    *decimal.Decimal
	BankNPLSuspendRatio *decimal.Decimal

	// Capped portfolio guarantee.
	GuaranteeRate decimal.Decimal
	CapRate       decimal.Decimal
	CapBasis      string

	// Risk holds the program's credit-risk assumptions for the adequacy
	// analysis (the file's optional "risk" object); nil when the file sets
	// none and DefaultAssumptions apply. They change no booked amount.
	Risk *Assumptions

	// Filing is the loan-filing requirement (SPEC §10); nil: a loan is
	// filed in full at disbursement.
	Filing *Filing

	// InterestSubsidy is the program's interest subsidy (SPEC §11), nil
	// when the file sets none: subsidy inputs are then subsidy_not_offered.
	InterestSubsidy *InterestSubsidy

	// ClaimReview is the claim dossier review (SPEC §12), nil when the
	// file sets none: a claim then opens pending, as before it.
	ClaimReview *ClaimReview
}

// CoversInterest reports whether unpaid interest is part of a claim's loss.
func (p *Program) CoversInterest() bool { return p.Covers == CoversPrincipalAndInterest }

// FunderRatioSum is Σ of the funder ratios of a compensation pool.
func (p *Program) FunderRatioSum() decimal.Decimal {
	sum := zero
	for _, s := range p.Shares {
		sum = sum.Add(s.Ratio)
	}
	return sum
}

// GuarantorRules are the regulation's parameters for guarantor leverage.
type GuarantorRules struct {
	LeverageLimit           decimal.Decimal
	LeverageLimitSmall      decimal.Decimal
	SmallBorrowerWeight     decimal.Decimal
	SmallBorrowerBalanceMax decimal.Decimal
}

// DefaultGuarantorRules returns the regulation's values: 10×, 15× when mainly
// serving small and micro firms, weight 0.75 up to 5,000,000.00 a borrower.
func DefaultGuarantorRules() GuarantorRules {
	return GuarantorRules{
		LeverageLimit:           decimal.NewFromInt(10),
		LeverageLimitSmall:      decimal.NewFromInt(15),
		SmallBorrowerWeight:     decimal.RequireFromString("0.75"),
		SmallBorrowerBalanceMax: decimal.RequireFromString("5000000.00"),
	}
}

// Config is a whole programs file after validation, programs in file order.
type Config struct {
	Programs       []*Program
	GuarantorRules GuarantorRules
	// Calendar is the working-day calendar of claim review deadlines
	// (SPEC §12); nil: Monday to Friday.
	Calendar *Calendar
	// Funds are the transformation funds (SPEC §13), in file order.
	Funds []*Fund
}

// Program returns the program with the given id, or nil.
func (c *Config) Program(id string) *Program {
	for _, p := range c.Programs {
		if p.ID == id {
			return p
		}
	}
	return nil
}
