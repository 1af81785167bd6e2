package bolt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
)

// bbolt keeps two meta pages, pages 0 and 1, written in turn; the valid
// one with the higher transaction id is the database. In a meta page the
// 16-byte page header is followed by the meta: magic, version, page size,
// flags (4 bytes each), the root bucket (16), the freelist page, the
// high-water page count, the transaction id and an FNV-64a checksum of the
// 56 bytes before it (8 each), in the machine's byte order (little-endian
// on the platforms techcredit is built for).
const (
	boltPageHeader = 16
	boltMagic      = 0xED0CDAED
	boltMetaSum    = 56 // bytes under the checksum
)

type boltMeta struct {
	pageSize uint32
	pages    uint64 // the high-water mark: pages in use
	txid     uint64
}

// readBoltMeta decodes the meta at off; ok is false when it is not a valid
// meta (torn, or not a bbolt file).
func readBoltMeta(f *os.File, off int64) (m boltMeta, ok bool) {
	var b [boltPageHeader + boltMetaSum + 8]byte
	if _, err := f.ReadAt(b[:], off); err != nil {
		return m, false
	}
	meta := b[boltPageHeader:]
	h := fnv.New64a()
	h.Write(meta[:boltMetaSum])
	if binary.LittleEndian.Uint32(meta[0:]) != boltMagic || binary.LittleEndian.Uint64(meta[boltMetaSum:]) != h.Sum64() {
		return m, false
	}
	return boltMeta{pageSize: binary.LittleEndian.Uint32(meta[8:]), pages: binary.LittleEndian.Uint64(meta[40:]),
		txid: binary.LittleEndian.Uint64(meta[48:])}, true
}

// metaPages is what the file's two meta pages say, read before bbolt maps
// the file.
type metaPages struct {
	size     int64 // the file's size
	m0, m1   boltMeta
	ok0, ok1 bool // the page is a valid meta (checksum, magic)
	twoPages bool // the file is long enough to hold both meta pages
}

// readMetaPages reads both meta pages; ok is false for a file that does not
// exist (a new journal).
func readMetaPages(path string) (mp metaPages, ok bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return mp, false, nil
	}
	if err != nil {
		return mp, false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return mp, false, err
	}
	mp.size = st.Size()
	mp.m0, mp.ok0 = readBoltMeta(f, 0)
	for _, size := range []int64{int64(mp.m0.pageSize), int64(os.Getpagesize()), 4096} {
		if size > 0 && (mp.ok0 || size != int64(mp.m0.pageSize)) {
			if mp.m1, mp.ok1 = readBoltMeta(f, size); mp.ok1 {
				break
			}
		}
	}
	page := int64(mp.m0.pageSize)
	if !mp.ok0 {
		page = int64(os.Getpagesize())
	}
	mp.twoPages = mp.size >= 2*page
	return mp, true, nil
}

// checkNotTruncated compares the file's size with the size its last
// committed transaction needs (the high-water mark of its newest valid
// meta page), before bbolt maps it: bbolt would map the missing pages and
// die with SIGBUS when it reads one, even while opening. A file without a
// valid meta page is left to bbolt, which refuses it.
func checkNotTruncated(path string, mp metaPages) error {
	m := mp.m0
	switch {
	case mp.ok0 && mp.ok1 && mp.m1.txid > mp.m0.txid, !mp.ok0 && mp.ok1:
		m = mp.m1
	case !mp.ok0:
		return nil
	}
	need := int64(m.pages) * int64(m.pageSize)
	switch {
	case mp.size >= need:
		return nil
	case m.txid <= boltInitTxid:
		return fmt.Errorf("%w: %s holds %d bytes, its creation needs %d: it was interrupted before any record was written; remove the file to start afresh",
			ErrTruncated, path, mp.size, need)
	default:
		return fmt.Errorf("%w: %s holds %d bytes, its last committed transaction needs %d; restore it from a backup",
			ErrTruncated, path, mp.size, need)
	}
}

// boltInitTxid is the transaction id of the meta pages bbolt writes when it
// creates a file (0 and 1); the journal's first transaction is the next.
const boltInitTxid = 1

// checkMetaPages refuses a file one of whose two meta pages fails its
// checksum. bbolt would open the other one, the state of the transaction
// before, and so lose the last committed batch without a word when the
// newer page was damaged. A crash cannot tear a meta page that bbolt
// wrote (one page, one write, then fsync, before the batch is
// acknowledged), so a bad one is damage, to be looked at, not skipped. A
// file too short for two pages is left to checkNotTruncated and bbolt.
func checkMetaPages(path string, mp metaPages) error {
	if !mp.twoPages {
		return nil
	}
	switch {
	case !mp.ok0 && !mp.ok1:
		return fmt.Errorf("%w: %s: neither meta page is valid: not a journal, or damaged", ErrDamaged, path)
	case !mp.ok0, !mp.ok1:
		page := 0
		if mp.ok0 {
			page = 1
		}
		return fmt.Errorf("%w: %s: meta page %d fails its checksum; the file was damaged and may have lost its last batch: restore it from a backup",
			ErrDamaged, path, page)
	}
	return nil
}
