package ledger

import (
	"bytes"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/internal/testsvc"
	"github.com/techcredit/techcredit/risk"
)

// Outcomes share the arrays their postings are copied to: each must keep
// its own postings however long it is kept, and appending to one must
// leave the others alone.
func TestOutcomePostingsAreTheirOwn(t *testing.T) {
	programs, lines := testsvc.ExampleInputs(t, examples+"4-fifo-short-pool")
	cfg, err := risk.ParsePrograms(bytes.NewReader(programs))
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(cfg)
	var outs []Outcome
	var copies [][]Posting
	postings := 0
	// Enough postings to fill several shared arrays.
	for round := 0; postings < 3*postingSlabLen; round++ {
		for _, line := range lines {
			if round > 0 { // new ids, so that the inputs apply again
				line = bytes.Replace(line, []byte(`"id":"`), []byte(`"id":"r`+string(rune('a'+round%26))+string(rune('a'+round/26))), 1)
			}
			out, err := e.Apply(line, Meta{})
			if err != nil {
				t.Fatal(err)
			}
			outs = append(outs, out)
			copies = append(copies, slices.Clone(out.Postings))
			postings += len(out.Postings)
		}
	}
	for i := range outs {
		if cap(outs[i].Postings) != len(outs[i].Postings) {
			t.Fatalf("outcome %d: postings of capacity %d, want their length %d", i, cap(outs[i].Postings), len(outs[i].Postings))
		}
		outs[i].Postings = append(outs[i].Postings, Posting{Currency: "XXX"})
	}
	for i := range outs {
		if got := outs[i].Postings[:len(outs[i].Postings)-1]; !slices.Equal(got, copies[i]) {
			t.Fatalf("outcome %d: postings changed after the next inputs: got %v, want %v", i, got, copies[i])
		}
	}
}

// The decoder finds the loan an input names while it reads the id; the
// handler must get the loan the input's data names as decoded, whichever
// way it was decoded, and never the loan of an earlier input.
func TestLoanFoundWhileDecodingIsTheInputs(t *testing.T) {
	cfg := halfPools(t, "p")
	const env = `"type":"loan.repaid","source":"bank:b","program":"p","at":"2026-02-01T09:00:00+08:00"`
	disburse := func(id, loan string) string {
		return `{"id":"` + id + `","type":"loan.disbursed","source":"bank:b","program":"p","at":"2026-01-05T09:00:00+08:00",` +
			`"data":{"loan":"` + loan + `","borrower":{"id":"e-1","name":"E","sector":"s","size":"small"},` +
			`"principal":"5000000.00","annual_rate":"0.04","term_months":12,"disbursed_on":"2026-01-05"}}`
	}
	tests := []struct {
		name, line string
		meta       Meta
		want       map[string]string // outstanding by loan after the input
	}{
		{"plain", `{"id":"r1",` + env + `,"data":{"loan":"b-L1","principal":"1.00","interest":"0","paid_on":"2026-02-01"}}`,
			Meta{}, map[string]string{"b-L1": "4999999.00", "b-L2": "5000000.00"}},
		// The plain parser stops at the repeated key, after it found L1;
		// encoding/json reads the last one.
		{"repeated key", `{"id":"r2",` + env + `,"data":{"loan":"b-L1","principal":"2.00","interest":"0","paid_on":"2026-02-01","loan":"b-L2"}}`,
			Meta{Rules: RulesLenientJSON}, map[string]string{"b-L1": "4999999.00", "b-L2": "4999998.00"}},
		{"escaped id", `{"id":"r3",` + env + `,"data":{"loan":"b-L\u0032","principal":"3.00","interest":"0","paid_on":"2026-02-01"}}`,
			Meta{}, map[string]string{"b-L1": "4999999.00", "b-L2": "4999995.00"}},
		// An unknown loan after inputs that named known ones: unknown_loan.
		{"unknown loan", `{"id":"r4",` + env + `,"data":{"loan":"b-L9","principal":"4.00","interest":"0","paid_on":"2026-02-01"}}`,
			Meta{}, map[string]string{"b-L1": "4999999.00", "b-L2": "4999995.00"}},
	}
	e := NewEngine(cfg)
	for _, line := range []string{disburse("d1", "b-L1"), disburse("d2", "b-L2")} {
		if out, err := e.Apply([]byte(line), Meta{}); err != nil || out.Status != StatusApplied {
			t.Fatalf("disbursement: %v %v %s", err, out.Code, out.Message)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := e.Apply([]byte(tt.line), tt.meta); err != nil {
				t.Fatal(err)
			}
			for id, want := range tt.want {
				if got := risk.FormatAmount(e.loans[id].Outstanding); got != want {
					t.Errorf("loan %s: outstanding %s, want %s", id, got, want)
				}
			}
		})
	}
}

// checkInvariants looks at the pools of the programs the transaction moved,
// and only when it moved one: a pool below zero is an invariant error then.
func TestCheckInvariantsSeesAMovedPoolBelowZero(t *testing.T) {
	cfg := halfPools(t, "a", "b")
	e := NewEngine(cfg)
	one := decimal.New(1, 0)
	out := Posting{From: Account{Kind: AccountPool, Program: "b"}, To: Account{Kind: AccountCompensation, Program: "b"}, Amount: one, Currency: "CNY"}
	other := Posting{From: Account{Kind: AccountBankFunds, Program: "a", Party: "x"}, To: Account{Kind: AccountLoansCovered, Program: "a", Party: "x"}, Amount: one, Currency: "CNY"}
	for _, p := range []Posting{out, other} {
		if err := e.book.Move(p); err != nil {
			t.Fatal(err)
		}
	}
	e.tx.Postings = []Posting{other}
	if err := e.checkInvariants(); err != nil {
		t.Errorf("a transaction that moves no pool: %v", err)
	}
	e.tx.Postings = []Posting{other, out}
	if err := e.checkInvariants(); err == nil || err.Error() != "program b: pool balance -1 below zero" {
		t.Errorf("a transaction that empties pool b below zero: %v", err)
	}
}
