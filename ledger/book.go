package ledger

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Account kinds. A program's pool balance is the balance of its pool account.
const (
	AccountPool              = "pool"               // program: the pool's cash
	AccountFunding           = "funding"            // program, funder: money put in (credit)
	AccountClaimsPayable     = "claims_payable"     // program: approved compensation still owed (credit)
	AccountCompensation      = "compensation"       // program: compensation granted on approval (debit)
	AccountPoolRecoveries    = "pool_recoveries"    // program: the pool's part of recoveries (credit)
	AccountLoansCovered      = "loans_covered"      // program, bank: performing and overdue covered principal
	AccountLoansUncovered    = "loans_uncovered"    // program, bank: performing and overdue uncovered principal
	AccountLoansDefaulted    = "loans_defaulted"    // program, bank: principal of defaulted loans
	AccountLoanLosses        = "loan_losses"        // program, bank: principal written off on closing a defaulted loan
	AccountBankFunds         = "bank_funds"         // program, bank: the bank's money lent out and received back
	AccountInterestIncome    = "interest_income"    // program, bank: interest received
	AccountRecoveriesForBank = "recoveries_to_bank" // program, bank: net recoveries received on defaulted loans
)

// Account names one account of the book. Party is a bank, funder or empty.
type Account struct {
	Kind    string
	Program string
	Party   string
}

// String writes "kind:program:party", leaving out empty parts.
func (a Account) String() string {
	// One concatenation per case: one allocation, not one per part.
	switch {
	case a.Program != "" && a.Party != "":
		return a.Kind + ":" + a.Program + ":" + a.Party
	case a.Program != "":
		return a.Kind + ":" + a.Program
	case a.Party != "":
		return a.Kind + ":" + a.Party
	}
	return a.Kind
}

// Append appends what String writes, for encoders that write many
// accounts into one buffer.
func (a Account) Append(b []byte) []byte {
	b = append(b, a.Kind...)
	if a.Program != "" {
		b = append(append(b, ':'), a.Program...)
	}
	if a.Party != "" {
		b = append(append(b, ':'), a.Party...)
	}
	return b
}

// Posting moves Amount of Currency from one account to another: the From
// account is credited and the To account debited, so every posting, and so
// every transaction, balances per currency by construction; the book still
// checks its trial balance after every transaction.
type Posting struct {
	From     Account
	To       Account
	Amount   decimal.Decimal
	Currency string
}

// Transaction is the postings of one applied input.
type Transaction struct {
	Postings []Posting
}

// Book holds account balances derived from postings: debits positive,
// credits negative. Each account holds one currency.
type Book struct {
	accounts     map[Account]*accountBalance
	transactions int64
}

type accountBalance struct {
	balance  decimal.Decimal
	currency string
}

// NewBook returns an empty book.
func NewBook() *Book {
	return &Book{accounts: map[Account]*accountBalance{}}
}

// Balance is the account's balance, debits minus credits.
func (b *Book) Balance(a Account) decimal.Decimal {
	if ab := b.accounts[a]; ab != nil {
		return ab.balance
	}
	return decimal.Zero
}

// Transactions counts the transactions posted.
func (b *Book) Transactions() int64 { return b.transactions }

// Move applies one posting of a transaction still being built; Commit ends
// the transaction. The engine uses it so that a handler sees the balances
// its earlier postings produced (a funding that then pays queued claims).
func (b *Book) Move(p Posting) error {
	// check and apply in one lookup of each account.
	if p.Amount.Sign() <= 0 || p.Currency == "" || p.From == p.To {
		return b.check(p)
	}
	to, from := b.accounts[p.To], b.accounts[p.From]
	if (to != nil && to.currency != p.Currency) || (from != nil && from.currency != p.Currency) {
		return b.check(p)
	}
	if to == nil {
		to = b.account(p.To, p.Currency)
	}
	to.balance = to.balance.Add(p.Amount)
	if from == nil {
		from = b.account(p.From, p.Currency)
	}
	from.balance = from.balance.Sub(p.Amount)
	return nil
}

// Commit counts a transaction built with Move.
func (b *Book) Commit() { b.transactions++ }

// check refuses a malformed posting (an amount not above zero, no
// currency, an account moved to itself, a currency other than the
// account's): it is a programming error, never an input error.
func (b *Book) check(p Posting) error {
	if p.Amount.Sign() <= 0 || p.Currency == "" || p.From == p.To {
		return fmt.Errorf("malformed posting %s -> %s %s %s", p.From, p.To, p.Amount, p.Currency)
	}
	for _, a := range [2]Account{p.From, p.To} {
		if ab := b.accounts[a]; ab != nil && ab.currency != p.Currency {
			return fmt.Errorf("posting moves %s into account %s held in %s", p.Currency, a, ab.currency)
		}
	}
	return nil
}

func (b *Book) account(a Account, currency string) *accountBalance {
	ab := b.accounts[a]
	if ab == nil {
		ab = &accountBalance{currency: currency}
		b.accounts[a] = ab
	}
	return ab
}

// TrialBalance sums the balances of every account per currency. In a
// double-entry book every sum is zero; the engine asserts it.
func (b *Book) TrialBalance() map[string]decimal.Decimal {
	sums := map[string]decimal.Decimal{}
	for _, ab := range b.accounts {
		sums[ab.currency] = sums[ab.currency].Add(ab.balance)
	}
	return sums
}

// Balanced reports whether every currency's trial balance is zero.
func (b *Book) Balanced() bool {
	for _, s := range b.TrialBalance() {
		if s.Sign() != 0 {
			return false
		}
	}
	return true
}
