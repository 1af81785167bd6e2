package stream

import (
	"context"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

// TestFoldAsOfChecksUntilTheFirstSkip: a record whose journaled outcome
// the engine contradicts stops the fold while nothing was left out, and
// no longer does after a record was left out (later inputs may rightly be
// judged otherwise); After sees every input taken, and only those.
func TestFoldAsOfChecksUntilTheFirstSkip(t *testing.T) {
	programs, lines := exampleInputs(t, examples+"1-lukedai-default")
	fresh, err := withPrograms(nil, programs, ledger.RulesCurrent)
	if err != nil {
		t.Fatal(err)
	}
	first, err := fresh.Apply(lines[0], ledger.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	altered := func() *memJournal {
		j := &memJournal{recs: []journal.Record{
			{Seq: 1, Kind: journal.KindPrograms, Rules: ledger.RulesCurrent, Programs: programs},
			journal.InputRecord(journal.Item{Raw: lines[0]}, first),
			journal.InputRecord(journal.Item{Raw: lines[1]}, ledger.Outcome{Status: ledger.StatusRejected, Code: ledger.CodeBadJSON}),
		}}
		j.recs[1].Seq, j.recs[2].Seq = 2, 3
		return j
	}
	_, err = FoldAsOf(context.Background(), altered(), FoldHooks{})
	if err == nil || !strings.Contains(err.Error(), "journal record 3: replay gave applied") {
		t.Errorf("nothing left out: got %v, want the contradiction of record 3", err)
	}
	var seen []string
	e, err := FoldAsOf(context.Background(), altered(), FoldHooks{
		Take: func(rec *journal.Record) bool { return rec.Seq != 2 },
		After: func(_ *ledger.Engine, it journal.Item, out ledger.Outcome) error {
			seen = append(seen, out.ID+" "+out.Status.String())
			return nil
		},
	})
	if err != nil {
		t.Fatalf("record 2 left out: %v", err)
	}
	if got := strings.Join(seen, ","); got != "f-2 applied" {
		t.Errorf("After saw %q, want f-2 applied", got)
	}
	if in, _, _, _ := e.Counts(); in != 1 {
		t.Errorf("the engine took %d inputs, want 1", in)
	}
}
