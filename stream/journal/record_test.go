package journal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// FuzzEncodeRecord: the hand-written record encoder writes exactly what
// encoding/json writes (without HTML escaping), whatever the strings hold:
// quotes, control characters, invalid UTF-8, U+2028.
func FuzzEncodeRecord(f *testing.F) {
	for _, s := range []string{"", "bank:b1", `a"b\c`, "line\nbreak\ttab\r", "\x00\x1f", "\xff\xfe", "caf\u00e9 \u2028 \u2029",
		"<html>&", "\ufffd", "duplicate of an input already applied"} {
		f.Add(s, s+"-2")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		rec := Record{Seq: 7, Kind: KindInput, Epoch: 2, Rules: 2, Input: json.RawMessage(`{"id":"x"}`), InputBytes: []byte(b),
			InputSize: len(a) + 1, InputSHA256: a, Source: a, ImportedBy: b,
			Origin: &Origin{Topic: a, Partition: 3, Offset: 9}, Status: "rejected", Transport: true, Code: b, Message: a + b,
			Postings: []PostingRecord{{From: a, To: b, Amount: "1.00", Currency: "CNY"}}}
		got, err := Encode(&rec)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(&rec); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Fatalf("Encode:\n got %s\nwant %s", got, want.Bytes())
		}
		if _, err := Decode(got); err != nil {
			t.Fatalf("Decode(%s): %v", got, err)
		}
	})
}

// TestPostingRecordsAsEachFieldAlone: the postings cut from one string read
// as each account and amount written on its own.
func TestPostingRecordsAsEachFieldAlone(t *testing.T) {
	var ps []ledger.Posting
	for i := range 20 { // more than fit the stack buffers
		ps = append(ps, ledger.Posting{
			From:   ledger.Account{Kind: ledger.AccountBankFunds, Program: fmt.Sprintf("p%d", i), Party: "bank-" + strings.Repeat("b", i)},
			To:     ledger.Account{Kind: ledger.AccountPool, Program: fmt.Sprintf("p%d", i)},
			Amount: decimal.New(int64(i*12345+1), -int32(i%4)), Currency: "CNY"})
	}
	got := postingRecords(ps)
	if len(got) != len(ps) {
		t.Fatalf("%d records, want %d", len(got), len(ps))
	}
	for i, p := range ps {
		want := PostingRecord{From: p.From.String(), To: p.To.String(), Amount: risk.FormatAmount(p.Amount), Currency: p.Currency}
		if got[i] != want {
			t.Errorf("posting %d: got %+v, want %+v", i, got[i], want)
		}
	}
	if postingRecords(nil) != nil {
		t.Error("no postings: want nil")
	}
}
