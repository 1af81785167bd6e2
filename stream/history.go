package stream

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

// HistoryEntriesMax bounds one history: a claim or a loan is touched by a
// few dozen inputs in its life; a history longer than this is cut (the
// first ones kept) rather than answered whole.
const HistoryEntriesMax = 10000

// HistoryChunkEmbedded is how many records one read transaction of a
// scan of the embedded journal covers: a bbolt read transaction held over
// a whole journal would stop the writer from growing the file for as long.
// A Kafka journal is read in one pass (chunk 0): each of its replays
// starts from the partition's first offset.
const HistoryChunkEmbedded = 4096

// History scans a journal for the history of a claim, a loan or a subsidy
// (SPEC §12, §15): every journaled input that names it (data.claim,
// data.loan, data.subsidy, or the subsidy an application would open),
// applied or rejected, and every applied input that changed it (a
// pool.funded that paid a claim), in journal order. It folds the journal
// with a fresh engine, as Fold does, since only the engine knows what an
// input changed: its cost is a replay of the journal up to its last record
// when the scan starts (README "Claim review and history"). Records the
// writer appends meanwhile are not in it. chunk > 0 reads the journal in
// Replays of that many records (HistoryChunkEmbedded), 0 in one.
func History(ctx context.Context, j journal.Journal, kind, id string, chunk int) ([]journal.HistoryEntry, error) {
	if kind != journal.HistoryClaim && kind != journal.HistoryLoan && kind != journal.HistorySubsidy {
		return nil, fmt.Errorf("history of %q: not a claim, loan or subsidy", kind)
	}
	out := []journal.HistoryEntry{}
	var fold journal.Fold
	var engine *ledger.Engine
	err := replayChunks(ctx, j, chunk, func(rec *journal.Record) error {
		return fold.Next(rec, func(rec *journal.Record) error {
			if rec.Kind != journal.KindInput {
				var err error
				engine, err = foldRecord(engine, rec)
				return err
			}
			if engine == nil {
				return errors.New("input before any programs record")
			}
			o, err := applyItem(engine, rec.Item())
			if err != nil {
				return err
			}
			if err := journal.CheckOutcome(rec, o); err != nil {
				return err
			}
			if len(out) < HistoryEntriesMax && touches(rec, &o, kind, id) {
				out = append(out, entryOf(rec, &o))
			}
			return nil
		})
	})
	return out, err
}

// errChunkDone ends one read transaction of replayChunks.
var errChunkDone = errors.New("chunk done")

// replayChunks calls fn for every record up to the journal's last when it
// starts: chunk records per Replay (a read transaction each), or in one
// Replay when chunk is 0.
func replayChunks(ctx context.Context, j journal.Journal, chunk int, fn func(*journal.Record) error) error {
	if chunk <= 0 {
		return j.Replay(ctx, 0, func(rec journal.Record) error {
			if err := fn(&rec); err != nil {
				return fmt.Errorf("journal record %d: %w", rec.Seq, err)
			}
			return nil
		})
	}
	last, err := j.LastSeq(ctx)
	if err != nil {
		return err
	}
	for after := int64(0); after < last; {
		n := 0
		err := j.Replay(ctx, after, func(rec journal.Record) error {
			if rec.Seq > last {
				return errChunkDone
			}
			if err := fn(&rec); err != nil {
				return fmt.Errorf("journal record %d: %w", rec.Seq, err)
			}
			after = rec.Seq
			if n++; n == chunk {
				return errChunkDone
			}
			return nil
		})
		if err != nil && !errors.Is(err, errChunkDone) {
			return err
		}
		if err == nil { // the journal ended before last
			return nil
		}
	}
	return nil
}

// named is what a history needs of an input's envelope and data.
type named struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Source  string `json:"source"`
	Program string `json:"program"`
	At      string `json:"at"`
	Data    struct {
		Loan    string          `json:"loan"`
		Claim   string          `json:"claim"`
		Subsidy string          `json:"subsidy"`
		Year    json.RawMessage `json:"year"`
	} `json:"data"`
}

func namedOf(rec *journal.Record) named {
	var n named
	_ = json.Unmarshal(rec.Input, &n) // an input that is not JSON names nothing
	if rec.Source != "" {
		n.Source = rec.Source
	}
	return n
}

// touches reports whether the input is in the history of (kind, id).
func touches(rec *journal.Record, o *ledger.Outcome, kind, id string) bool {
	if o.Status == ledger.StatusApplied {
		changed := o.Changes.Subsidies
		switch kind {
		case journal.HistoryClaim:
			changed = o.Changes.Claims
		case journal.HistoryLoan:
			changed = o.Changes.Loans
		}
		if slices.Contains(changed, id) {
			return true
		}
	}
	// Only an input whose bytes hold the id (or, for a subsidy, its loan)
	// can name it: most are not decoded at all. JSON may write a / as \/.
	word := id
	if kind == journal.HistorySubsidy {
		if _, rest, ok := strings.Cut(id, "/"); ok {
			word, _, _ = strings.Cut(rest, "/")
		}
	}
	if !bytes.Contains(rec.Input, []byte(word)) && !bytes.Contains(rec.Input, []byte(strings.ReplaceAll(word, "/", `\/`))) {
		return false
	}
	n := namedOf(rec)
	switch kind {
	case journal.HistoryClaim:
		return n.Data.Claim == id
	case journal.HistoryLoan:
		return n.Data.Loan == id
	default:
		if n.Data.Subsidy == id {
			return true
		}
		// An application names the subsidy it would open.
		year, err := strconv.Atoi(string(n.Data.Year))
		return n.Type == ledger.TypeSubsidyApplied && err == nil && n.Program+"/"+n.Data.Loan+"/"+strconv.Itoa(year) == id
	}
}

func entryOf(rec *journal.Record, o *ledger.Outcome) journal.HistoryEntry {
	n := namedOf(rec)
	e := journal.HistoryEntry{Position: rec.Seq, ID: n.ID, Type: n.Type, Source: n.Source, At: n.At,
		ImportedBy: optional(rec.ImportedBy), Arrival: optional(rec.Arrival), Outcome: o.Status.String(),
		Code: optional(rec.Code), Postings: rec.Postings, Hash: optional(rec.Hash)}
	if e.Postings == nil {
		e.Postings = []journal.PostingRecord{}
	}
	return e
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
