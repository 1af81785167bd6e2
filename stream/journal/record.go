package journal

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/techcredit/techcredit/internal/jcs"
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
	Seq   int64  `json:"seq"`
	Kind  string `json:"kind"`
	Epoch int64  `json:"epoch,omitempty"` // the writer's ownership epoch (Kafka)
	// Rules is the ledger rules version the input or programs version was
	// judged under (ledger.RulesCurrent when written); records without it
	// were written under ledger.RulesLenientJSON.
	Rules      int             `json:"rules,omitempty"`
	Input      json.RawMessage `json:"input,omitempty"`     // the input, when it is valid JSON
	InputBytes []byte          `json:"input_b64,omitempty"` // the input's exact bytes otherwise
	// An input above ledger.InputBytesMax is not kept, only its size and
	// SHA-256 (it stays in its topic at Origin, or with its sender): one
	// such input must not make a journal record too large for the journal.
	InputSize   int    `json:"input_size,omitempty"`
	InputSHA256 string `json:"input_sha256,omitempty"`
	Source      string `json:"source,omitempty"` // the source the transport imposed (HTTP token)
	ImportedBy  string `json:"imported_by,omitempty"`
	// Arrival is when the transport took the input (HTTP: the server's
	// clock when it read the request; Kafka: the record's timestamp), RFC
	// 3339 in UTC: the engine judges an `at` against it (SPEC §4 "Dates").
	Arrival   string          `json:"arrival,omitempty"`
	Origin    *Origin         `json:"origin,omitempty"`
	Status    string          `json:"status,omitempty"`
	Transport bool            `json:"transport_reject,omitempty"` // rejected by the transport (wrong_partition)
	Code      string          `json:"code,omitempty"`
	Message   string          `json:"message,omitempty"`
	Postings  []PostingRecord `json:"postings,omitempty"`
	Programs  json.RawMessage `json:"programs,omitempty"`
	// Prev and Hash chain the records (SPEC §14, chain.go): Hash is the
	// SHA-256 of Prev and the record's canonical bytes without Hash; Prev
	// is the Hash of the record the fold took before it, "" for the first.
	// Records written before the chain have neither.
	Prev string `json:"prev,omitempty"`
	Hash string `json:"hash,omitempty"`
}

// PostingRecord is a posting as journaled.
type PostingRecord struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// postingRecords writes postings as journaled. The accounts and amounts
// of all of an input's postings are cut from one string: one allocation
// per input rather than three per posting.
func postingRecords(ps []ledger.Posting) []PostingRecord {
	if len(ps) == 0 {
		return nil
	}
	var buf [512]byte
	var endsBuf [48]int
	b, ends := buf[:0], endsBuf[:0]
	for _, p := range ps {
		b = p.From.Append(b)
		ends = append(ends, len(b))
		b = p.To.Append(b)
		ends = append(ends, len(b))
		b = risk.AppendAmount(b, p.Amount)
		ends = append(ends, len(b))
	}
	s := string(b)
	out := make([]PostingRecord, len(ps))
	start := 0
	for i, p := range ps {
		e := ends[3*i : 3*i+3]
		out[i] = PostingRecord{From: s[start:e[0]], To: s[e[0]:e[1]], Amount: s[e[1]:e[2]], Currency: p.Currency}
		start = e[2]
	}
	return out
}

// setInput keeps the input's exact bytes: verbatim when they are one JSON
// value (known without a scan when the engine could read the envelope),
// base64 otherwise.
func (r *Record) setInput(raw []byte, knownJSON bool) {
	if knownJSON || json.Valid(raw) {
		r.Input = raw
		return
	}
	r.InputBytes = raw
}

// raw returns the input bytes to apply again on replay.
func (r *Record) raw() []byte {
	if r.Input != nil {
		return r.Input
	}
	return r.InputBytes
}

// Encode writes a record as one JSON object. It is written by hand
// because it runs for every input: the input's bytes go in verbatim (they
// were checked to be JSON when the record was built), where encoding/json
// would validate and compact them again.
func Encode(r *Record) ([]byte, error) {
	return AppendEncoded(make([]byte, 0, EncodedSizeHint(r)), r), nil
}

// EncodedSizeHint is about the size of r encoded.
func EncodedSizeHint(r *Record) int {
	return 256 + len(r.Input) + len(r.InputBytes)*4/3 + 96*len(r.Postings)
}

// AppendEncoded appends r encoded as Encode does (a journal that encodes
// a batch into one buffer). A sealed record is encoded from its fields
// here, not kept encoded since Seal: the bytes are the same (its hash
// covers its fields, not its bytes), and the journal's reused buffer
// spares a copy and an allocation per input.
func AppendEncoded(b []byte, r *Record) []byte {
	return appendUnsealed(b, r)
}

// appendUnsealed encodes r's members; prev is written whenever r is
// chained (a first record's "" included, as its hash covers it).
func appendUnsealed(b []byte, r *Record) []byte {
	b = append(b, `{"seq":`...)
	b = strconv.AppendInt(b, r.Seq, 10)
	b = appendField(b, "kind", r.Kind)
	if r.Epoch != 0 {
		b = append(b, `,"epoch":`...)
		b = strconv.AppendInt(b, r.Epoch, 10)
	}
	if r.Rules != 0 {
		b = append(b, `,"rules":`...)
		b = strconv.AppendInt(b, int64(r.Rules), 10)
	}
	if r.Input != nil {
		b = append(b, `,"input":`...)
		b = append(b, r.Input...)
	}
	if len(r.InputBytes) > 0 {
		b = append(b, `,"input_b64":"`...)
		b = base64.StdEncoding.AppendEncode(b, r.InputBytes)
		b = append(b, '"')
	}
	if r.InputSize != 0 {
		b = append(b, `,"input_size":`...)
		b = strconv.AppendInt(b, int64(r.InputSize), 10)
	}
	b = appendField(b, "input_sha256", r.InputSHA256)
	b = appendField(b, "source", r.Source)
	b = appendField(b, "imported_by", r.ImportedBy)
	b = appendField(b, "arrival", r.Arrival)
	if o := r.Origin; o != nil {
		b = append(b, `,"origin":{"topic":`...)
		b = appendJSONString(b, o.Topic)
		b = append(b, `,"partition":`...)
		b = strconv.AppendInt(b, int64(o.Partition), 10)
		b = append(b, `,"offset":`...)
		b = strconv.AppendInt(b, o.Offset, 10)
		b = append(b, '}')
	}
	b = appendField(b, "status", r.Status)
	if r.Transport {
		b = append(b, `,"transport_reject":true`...)
	}
	b = appendField(b, "code", r.Code)
	b = appendField(b, "message", r.Message)
	if len(r.Postings) > 0 {
		b = append(b, `,"postings":[`...)
		for i, p := range r.Postings {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"from":`...)
			b = appendJSONString(b, p.From)
			b = append(b, `,"to":`...)
			b = appendJSONString(b, p.To)
			b = append(b, `,"amount":`...)
			b = appendJSONString(b, p.Amount)
			b = append(b, `,"currency":`...)
			b = appendJSONString(b, p.Currency)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if r.Programs != nil {
		b = append(b, `,"programs":`...)
		b = append(b, r.Programs...)
	}
	if r.Hash != "" {
		b = append(b, `,"prev":`...)
		b = appendJSONString(b, r.Prev)
	}
	if r.Hash != "" {
		b = append(b, `,"hash":`...)
		b = appendJSONString(b, r.Hash)
	}
	return append(b, '}')
}

// appendField appends ,"name":"value" unless value is empty (omitempty).
func appendField(b []byte, name, value string) []byte {
	if value == "" {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendJSONString(b, value)
}

// appendJSONString appends s as a JSON string, escaping as encoding/json
// does except for HTML characters; invalid UTF-8 becomes U+FFFD. Runs that
// need no escape are copied whole: this runs for every field of every
// journaled record.
func appendJSONString(b []byte, s string) []byte { return appendString(b, s, false) }

// appendString is appendJSONString and, canonical, appendCanonicalString:
// the two escape ASCII alike and differ only beyond it, where the stored
// form escapes U+2028, U+2029 and U+FFFD (as encoding/json) and JCS writes
// them as UTF-8.
func appendString(b []byte, s string, canonical bool) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	clean := 0 // start of the run not yet copied
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = jcs.AppendEscape(append(b, s[clean:i]...), c)
			i++
			clean = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if canonical && r == utf8.RuneError && size == 1 {
			b = append(b, s[clean:i]...)
			b = append(b, "\uFFFD"...)
			i++
			clean = i
			continue
		}
		if !canonical && (r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029') {
			b = append(b, s[clean:i]...)
			if r == utf8.RuneError {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			}
			i += size
			clean = i
			continue
		}
		i += size
	}
	b = append(b, s[clean:]...)
	return append(b, '"')
}

// Decode reads a record written by Encode (or by encoding/json). A record
// that carries a hash must match it (checkHash): a record changed after it
// was written is refused here, whatever reads it.
func Decode(b []byte) (Record, error) {
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("decode journal record: %w", err)
	}
	if r.Hash != "" {
		if err := checkHash(&r, b); err != nil {
			return r, err
		}
	}
	return r, nil
}

// Raw returns the input's bytes as the engine received them.
func (r *Record) Raw() []byte { return r.raw() }
