package ledger

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// CoveredOutstanding sums in int64 when it can: it must give the decimal
// that adding the balances one by one to decimal.Zero gives, coefficient
// and exponent, whatever the balances' exponents, signs and sizes.
func TestCoveredOutstandingAsAddedOneByOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	balance := func() decimal.Decimal {
		exp := -int32(rng.IntN(3))
		if rng.IntN(10) == 0 {
			exp = 1
		}
		switch rng.IntN(8) {
		case 0: // no account yet
			return decimal.Zero
		case 1: // an account back at zero
			return decimal.New(0, exp)
		case 2: // above int64, its low 64 bits a small number
			c := new(big.Int).Lsh(big.NewInt(1), 64)
			return decimal.NewFromBigInt(c.Add(c, big.NewInt(rng.Int64N(100))), exp)
		case 3, 4: // near the int64 sum's limit
			return decimal.New(999_999_999_999_999_999-rng.Int64N(3), exp)
		}
		return decimal.New(rng.Int64N(2_000_000_000_00)-1_000_000_00, exp)
	}
	for round := range 20000 {
		e := &Engine{book: NewBook()}
		p := &Program{Def: &risk.Program{ID: "p"}}
		banks := rng.IntN(6)
		if round%100 == 0 { // enough for the int64 sum to overflow
			banks = 12
		}
		for i := range banks {
			bank := fmt.Sprintf("b%d", i)
			p.bankIDs = append(p.bankIDs, bank)
			b := balance()
			if banks == 12 {
				b = decimal.New(999_999_999_999_999_999, -2)
			}
			if b.Exponent() != 0 || b.Sign() != 0 || rng.IntN(2) == 0 {
				e.book.accounts[Account{AccountLoansCovered, "p", bank}] = &accountBalance{balance: b, currency: "CNY"}
			}
		}
		want := decimal.Zero
		for _, bank := range p.bankIDs {
			want = want.Add(e.book.Balance(Account{AccountLoansCovered, "p", bank}))
		}
		got := e.CoveredOutstanding(p)
		if !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("round %d: %s (exp %d), want %s (exp %d)", round, got, got.Exponent(), want, want.Exponent())
		}
	}
}
