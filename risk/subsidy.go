package risk

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// InterestSubsidy is a program's interest subsidy (贴息, SPEC §11): a share
// of the interest a borrower that repays on time actually paid in a year,
// at most CapPerBorrower a year per borrower.
type InterestSubsidy struct {
	Rate           decimal.Decimal
	CapPerBorrower decimal.Decimal
}

// interestSubsidyJSON is the programs file's "interest_subsidy" object;
// both members are required.
type interestSubsidyJSON struct {
	Rate           *string `json:"rate"`
	CapPerBorrower *string `json:"cap_per_borrower"`
}

// validate checks an "interest_subsidy" object; nil (no object) gives nil.
func (sj *interestSubsidyJSON) validate() (*InterestSubsidy, error) {
	if sj == nil {
		return nil, nil
	}
	if sj.Rate == nil {
		return nil, errors.New("interest_subsidy.rate: required")
	}
	if sj.CapPerBorrower == nil {
		return nil, errors.New("interest_subsidy.cap_per_borrower: required")
	}
	rate, err := ParseRatio(*sj.Rate)
	if err != nil {
		return nil, fmt.Errorf("interest_subsidy.rate: %v", err)
	}
	limit, err := ParseAmount(*sj.CapPerBorrower)
	if err != nil {
		return nil, fmt.Errorf("interest_subsidy.cap_per_borrower: %v", err)
	}
	return &InterestSubsidy{Rate: rate, CapPerBorrower: limit}, nil
}

// SubsidyAmount is what a borrower is granted on interest paid in a year:
// min(round2(rate × interest), cap_per_borrower).
func SubsidyAmount(s *InterestSubsidy, interest decimal.Decimal) decimal.Decimal {
	return MinAmount(MulCents(interest, s.Rate), s.CapPerBorrower)
}
