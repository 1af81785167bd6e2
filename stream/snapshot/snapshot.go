package snapshot

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

// ErrNotFound is what Store.Latest returns when the partition has no
// snapshot.
var ErrNotFound = errors.New("no snapshot")

// Store keeps the newest snapshot of each journal partition. The
// journal stays the source of truth: a store may lose or damage snapshots
// (Redis is a cache), and the runner then replays the journal in full.
type Store interface {
	// Save replaces the partition's snapshot atomically: a reader sees the
	// old snapshot or the new one, never a mix.
	Save(ctx context.Context, partition string, snap Snapshot) error
	// Latest returns the partition's snapshot, ErrNotFound when there is
	// none, or an error wrapping ledger.ErrInvalidSnapshot when the stored
	// bytes are damaged.
	Latest(ctx context.Context, partition string) (Snapshot, error)
}

// Snapshot is a runner's state after journal record JournalSeq: the
// engine's snapshot and what the runner keeps beside its engine.
type Snapshot struct {
	JournalSeq int64
	// Epoch is the ownership epoch in force at JournalSeq (Kafka journal).
	Epoch int64
	// Anchor identifies the journal record at JournalSeq (AnchorOf): a
	// snapshot is used only when the journal holds that very record, so a
	// snapshot of another journal, or of one that was reset, is refused.
	Anchor string
	// ResumeOffsets are the input offsets the journal holds up to
	// JournalSeq: where consumers resume.
	ResumeOffsets []ResumeOffset
	// ProgramsVersion is the hex SHA-256 of Programs.
	ProgramsVersion string
	// Programs is the programs file in force at JournalSeq, compact JSON.
	Programs []byte
	// Bytes is the engine's snapshot (ledger.Engine.MarshalSnapshot).
	Bytes []byte
}

// ResumeOffset is the offset of the last journaled input of one input
// partition (or of an HTTP or file stream).
type ResumeOffset struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
}

// ProgramsVersion names a programs file: the hex SHA-256 of its compact JSON.
func ProgramsVersion(compact []byte) string {
	sum := sha256.Sum256(compact)
	return hex.EncodeToString(sum[:])
}

// AnchorOf is the hex SHA-256 of what makes a journal record: its
// sequence number, kind, epoch, input bytes, source, outcome and programs.
func AnchorOf(rec *journal.Record) string {
	h := sha256.New()
	var n [8]byte
	for _, v := range []int64{rec.Seq, rec.Epoch} {
		binary.BigEndian.PutUint64(n[:], uint64(v))
		h.Write(n[:])
	}
	for _, part := range [][]byte{[]byte(rec.Kind), rec.Raw(), []byte(rec.Source), []byte(rec.ImportedBy),
		[]byte(rec.Status), []byte(rec.Code), rec.Programs} {
		binary.BigEndian.PutUint64(n[:], uint64(len(part)))
		h.Write(n[:])
		h.Write(part)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// The stored form of a Snapshot:
//
//	8 bytes "TCRUNSNP", 2 bytes version (1), 2 bytes reserved,
//	4 bytes n, n bytes of JSON metadata, 8 bytes m, m bytes of engine
//	snapshot, 32 bytes SHA-256 of everything before the engine snapshot
//	followed by the engine snapshot's own trailing SHA-256.
//
// The engine snapshot carries its own checksum over its bytes, so the
// outer one need not hash them again: it covers the metadata and, through
// the inner checksum, the engine bytes.
const (
	runSnapshotMagic   = "TCRUNSNP"
	runSnapshotVersion = 1
	runSnapshotMetaMax = 64 << 20
)

type snapshotMeta struct {
	JournalSeq      int64           `json:"journal_seq"`
	Epoch           int64           `json:"epoch"`
	Anchor          string          `json:"anchor"`
	ResumeOffsets   []ResumeOffset  `json:"resume_offsets"`
	ProgramsVersion string          `json:"programs_version"`
	Programs        json.RawMessage `json:"programs"`
}

// MarshalBinary writes the snapshot in its stored form.
func (s *Snapshot) MarshalBinary() ([]byte, error) {
	if len(s.Bytes) < sha256.Size {
		return nil, errors.New("snapshot without engine bytes")
	}
	// Without HTML escaping the programs' bytes stay as they are, so
	// their version still matches after a round trip.
	var mb bytes.Buffer
	enc := json.NewEncoder(&mb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(snapshotMeta{JournalSeq: s.JournalSeq, Epoch: s.Epoch, Anchor: s.Anchor,
		ResumeOffsets: s.ResumeOffsets, ProgramsVersion: s.ProgramsVersion, Programs: s.Programs}); err != nil {
		return nil, fmt.Errorf("snapshot metadata: %w", err)
	}
	meta := bytes.TrimRight(mb.Bytes(), "\n")
	b := make([]byte, 0, 16+len(meta)+8+len(s.Bytes)+sha256.Size)
	b = append(b, runSnapshotMagic...)
	b = binary.BigEndian.AppendUint16(b, runSnapshotVersion)
	b = binary.BigEndian.AppendUint16(b, 0)
	b = binary.BigEndian.AppendUint32(b, uint32(len(meta)))
	b = append(b, meta...)
	b = binary.BigEndian.AppendUint64(b, uint64(len(s.Bytes)))
	head := len(b)
	b = append(b, s.Bytes...)
	sum := outerSum(b[:head], s.Bytes)
	return append(b, sum[:]...), nil
}

func outerSum(head, engine []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write(head)
	h.Write(engine[len(engine)-sha256.Size:])
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// UnmarshalBinary reads the stored form; every refusal wraps
// ledger.ErrInvalidSnapshot. The engine bytes are checked when they are
// restored.
func (s *Snapshot) UnmarshalBinary(b []byte) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ledger.ErrInvalidSnapshot, fmt.Sprintf(format, args...))
	}
	if len(b) < 8 || string(b[:8]) != runSnapshotMagic {
		return bad("not a runner snapshot (no %q magic)", runSnapshotMagic)
	}
	if len(b) < 16 {
		return bad("truncated header (%d bytes)", len(b))
	}
	if v := binary.BigEndian.Uint16(b[8:]); v != runSnapshotVersion {
		return bad("runner snapshot format version %d, this build reads version %d", v, runSnapshotVersion)
	}
	n := uint64(binary.BigEndian.Uint32(b[12:]))
	if n > runSnapshotMetaMax || uint64(len(b)) < 16+n+8 {
		return bad("truncated metadata")
	}
	meta := b[16 : 16+n]
	m := binary.BigEndian.Uint64(b[16+n:])
	head := 16 + n + 8
	if want := head + m + sha256.Size; uint64(len(b)) != want || m < sha256.Size {
		return bad("%d bytes, the header announces %d", len(b), want)
	}
	engine := b[head : head+m]
	if sum := outerSum(b[:head], engine); !bytes.Equal(sum[:], b[head+m:]) {
		return bad("checksum mismatch: the snapshot is corrupted")
	}
	var md snapshotMeta
	if err := json.Unmarshal(meta, &md); err != nil {
		return bad("metadata: %v", err)
	}
	if ProgramsVersion(md.Programs) != md.ProgramsVersion {
		return bad("programs do not match their version %s", md.ProgramsVersion)
	}
	*s = Snapshot{JournalSeq: md.JournalSeq, Epoch: md.Epoch, Anchor: md.Anchor, ResumeOffsets: md.ResumeOffsets,
		ProgramsVersion: md.ProgramsVersion, Programs: md.Programs, Bytes: engine}
	return nil
}
