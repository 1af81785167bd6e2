package journal

import (
	"errors"
	"testing"
)

// TestFold: the rules of ownership and order, record by record, as a
// Kafka partition can hold them: a claim, the old owner's records after it
// (fenced), a retried copy (skipped), a gap (refused).
func TestFold(t *testing.T) {
	steps := []struct {
		name    string
		rec     Record
		applied bool
		err     error
		want    Fold
	}{
		{"first record", Record{Seq: 1, Kind: KindPrograms}, true, nil, Fold{Seq: 1}},
		{"next input", Record{Seq: 2, Kind: KindInput}, true, nil, Fold{Seq: 2}},
		{"retried copy", Record{Seq: 2, Kind: KindInput}, false, nil, Fold{Seq: 2}},
		{"claim", Record{Seq: 3, Kind: KindClaim, Epoch: 1}, true, nil, Fold{Seq: 3, Epoch: 1}},
		{"old owner after the claim", Record{Seq: 3, Kind: KindInput}, false, nil, Fold{Seq: 3, Epoch: 1, Fenced: 1}},
		{"old owner again", Record{Seq: 4, Kind: KindInput}, false, nil, Fold{Seq: 3, Epoch: 1, Fenced: 2}},
		{"new owner", Record{Seq: 4, Kind: KindInput, Epoch: 1}, true, nil, Fold{Seq: 4, Epoch: 1, Fenced: 2}},
		{"gap", Record{Seq: 6, Kind: KindInput, Epoch: 1}, false, ErrOutOfOrder, Fold{Seq: 4, Epoch: 1, Fenced: 2}},
		{"claim over a claim", Record{Seq: 5, Kind: KindClaim, Epoch: 3}, true, nil, Fold{Seq: 5, Epoch: 3, Fenced: 2}},
	}
	var f Fold
	for _, s := range steps {
		applied := false
		err := f.Next(&s.rec, func(r *Record) error {
			if r.Kind == KindClaim && f.Epoch != r.Epoch {
				t.Errorf("%s: apply saw epoch %d, want the claim's %d in force", s.name, f.Epoch, r.Epoch)
			}
			applied = true
			return nil
		})
		if !errors.Is(err, s.err) {
			t.Errorf("%s: got error %v, want %v", s.name, err, s.err)
		}
		if applied != s.applied || f != s.want {
			t.Errorf("%s: applied %v, fold %+v; want %v, %+v", s.name, applied, f, s.applied, s.want)
		}
	}
	// A record apply refuses does not advance the fold.
	refused := errors.New("refused")
	if err := f.Next(&Record{Seq: 6, Kind: KindInput, Epoch: 3}, func(*Record) error { return refused }); !errors.Is(err, refused) || f.Seq != 5 {
		t.Errorf("refused record: got %v, seq %d; want refused, seq 5", err, f.Seq)
	}
}
