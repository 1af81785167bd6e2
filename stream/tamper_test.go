package stream

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

const tamperFunding = `{"id":"f-tamper","type":"pool.funded","source":"finance:li","program":"dz-lukedai","at":"2026-01-02T09:00:00+08:00","data":{"funder":"province","amount":"50000000.00"}}`

// recoverAfterEdit journals the worked example's programs and a top-up of
// 50,000,000.00, edits the file's bytes with edit, and recovers a runner
// from it.
func recoverAfterEdit(t *testing.T, seal bool, edit func([]byte) []byte) error {
	t.Helper()
	programs, _ := exampleInputs(t, examples+"1-lukedai-default")
	dir := t.TempDir()
	if seal {
		rr := startRunner(t, dir, programs)
		submitLines(t, rr.r, [][]byte{[]byte(tamperFunding)})
		rr.stop(t)
	} else {
		// A journal written before the chain: the same records, no hashes.
		j, err := bolt.Open(dir, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if err := j.Append(context.Background(), []journal.Record{
			{Seq: 1, Kind: journal.KindPrograms, Rules: 2, Programs: compactJSON(programs)},
			{Seq: 2, Kind: journal.KindInput, Rules: 2, Status: "applied", Input: []byte(tamperFunding),
				Postings: []journal.PostingRecord{{From: "funding:dz-lukedai:province", To: "pool:dz-lukedai", Amount: "50000000.00", Currency: "CNY"}}},
		}); err != nil {
			t.Fatal(err)
		}
		j.Close()
	}
	path := filepath.Join(dir, bolt.File)
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := edit(file)
	if bytes.Equal(edited, file) {
		t.Fatal("the edit changed nothing")
	}
	if err := os.WriteFile(path, edited, 0o640); err != nil {
		t.Fatal(err)
	}
	j, err := bolt.Open(dir, time.Second)
	if err != nil {
		return err
	}
	defer j.Close()
	return NewRunner(j, readmodel.NewMemory(), RunnerConfig{}).Recover(context.Background(), nil)
}

// TestRecoverRefusesAnEditedJournal (issue 13.2): one byte edited in a
// pool.funded record (50,000,000.00 -> 90,000,000.00) once gave a pool
// 40,000,000.00 richer. Now the journal is refused at start naming the
// record: by its hash when the journal has the chain, and by the paired
// check (replay posts 90,000,000.00, the record says 50,000,000.00) in a
// journal written before it. The edit of the input alone, of the postings
// alone, or of both, is refused.
func TestRecoverRefusesAnEditedJournal(t *testing.T) {
	replace := func(old, new string, n int) func([]byte) []byte {
		return func(b []byte) []byte { return bytes.Replace(b, []byte(old), []byte(new), n) }
	}
	for _, tc := range []struct {
		name string
		seal bool
		edit func([]byte) []byte
		want []string
	}{
		{"chained: the input's amount", true, replace(`"amount":"50000000.00"}}`, `"amount":"90000000.00"}}`, 1),
			[]string{"record 2", "does not match its hash"}},
		{"chained: input and posting", true, replace(`50000000.00`, `90000000.00`, -1), []string{"record 2", "does not match its hash"}},
		{"before the chain: the input's amount", false, replace(`"amount":"50000000.00"}}`, `"amount":"90000000.00"}}`, 1),
			[]string{"record 2", "replay posted funding:dz-lukedai:province -> pool:dz-lukedai 90000000.00", "the journal says", "50000000.00"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := recoverAfterEdit(t, tc.seal, tc.edit)
			if err == nil {
				t.Fatal("an edited journal recovered")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %v, want it to say %q", err, w)
				}
			}
			if tc.seal && !errors.Is(err, journal.ErrChain) {
				t.Errorf("got %v, want ErrChain", err)
			}
		})
	}
	// Unedited, both recover.
	for _, seal := range []bool{true, false} {
		if err := recoverAfterEdit(t, seal, func(b []byte) []byte { return append(b[:len(b):len(b)], 0) }); err != nil {
			t.Errorf("sealed %v: an unedited journal (a byte past its pages) is refused: %v", seal, err)
		}
	}
}
