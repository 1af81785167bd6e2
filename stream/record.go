package stream

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// Record kinds.
const (
	KindInput    = "input"    // an input with its outcome
	KindPrograms = "programs" // a new version of the programs file
	KindClaim    = "claim"    // a new owner took the journal (Kafka): older epochs are fenced off
)

// Origin is where an input came from: a Kafka topic, partition and offset,
// or "http" / "file:<path>" with a sequence number as offset.
type Origin struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
}

// Record is one entry of the journal: every input with its outcome and
// postings, or a programs version. State is the fold of the records.
type Record struct {
	Seq        int64           `json:"seq"`
	Kind       string          `json:"kind"`
	Epoch      int64           `json:"epoch,omitempty"`     // the writer's ownership epoch (Kafka)
	Input      json.RawMessage `json:"input,omitempty"`     // the input, when it is valid JSON
	InputBytes []byte          `json:"input_b64,omitempty"` // the input's exact bytes otherwise
	Source     string          `json:"source,omitempty"`    // the source the transport imposed (HTTP token)
	ImportedBy string          `json:"imported_by,omitempty"`
	Origin     *Origin         `json:"origin,omitempty"`
	Status     string          `json:"status,omitempty"`
	Transport  bool            `json:"transport_reject,omitempty"` // rejected by the transport (wrong_partition)
	Code       string          `json:"code,omitempty"`
	Message    string          `json:"message,omitempty"`
	Postings   []PostingRecord `json:"postings,omitempty"`
	Programs   json.RawMessage `json:"programs,omitempty"`
}

// PostingRecord is a posting as journaled.
type PostingRecord struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// inputRecord builds the record of an applied, duplicate or rejected input.
func inputRecord(it Item, out ledger.Outcome) Record {
	rec := Record{Kind: KindInput, Source: it.Meta.Source, ImportedBy: it.ImportedBy, Origin: it.Origin,
		Status: out.Status.String(), Message: out.Message, Transport: it.Reject != nil}
	if out.Code != ledger.CodeNone {
		rec.Code = out.Code.String()
	}
	rec.setInput(it.Raw)
	for _, p := range out.Postings {
		rec.Postings = append(rec.Postings, PostingRecord{From: p.From.String(), To: p.To.String(),
			Amount: risk.FormatAmount(p.Amount), Currency: p.Currency})
	}
	return rec
}

func (r *Record) setInput(raw []byte) {
	trimmed := bytes.TrimSpace(raw)
	if json.Valid(trimmed) {
		var b bytes.Buffer
		if json.Compact(&b, trimmed) == nil {
			r.Input = b.Bytes()
			return
		}
	}
	r.InputBytes = append([]byte(nil), raw...)
}

// raw returns the input bytes to apply again on replay.
func (r *Record) raw() []byte {
	if r.Input != nil {
		return r.Input
	}
	return r.InputBytes
}

// item rebuilds what the transport handed the engine.
func (r *Record) item() Item {
	it := Item{Raw: r.raw(), Meta: ledger.Meta{Source: r.Source}, ImportedBy: r.ImportedBy, Origin: r.Origin}
	if r.Transport {
		code, _ := ledger.CodeFromString(r.Code)
		it.Reject = &ledger.Reject{Code: code, Message: r.Message}
	}
	return it
}

// encodeRecord writes a record as one JSON line without HTML escaping, so
// an input's bytes stay as they were sent.
func encodeRecord(r *Record) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, fmt.Errorf("encode journal record %d: %w", r.Seq, err)
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

func decodeRecord(b []byte) (Record, error) {
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("decode journal record: %w", err)
	}
	return r, nil
}

// Raw returns the input's bytes as the engine received them.
func (r *Record) Raw() []byte { return r.raw() }
