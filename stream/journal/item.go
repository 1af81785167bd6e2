package journal

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/techcredit/techcredit/ledger"
)

// Item is one input as a transport hands it to the writer. It lives beside
// the record because each is built from the other: the writer journals an
// item as a record (InputRecord), and a replay rebuilds the item from its
// record (Record.Item) to judge it again.
type Item struct {
	Raw []byte
	// Meta is what the transport tells the engine: the source it imposes,
	// the importer (ImportedBy) and the arrival time. The record keeps each
	// of them, so a replay judges the input on the same facts.
	Meta   ledger.Meta
	Origin *Origin // where it came from
	// Reject, when set, is the transport's verdict (wrong_partition, a
	// source the topic does not accept): the input is counted and journaled
	// as rejected without being applied.
	Reject *ledger.Reject
}

// InputRecord builds the record of an applied, duplicate or rejected input.
func InputRecord(it Item, out ledger.Outcome) Record {
	rec := Record{Kind: KindInput, Rules: rulesOf(it.Meta), Source: it.Meta.Source, ImportedBy: it.Meta.ImportedBy,
		Arrival: arrivalString(it.Meta.Arrival), Origin: it.Origin,
		Status: out.Status.String(), Message: out.Message, Transport: it.Reject != nil || out.Admission}
	if out.Code != ledger.CodeNone {
		rec.Code = out.Code.String()
	}
	if len(it.Raw) > ledger.InputBytesMax {
		// Refused for its size (bad_json) without being read: the record
		// keeps the verdict, which a replay gives back as is, and a digest.
		sum := sha256.Sum256(it.Raw)
		rec.Transport, rec.InputSize, rec.InputSHA256 = true, len(it.Raw), hex.EncodeToString(sum[:])
		return rec
	}
	// The engine read an envelope unless it answered bad_json, or the
	// transport decided without it.
	rec.setInput(it.Raw, out.Code != ledger.CodeBadJSON && it.Reject == nil)
	rec.Postings = postingRecords(out.Postings)
	return rec
}

// rulesOf is the rules version an item is judged under.
func rulesOf(m ledger.Meta) int {
	if m.Rules == 0 {
		return ledger.RulesCurrent
	}
	return m.Rules
}

// RulesVersion is the rules version a record was judged under.
func (r *Record) RulesVersion() int {
	if r.Rules == 0 {
		return ledger.RulesLenientJSON // written before records carried it
	}
	return r.Rules
}

// Item rebuilds what the transport handed the engine, to be judged under
// the rules it was judged under then.
func (r *Record) Item() Item {
	it := Item{Raw: r.raw(), Meta: ledger.Meta{Source: r.Source, Rules: r.RulesVersion(), ImportedBy: r.ImportedBy,
		Arrival: r.ArrivalTime()}, Origin: r.Origin}
	if r.Transport {
		code, _ := ledger.CodeFromString(r.Code)
		it.Reject = &ledger.Reject{Code: code, Message: r.Message}
	}
	return it
}

// arrivalString is how a record keeps an arrival time: RFC 3339 with
// nanoseconds in UTC, "" when the transport gave none (a file's replay).
func arrivalString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// ArrivalTime is the record's arrival time, zero when it has none (or a
// malformed one, which a hash would have refused already).
func (r *Record) ArrivalTime() time.Time {
	if r.Arrival == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, r.Arrival)
	if err != nil {
		return time.Time{}
	}
	return t
}
