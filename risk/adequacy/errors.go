package adequacy

import "errors"

// Errors returned by this package. Callers test them with errors.Is; the
// message after the sentinel says which field was wrong.
var (
	// ErrInvalidInput: a parameter is outside its documented range.
	ErrInvalidInput = errors.New("adequacy: invalid input")
	// ErrNoMatch: a stress scenario names a sector or bank with no loans in the portfolio.
	ErrNoMatch = errors.New("adequacy: no loan matches")
	// ErrLimit: the request exceeds one of the package's size limits.
	ErrLimit = errors.New("adequacy: limit exceeded")
)
