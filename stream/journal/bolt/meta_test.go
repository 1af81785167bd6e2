package bolt

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/techcredit/techcredit/stream/journal"
)

// bbolt keeps two meta pages (pages 0 and 1) and writes them in turn: a
// transaction is committed when its meta page is written. In a meta page,
// the 16-byte page header is followed by the meta: magic, version, page
// size, flags, root bucket (16 bytes), freelist, high-water page, txid,
// checksum.
const (
	boltMetaPageSizeOffset = 16 + 8
	boltMetaTxidOffset     = 16 + 48
)

// appendBatches writes n one-record batches (one transaction each) and
// closes the journal.
func appendBatches(t *testing.T, dir string, n int) {
	t.Helper()
	j, err := Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for seq := int64(1); seq <= int64(n); seq++ {
		rec := journal.Record{Seq: seq, Kind: journal.KindInput, Input: []byte(`{"n":` + string(rune('0'+seq)) + `}`), Status: "applied"}
		if err := j.Append(context.Background(), []journal.Record{rec}); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
}

// tearMeta overwrites the second half of a meta page (txid and checksum
// included) with what a torn write leaves: the old page's bytes mixed
// with garbage. newest picks the page of the last transaction; it returns
// the page torn.
func tearMeta(t *testing.T, path string, newest bool) int {
	t.Helper()
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.LittleEndian.Uint32(file[boltMetaPageSizeOffset:]))
	txid := func(page int) uint64 {
		return binary.LittleEndian.Uint64(file[page*pageSize+boltMetaTxidOffset:])
	}
	page := 0
	if (txid(1) > txid(0)) == newest {
		page = 1
	}
	tearMetaPage(t, path, page)
	return page
}

func tearMetaPage(t *testing.T, path string, page int) {
	t.Helper()
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.LittleEndian.Uint32(file[boltMetaPageSizeOffset:]))
	for i := page*pageSize + boltMetaTxidOffset - 8; i < page*pageSize+boltMetaTxidOffset+64; i++ {
		file[i] ^= 0x5a
	}
	if err := os.WriteFile(path, file, 0o640); err != nil {
		t.Fatal(err)
	}
}

func journalSeqs(t *testing.T, j *Journal) []int64 {
	t.Helper()
	var seqs []int64
	if err := j.Replay(context.Background(), 0, func(rec journal.Record) error { seqs = append(seqs, rec.Seq); return nil }); err != nil {
		t.Fatal(err)
	}
	return seqs
}

// TestBoltJournalDamagedMetaPage: a meta page that fails its checksum is
// damage, not a crash (bbolt writes a meta page's 80 bytes in one sector
// and acknowledges a batch only after it is synced), so the journal is
// refused naming the page, its file unchanged: bbolt would open the other
// page's older state and lose the last batch without a word (issue 13.2).
// With both meta pages damaged the journal is refused too, never opened
// empty.
func TestBoltJournalDamagedMetaPage(t *testing.T) {
	for _, newest := range []bool{true, false} {
		t.Run(fmt.Sprintf("newest %v", newest), func(t *testing.T) {
			dir := t.TempDir()
			appendBatches(t, dir, 5)
			path := filepath.Join(dir, File)
			page := tearMeta(t, path, newest)
			before, _ := os.ReadFile(path)
			j, err := Open(dir, time.Second)
			if err == nil {
				seqs := journalSeqs(t, j)
				j.Close()
				t.Fatalf("a journal with meta page %d damaged opened, with seqs %v", page, seqs)
			}
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), fmt.Sprintf("meta page %d", page)) {
				t.Errorf("got %v, want ErrDamaged naming meta page %d", err, page)
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Error("refusing the journal changed its file")
			}
		})
	}
	t.Run("both meta pages torn: refused", func(t *testing.T) {
		dir := t.TempDir()
		appendBatches(t, dir, 5)
		path := filepath.Join(dir, File)
		torn := tearMeta(t, path, true)
		tearMetaPage(t, path, 1-torn)
		before, _ := os.ReadFile(path)
		j, err := Open(dir, time.Second)
		if err == nil {
			seqs := journalSeqs(t, j)
			j.Close()
			t.Fatalf("a journal with both meta pages torn opened, with seqs %v", seqs)
		}
		t.Logf("refused: %v", err)
		if after, _ := os.ReadFile(path); string(after) != string(before) {
			t.Error("refusing the journal changed its file")
		}
	})
}

// TestBoltJournalCutAtTheFreelist: a file cut so short that the page bbolt
// reads while opening (the freelist) is gone is refused before bbolt maps
// it; bbolt itself would die with SIGBUS ("unexpected fault address") and
// take the process with it.
func TestBoltJournalCutAtTheFreelist(t *testing.T) {
	dir := t.TempDir()
	appendBatches(t, dir, 40)
	path := filepath.Join(dir, File)
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int64(binary.LittleEndian.Uint32(file[boltMetaPageSizeOffset:]))
	newest := int64(0)
	if binary.LittleEndian.Uint64(file[pageSize+boltMetaTxidOffset:]) > binary.LittleEndian.Uint64(file[boltMetaTxidOffset:]) {
		newest = 1
	}
	freelist := int64(binary.LittleEndian.Uint64(file[newest*pageSize+16+32:]))
	if freelist < 2 || (freelist+1)*pageSize > int64(len(file)) {
		t.Fatalf("freelist page %d of a %d-byte file: not a page to cut", freelist, len(file))
	}
	if err := os.Truncate(path, freelist*pageSize); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, time.Second); !errors.Is(err, ErrTruncated) {
		t.Fatalf("opening a journal cut at its freelist page: got %v, want ErrTruncated", err)
	}
}

// TestBoltJournalInterruptedCreation: a file cut while bbolt was creating
// it holds no record; it is refused with a message that says so, not one
// that sends the operator to a backup.
func TestBoltJournalInterruptedCreation(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, File)
	db, err := bbolt.Open(path, 0o640, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int64(binary.LittleEndian.Uint32(file[boltMetaPageSizeOffset:]))
	if err := os.Truncate(path, 2*pageSize); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir, time.Second)
	if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "before any record was written") {
		t.Fatalf("opening a journal whose creation was cut short: got %v, want ErrTruncated saying no record was written", err)
	}
}
