package journal

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"

	"github.com/techcredit/techcredit/internal/jcs"
)

// The hash chain (SPEC §14, §15): every record carries prev, the hash of
// the record the fold took before it in its journal partition ("" for the
// first), and hash, the lowercase hex SHA-256 of the ASCII prev followed
// by the record's RFC 8785 (JCS) canonical bytes without hash. Changing,
// removing or inserting a record breaks the chain at that record; the
// canonical form makes the hash independent of the encoder that wrote it.
//
// A record keeps its input verbatim only when the input has a canonical
// form (I-JSON: no member repeated, numbers a double holds); any other
// input is kept as base64 (input_b64), which replays the same bytes.

// ErrChain: a record does not match its hash, or does not continue the
// chain. The journal was altered after it was written.
var ErrChain = errors.New("hash chain broken")

// Seal chains r after the record whose hash is prev: it sets Prev and
// Hash. Seal the records in the order they are journaled; a journal then
// encodes them (Encode) as they were hashed.
func (r *Record) Seal(prev string) error {
	r.Prev, r.Hash = prev, ""
	// The canonical bytes are only hashed: their buffer is reused. prev
	// leads them, so that one call hashes both.
	buf := canonBuffers.Get().(*[]byte)
	defer canonBuffers.Put(buf)
	b := append((*buf)[:0], prev...)
	canon, err := appendCanonical(b, r)
	if err != nil && r.Input != nil {
		// An input without a canonical form is kept as its bytes.
		r.Input, r.InputBytes = nil, r.Input
		canon, err = appendCanonical(b, r)
	}
	if cap(canon) <= canonBufferKeptMax {
		*buf = canon[:0]
	}
	if err != nil {
		return fmt.Errorf("seal journal record %d: %w", r.Seq, err)
	}
	sum := sha256.Sum256(canon)
	r.Hash = hex.EncodeToString(sum[:])
	return nil
}

// Sealed reports whether r carries a hash.
func (r *Record) Sealed() bool { return r.Hash != "" }

// canonBuffers are Seal's buffers of canonical bytes; one grown past
// canonBufferKeptMax (a programs version, a large input) is not kept.
var canonBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

const canonBufferKeptMax = 64 << 10

// chainHash is SPEC §15's hash of a record: prev, then its canonical bytes.
func chainHash(prev string, canon []byte) string {
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write(canon)
	return hex.EncodeToString(h.Sum(nil))
}

// checkHash tells whether the bytes b that r was decoded from match r's
// hash.
func checkHash(r *Record, b []byte) error {
	if !validHash(r.Hash) || (r.Prev != "" && !validHash(r.Prev)) {
		return fmt.Errorf("%w: its hash or prev is not 64 lowercase hex digits", ErrChain)
	}
	canon, err := jcs.AppendWithout(nil, b, "hash")
	if err != nil {
		return fmt.Errorf("%w: the record has no canonical form: %v", ErrChain, err)
	}
	if chainHash(r.Prev, canon) != r.Hash {
		return fmt.Errorf("%w: the record does not match its hash: it was changed after it was written", ErrChain)
	}
	return nil
}

func validHash(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
