package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/techcredit/techcredit/stream/journal"
)

// damageFixture writes a sealed journal of n records in batches of 50 (so
// the file has branch, leaf and freelist pages) and returns the records'
// bytes in order.
func damageFixture(t *testing.T, dir string, n int) [][]byte {
	t.Helper()
	j, err := Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	var raws [][]byte
	prev := ""
	for seq := 1; seq <= n; {
		var batch []journal.Record
		for ; seq <= n && len(batch) < 50; seq++ {
			rec := journal.Record{Seq: int64(seq), Kind: journal.KindInput, Status: "applied",
				Input:    fmt.Appendf(nil, `{"id":"f-%06d","type":"pool.funded","source":"finance:li","program":"p1","data":{"funder":"city","amount":"%d.00"}}`, seq, 50000000+seq),
				Postings: []journal.PostingRecord{{From: "funding:p1:city", To: "pool:p1", Amount: fmt.Sprintf("%d.00", 50000000+seq), Currency: "CNY"}}}
			if err := rec.Seal(prev); err != nil {
				t.Fatal(err)
			}
			prev = rec.Hash
			b, _ := journal.Encode(&rec)
			raws = append(raws, append([]byte(nil), b...))
			batch = append(batch, rec)
		}
		if err := j.Append(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
	}
	return raws
}

// Page flags of bbolt's page header (id 8 bytes, flags 2, count 2,
// overflow 4).
const (
	pageBranch   = 0x01
	pageLeaf     = 0x02
	pageMeta     = 0x04
	pageFreelist = 0x10
)

// pagesOf lists the first page of each kind in the file, by page number.
func pagesOf(file []byte, pageSize int) map[uint16][]int {
	pages := map[uint16][]int{}
	for p := 0; (p+1)*pageSize <= len(file); p++ {
		hdr := file[p*pageSize:]
		if binary.LittleEndian.Uint64(hdr) != uint64(p) {
			continue // a free page, or an overflow page of the one before
		}
		flags := binary.LittleEndian.Uint16(hdr[8:])
		pages[flags] = append(pages[flags], p)
		p += int(binary.LittleEndian.Uint32(hdr[12:]))
	}
	return pages
}

// currentFreelist is the freelist page of the newest meta page.
func currentFreelist(file []byte, pageSize int) int {
	meta := func(p int) []byte { return file[p*pageSize+16:] }
	newest := meta(0)
	if binary.LittleEndian.Uint64(meta(1)[48:]) > binary.LittleEndian.Uint64(newest[48:]) {
		newest = meta(1)
	}
	return int(binary.LittleEndian.Uint64(newest[32:]))
}

// readAll opens the journal and folds every record as a replay does (the
// hash chain included), returning the records' bytes as read.
func readAll(dir string) ([][]byte, error) {
	j, err := Open(dir, time.Second)
	if err != nil {
		return nil, err
	}
	defer j.Close()
	var got [][]byte
	var f journal.Fold
	err = j.Replay(context.Background(), 0, func(rec journal.Record) error {
		return f.Next(&rec, func(r *journal.Record) error {
			b, _ := journal.Encode(r)
			got = append(got, b)
			return nil
		})
	})
	return got, err
}

// TestBoltJournalDamagedFile (issue 13.2): random bytes over each region
// of the file (either meta page, a branch page, leaf pages, the freelist,
// 4 KiB a third into the file) give an error, never a panic, and never a
// journal that reads differently from the one written: either the open
// or the replay refuses it, or every record reads back byte for byte.
func TestBoltJournalDamagedFile(t *testing.T) {
	src := t.TempDir()
	want := damageFixture(t, src, 3000)
	clean, err := os.ReadFile(filepath.Join(src, File))
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.LittleEndian.Uint32(clean[boltMetaPageSizeOffset:]))
	pages := pagesOf(clean, pageSize)
	for _, kind := range []uint16{pageBranch, pageLeaf} {
		if len(pages[kind]) == 0 {
			t.Fatalf("the fixture has no page of kind %#x: %v", kind, pages)
		}
	}
	leaves := pages[pageLeaf]
	freelist := currentFreelist(clean, pageSize)
	value := bytes.Index(clean[len(clean)/2:], []byte(`"amount":"5000`)) + len(clean)/2 + len(`"amount":"5000`)
	regions := map[string]struct{ off, n int }{
		"meta page 0":        {0, pageSize},
		"meta page 1":        {pageSize, pageSize},
		"branch page":        {pages[pageBranch][0] * pageSize, pageSize},
		"branch header":      {pages[pageBranch][0] * pageSize, 16},
		"first leaf page":    {leaves[0] * pageSize, pageSize},
		"a middle leaf":      {leaves[len(leaves)/2] * pageSize, pageSize},
		"last leaf page":     {leaves[len(leaves)-1] * pageSize, pageSize},
		"leaf header":        {leaves[len(leaves)/2] * pageSize, 16},
		"leaf elements":      {leaves[len(leaves)/2]*pageSize + 16, 64},
		"freelist page":      {freelist * pageSize, pageSize},
		"freelist count":     {freelist*pageSize + 10, 2},
		"freelist ids":       {freelist*pageSize + 16, 32},
		"4 KiB a third in":   {len(clean) / 3, 4096},
		"a digit of a value": {value, 1},
	}
	for name, r := range regions {
		for seed := uint64(1); seed <= 3; seed++ {
			t.Run(fmt.Sprintf("%s seed %d", name, seed), func(t *testing.T) {
				damaged := append([]byte(nil), clean...)
				rnd := rand.New(rand.NewPCG(seed, 13))
				for i := r.off; i < r.off+r.n && i < len(damaged); i++ {
					damaged[i] = byte(rnd.Uint32())
				}
				if bytes.Equal(damaged, clean) {
					damaged[r.off] ^= 0xff // random bytes that happened to be the same
				}
				dir := t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, File), damaged, 0o640); err != nil {
					t.Fatal(err)
				}
				got, err := readAll(dir)
				if err != nil {
					t.Logf("refused: %v", err)
					return
				}
				if len(got) != len(want) {
					t.Fatalf("read %d records without an error, want %d", len(got), len(want))
				}
				for i := range want {
					if !bytes.Equal(got[i], want[i]) {
						t.Fatalf("record %d reads differently without an error:\n got %s\nwant %s", i+1, got[i], want[i])
					}
				}
			})
		}
	}
}
