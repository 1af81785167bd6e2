package readmodel

import (
	"context"

	"github.com/techcredit/techcredit/ledger"
)

// Reader is the read model as the API serves it: documents by id, and
// lists sorted by id a page at a time. Memory and redisstore.Store
// satisfy it. Errors are operating errors of the store (Redis away); a
// missing document is false, not an error.
type Reader interface {
	Programs(ctx context.Context) ([]ledger.ProgramView, error)
	Program(ctx context.Context, id string) (ledger.ProgramView, bool, error)
	Claims(ctx context.Context, q ClaimQuery) ([]ledger.ClaimView, error)
	Claim(ctx context.Context, id string) (ledger.ClaimView, bool, error)
	Loans(ctx context.Context, q LoanQuery) ([]ledger.LoanView, error)
	Loan(ctx context.Context, id string) (ledger.LoanView, bool, error)
	Guarantor(ctx context.Context, id string) (ledger.GuarantorDoc, bool, error)
	Projects(ctx context.Context, q ProjectQuery) ([]ledger.ProjectView, error)
	Project(ctx context.Context, id string) (ledger.ProjectView, bool, error)
	// Filings lists loans' filings (SPEC §10); a filing's id is its loan's.
	Filings(ctx context.Context, q FilingQuery) ([]ledger.FilingView, error)
	Enterprises(ctx context.Context, q EnterpriseQuery) ([]ledger.EnterpriseView, error)
	Enterprise(ctx context.Context, id string) (ledger.EnterpriseView, bool, error)
	// Subsidies lists interest subsidies (SPEC §11), id program/loan/year.
	Subsidies(ctx context.Context, q SubsidyQuery) ([]ledger.SubsidyDoc, error)
	Subsidy(ctx context.Context, id string) (ledger.SubsidyDoc, bool, error)
	// Funds lists the transformation funds (SPEC §13), sorted by id.
	Funds(ctx context.Context) ([]ledger.FundView, error)
	Fund(ctx context.Context, id string) (ledger.FundView, bool, error)
}
