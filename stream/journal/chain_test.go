package journal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// sealedJournal seals records as a writer does and returns their bytes.
func sealedJournal(t *testing.T, recs []Record) [][]byte {
	t.Helper()
	prev := ""
	var out [][]byte
	for i := range recs {
		if err := recs[i].Seal(prev); err != nil {
			t.Fatal(err)
		}
		prev = recs[i].Hash
		b, err := Encode(&recs[i])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, append([]byte(nil), b...))
	}
	return out
}

func chainFixture() []Record {
	return []Record{
		{Seq: 1, Kind: KindPrograms, Rules: 3, Programs: json.RawMessage(`{"programs":[{"id":"p1"}]}`)},
		{Seq: 2, Kind: KindInput, Rules: 3, Input: json.RawMessage(`{"id":"f1","type":"pool.funded","data":{"funder":"city","amount":"50000000.00"}}`),
			Source: "finance:li", Status: "applied", Postings: []PostingRecord{{From: "funder:city", To: "pool:p1", Amount: "50000000.00", Currency: "CNY"}}},
		{Seq: 3, Kind: KindInput, Rules: 3, Input: json.RawMessage(`{"id":"x","id":"y"}`), Status: "rejected", Code: "bad_envelope"},
		{Seq: 4, Kind: KindInput, Rules: 3, Input: json.RawMessage(`{"n":1e400,"s":"é\u2028"}`), Status: "rejected", Code: "bad_envelope"},
	}
}

// foldAll decodes and folds every record as a replay does.
func foldAll(raws [][]byte) (Fold, error) {
	var f Fold
	for i, b := range raws {
		rec, err := Decode(b)
		if err != nil {
			return f, fmt.Errorf("journal record %d: %w", i+1, err)
		}
		if err := f.Next(&rec, func(*Record) error { return nil }); err != nil {
			return f, fmt.Errorf("journal record %d: %w", rec.Seq, err)
		}
	}
	return f, nil
}

// TestChainHolds: sealed records decode, verify and fold; an input without
// a canonical form (a repeated member, a number no double holds) is kept as
// its exact bytes; each hash follows SPEC §15's definition.
func TestChainHolds(t *testing.T) {
	recs := chainFixture()
	raws := sealedJournal(t, recs)
	f, err := foldAll(raws)
	if err != nil {
		t.Fatal(err)
	}
	if f.Seq != 4 || !f.Chained || f.Head != recs[3].Hash {
		t.Errorf("got fold %+v, want seq 4 chained to the last hash", f)
	}
	if recs[0].Prev != "" || recs[1].Prev != recs[0].Hash {
		t.Errorf("prev: got %q, %q", recs[0].Prev, recs[1].Prev)
	}
	if !bytes.Contains(raws[0], []byte(`"prev":""`)) {
		t.Errorf("the first record does not carry prev \"\": %s", raws[0])
	}
	for _, i := range []int{2, 3} {
		rec, _ := Decode(raws[i])
		if rec.Input != nil || !bytes.Equal(rec.Raw(), chainFixture()[i].Input) {
			t.Errorf("record %d: got input %s / b64 %q, want the exact bytes as input_b64", i+1, rec.Input, rec.InputBytes)
		}
	}
	// The definition: SHA-256 of prev then the JCS bytes without hash.
	want := chainHash(recs[0].Hash, []byte(`{"input":{"data":{"amount":"50000000.00","funder":"city"},"id":"f1","type":"pool.funded"},"kind":"input","postings":[{"amount":"50000000.00","currency":"CNY","from":"funder:city","to":"pool:p1"}],"prev":"`+recs[0].Hash+`","rules":3,"seq":2,"source":"finance:li","status":"applied"}`))
	if recs[1].Hash != want {
		t.Errorf("record 2's hash %s, want %s", recs[1].Hash, want)
	}
}

// TestChainRefusesTampering: a changed byte, a removed, swapped or
// inserted record, a stripped hash, each is refused naming the record.
func TestChainRefusesTampering(t *testing.T) {
	raws := sealedJournal(t, chainFixture())
	edit := func(f func([][]byte) [][]byte) [][]byte {
		c := make([][]byte, len(raws))
		for i, b := range raws {
			c[i] = append([]byte(nil), b...)
		}
		return f(c)
	}
	unsealed, _ := Encode(&Record{Seq: 3, Kind: KindInput, Status: "applied", Input: json.RawMessage(`{}`)})
	for _, tc := range []struct {
		name    string
		journal [][]byte
		record  string
	}{
		{"an amount edited in the input", edit(func(c [][]byte) [][]byte {
			c[1] = bytes.Replace(c[1], []byte(`"amount":"50000000.00"}}`), []byte(`"amount":"90000000.00"}}`), 1)
			return c
		}), "record 2"},
		{"a posting edited", edit(func(c [][]byte) [][]byte {
			c[1] = bytes.Replace(c[1], []byte(`"amount":"50000000.00","currency"`), []byte(`"amount":"90000000.00","currency"`), 1)
			return c
		}), "record 2"},
		{"an outcome edited", edit(func(c [][]byte) [][]byte {
			c[2] = bytes.Replace(c[2], []byte(`"status":"rejected"`), []byte(`"status":"applied"`), 1)
			return c
		}), "record 3"},
		{"a record removed and the rest renumbered", edit(func(c [][]byte) [][]byte {
			c[2] = bytes.Replace(c[3], []byte(`{"seq":4,`), []byte(`{"seq":3,`), 1)
			return c[:3]
		}), "record 3"},
		{"the hash stripped", edit(func(c [][]byte) [][]byte {
			rec, _ := Decode(c[2])
			rec.Hash, rec.Prev = "", ""
			c[2], _ = Encode(&rec)
			return c
		}), "record 3"},
		{"a record inserted", edit(func(c [][]byte) [][]byte {
			return append(c[:2:2], unsealed, c[3])
		}), "record 3"},
		{"a member repeated", edit(func(c [][]byte) [][]byte {
			c[1] = bytes.Replace(c[1], []byte(`"status":"applied"`), []byte(`"status":"applied","status":"applied"`), 1)
			return c
		}), "record 2"},
		{"a member in another case", edit(func(c [][]byte) [][]byte {
			c[1] = bytes.Replace(c[1], []byte(`"status":"applied"`), []byte(`"Status":"applied"`), 1)
			return c
		}), "record 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := foldAll(tc.journal)
			if !errors.Is(err, ErrChain) || !strings.Contains(err.Error(), tc.record) {
				t.Errorf("got %v, want ErrChain naming %s", err, tc.record)
			}
		})
	}
}

// TestChainStartsInAnOldJournal: records written before the chain fold as
// ever; the chain starts at the first sealed record (prev ""), and a
// snapshot's resumed fold takes its first record's prev as given.
func TestChainStartsInAnOldJournal(t *testing.T) {
	old := []Record{{Seq: 1, Kind: KindPrograms}, {Seq: 2, Kind: KindInput, Input: json.RawMessage(`{}`), Status: "applied"}}
	var raws [][]byte
	for i := range old {
		b, _ := Encode(&old[i])
		raws = append(raws, b)
	}
	later := []Record{{Seq: 3, Kind: KindInput, Input: json.RawMessage(`{"a":1}`), Status: "applied"},
		{Seq: 4, Kind: KindInput, Input: json.RawMessage(`{"a":2}`), Status: "applied"}}
	raws = append(raws, sealedJournal(t, later)...)
	f, err := foldAll(raws)
	if err != nil || f.Head != later[1].Hash {
		t.Fatalf("got %+v %v", f, err)
	}
	resumed := Fold{Seq: 3, Resumed: true}
	rec, _ := Decode(raws[3])
	if err := resumed.Next(&rec, func(*Record) error { return nil }); err != nil || resumed.Head != rec.Hash {
		t.Errorf("a resumed fold: got %+v %v", resumed, err)
	}
}
