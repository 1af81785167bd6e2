package risk

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/shopspring/decimal"
)

// Filing is a program's loan-filing requirement (备案, SPEC §10): with it a
// loan is covered only once the bank has filed it and the science bureau
// approved the filing. Every member is optional (§15 "Filing"): no window,
// no documents, no cap, qualified_only false.
type Filing struct {
	WindowMonths   int              // 0: no window
	Documents      []string         // the kinds a filing must carry, in file order
	CapPerBorrower *decimal.Decimal // nil: no cap
	QualifiedOnly  bool
}

// FilingWindowMonthsMax bounds window_months (ten years).
const FilingWindowMonthsMax = 120

// FilingDocumentsMax bounds the document kinds a program may require.
const FilingDocumentsMax = 32

var documentKindPattern = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,63}$`)

type filingJSON struct {
	WindowMonths   *int     `json:"window_months"`
	Documents      []string `json:"documents"`
	CapPerBorrower *string  `json:"cap_per_borrower"`
	QualifiedOnly  *bool    `json:"qualified_only"`
}

// validate checks the filing object; errors name its member.
func (fj *filingJSON) validate() (*Filing, error) {
	if fj == nil {
		return nil, nil
	}
	f := &Filing{}
	if fj.WindowMonths != nil {
		if *fj.WindowMonths < 1 || *fj.WindowMonths > FilingWindowMonthsMax {
			return nil, fmt.Errorf("filing.window_months: %d must be between 1 and %d", *fj.WindowMonths, FilingWindowMonthsMax)
		}
		f.WindowMonths = *fj.WindowMonths
	}
	var err error
	if f.Documents, err = documentKinds("filing.documents", fj.Documents); err != nil {
		return nil, err
	}
	if f.CapPerBorrower, err = optional("filing.cap_per_borrower", fj.CapPerBorrower, ParseAmount); err != nil {
		return nil, err
	}
	if f.CapPerBorrower != nil && f.CapPerBorrower.Sign() <= 0 {
		return nil, errors.New("filing.cap_per_borrower: must be above 0")
	}
	if fj.QualifiedOnly != nil {
		f.QualifiedOnly = *fj.QualifiedOnly
	}
	return f, nil
}

// FiledAmount is the filed amount F of a loan of principal P whose borrower
// already has `others` filed in the program (SPEC §10): min(P, cap − others),
// never below 0; P without a cap.
func (f *Filing) FiledAmount(principal, others decimal.Decimal) decimal.Decimal {
	if f.CapPerBorrower == nil {
		return principal
	}
	return NonNegative(MinAmount(principal, f.CapPerBorrower.Sub(others)))
}

// CoveredPart is the covered part of a figure x of a loan of principal P
// with filed amount F: round2(x × F ÷ P), x itself when F = P.
func CoveredPart(x, filed, principal decimal.Decimal) decimal.Decimal {
	if filed.Equal(principal) || x.Sign() == 0 {
		return x
	}
	if principal.Sign() == 0 {
		return zero
	}
	return x.Mul(filed).DivRound(principal, AmountFractionDigitsMax)
}

// documentKinds checks a list of document kinds (a filing's, a claim
// review's; field names it in the error): at most FilingDocumentsMax,
// each a kind name, none twice. A list of none is nil.
func documentKinds(field string, kinds []string) ([]string, error) {
	if len(kinds) > FilingDocumentsMax {
		return nil, fmt.Errorf("%s: %d kinds, at most %d", field, len(kinds), FilingDocumentsMax)
	}
	if err := distinctNames(field, kinds, documentKindPattern, "1-64 characters of [a-z0-9_-] starting with a letter"); err != nil {
		return nil, err
	}
	return append([]string(nil), kinds...), nil
}
