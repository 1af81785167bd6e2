package journal

import (
	"fmt"

	"github.com/techcredit/techcredit/ledger"
)

// CheckOutcome is the paired check of a replay (TigerBeetle's): what the
// engine does with a record's input again must be what the record says it
// did, its status, its code and every posting, or the engine is not
// deterministic or the journal was altered (SPEC §14). It holds records
// written before the hash chain to what they say too: an input edited in
// such a record no longer gives the postings it was journaled with.
func CheckOutcome(rec *Record, out ledger.Outcome) error {
	code := ""
	if out.Code != ledger.CodeNone {
		code = out.Code.String()
	}
	if out.Status.String() != rec.Status || code != rec.Code {
		return fmt.Errorf("replay gave %s %s, the journal says %s %s: the engine is not deterministic or the journal was altered",
			out.Status, code, rec.Status, rec.Code)
	}
	if rec.InputSize != 0 {
		return nil // an oversized input is not kept: its verdict is not re-derived
	}
	got := postingRecords(out.Postings)
	if len(got) != len(rec.Postings) {
		return fmt.Errorf("replay posted %d postings, the journal says %d: the engine is not deterministic or the journal was altered",
			len(got), len(rec.Postings))
	}
	for i := range got {
		if got[i] != rec.Postings[i] {
			return fmt.Errorf("replay posted %s -> %s %s %s, the journal says %s -> %s %s %s: the engine is not deterministic or the journal was altered",
				got[i].From, got[i].To, got[i].Amount, got[i].Currency,
				rec.Postings[i].From, rec.Postings[i].To, rec.Postings[i].Amount, rec.Postings[i].Currency)
		}
	}
	return nil
}
