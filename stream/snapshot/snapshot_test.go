package snapshot_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"github.com/techcredit/techcredit/stream/snapshot"
	"testing"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// TestSnapshotEncoding: the stored form round-trips, and damage to its
// metadata is refused.
func TestSnapshotEncoding(t *testing.T) {
	programs, lines := streamtest.SimLines(t, 20, 6)
	cfg, err := risk.ParsePrograms(bytes.NewReader(programs))
	if err != nil {
		t.Fatal(err)
	}
	e := ledger.NewEngine(cfg)
	for _, l := range lines {
		e.Apply(l, ledger.Meta{})
	}
	eb, err := e.MarshalSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	var cb bytes.Buffer
	if err := json.Compact(&cb, programs); err != nil {
		t.Fatal(err)
	}
	compact := cb.Bytes()
	s := snapshot.Snapshot{JournalSeq: 42, Epoch: 3, Anchor: "abc", ResumeOffsets: []snapshot.ResumeOffset{{"t", 1, 9}},
		ProgramsVersion: snapshot.ProgramsVersion(compact), Programs: compact, Bytes: eb}
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got snapshot.Snapshot
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if got.JournalSeq != 42 || got.Epoch != 3 || got.Anchor != "abc" || len(got.ResumeOffsets) != 1 ||
		got.ResumeOffsets[0] != s.ResumeOffsets[0] || !bytes.Equal(got.Programs, compact) || !bytes.Equal(got.Bytes, eb) {
		t.Fatalf("round trip: got %+v", got)
	}
	for _, i := range []int{0, 9, 14, 20, 30, len(b) - 40, len(b) - 1} {
		d := bytes.Clone(b)
		d[i] ^= 4
		if err := new(snapshot.Snapshot).UnmarshalBinary(d); !errors.Is(err, ledger.ErrInvalidSnapshot) {
			t.Errorf("byte %d flipped: got %v, want ErrInvalidSnapshot", i, err)
		}
	}
	// The engine bytes are covered by their own checksum, checked on restore.
	d := bytes.Clone(b)
	d[len(b)-len(eb)/2] ^= 4
	var damaged snapshot.Snapshot
	if err := damaged.UnmarshalBinary(d); err != nil {
		t.Fatal(err)
	}
	if _, err := ledger.RestoreSnapshot(nil, damaged.Bytes); !errors.Is(err, ledger.ErrInvalidSnapshot) {
		t.Errorf("engine byte flipped: got %v, want ErrInvalidSnapshot", err)
	}
}
