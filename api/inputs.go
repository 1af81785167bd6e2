package api

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

// IdempotencyKeyBytesMax bounds the Idempotency-Key header.
const IdempotencyKeyBytesMax = 255

// atMemoryMax is how many client-chosen input ids the API remembers the
// `at` of, so that a retry sends byte-identical content.
const atMemoryMax = 10_000

// apiInput is an input the API builds itself for finance and admin
// actions, in the envelope of SPEC §4.
type apiInput struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Source  string `json:"source"`
	Program string `json:"program,omitempty"`
	Fund    string `json:"fund,omitempty"`
	At      string `json:"at"`
	Data    any    `json:"data"`
}

// Result is what became of one input, as POST /v1/events and the action
// endpoints report it.
type Result struct {
	ID      string `json:"id"`
	Status  string `json:"status"` // applied, duplicate, rejected
	Code    string `json:"code"`   // the reject code; for a duplicate, the original's
	Message string `json:"message"`
}

func resultOf(out ledger.Outcome) Result {
	r := Result{ID: out.ID, Status: out.Status.String(), Message: out.Message}
	if out.Code != ledger.CodeNone {
		r.Code = out.Code.String()
	}
	return r
}

// clientInputID is the id of an input built from a request: derived from
// the Idempotency-Key header ("idem-" and 32 hex digits of its SHA-256), or
// the body's id as given, or "" when neither is given (then a fresh id is
// made, unless required).
func clientInputID(r *http.Request, bodyID string, required bool) (string, error) {
	key := r.Header.Get("Idempotency-Key")
	switch {
	case key != "" && bodyID != "":
		return "", errorf(CodeBadRequest, "give either an Idempotency-Key header or a body id, not both")
	case len(key) > IdempotencyKeyBytesMax:
		return "", errorf(CodeBadRequest, "Idempotency-Key is longer than %d bytes", IdempotencyKeyBytesMax)
	case key != "":
		h := sha256.Sum256([]byte(key))
		return "idem-" + hex.EncodeToString(h[:16]), nil
	case bodyID != "":
		return bodyID, nil
	case required:
		return "", errorf(CodeBadRequest, "an Idempotency-Key header or a body id is required")
	}
	return "", nil
}

// submitInput submits one input of the caller (in: its type, its program
// or fund, its data), its id the client's (clientInputID: bodyID or the
// Idempotency-Key, required or not), and returns its outcome: the route
// answers with it and the document the input changed.
func (s *server) submitInput(r *http.Request, sub Subject, bodyID string, idRequired bool, in apiInput) (ledger.Outcome, error) {
	clientID, err := clientInputID(r, bodyID, idRequired)
	if err != nil {
		return ledger.Outcome{}, err
	}
	return s.submitOne(r, s.itemOf(sub, clientID, in))
}

// itemOf builds an input of the caller (source = the caller's subject).
// With a client id, the `at` of its first use is reused so that a retry is
// a duplicate with the original outcome, not an id_conflict.
func (s *server) itemOf(sub Subject, clientID string, in apiInput) journal.Item {
	source := sub.String()
	in.ID, in.Source = clientID, source
	if clientID == "" {
		in.ID = "api-" + rand.Text()
		in.At = s.cfg.Now().Format(time.RFC3339)
	} else {
		in.At = s.ats.stamp(source+"\x00"+clientID, s.cfg.Now)
	}
	raw, err := json.Marshal(in)
	if err != nil {
		panic("api: encode input: " + err.Error()) // plain types only: a bug
	}
	// The arrival is now, when the request was read (SPEC §4 "Dates").
	return journal.Item{Raw: raw, Meta: ledger.Meta{Source: source, Arrival: s.cfg.Now()}, Origin: &journal.Origin{Topic: "http"}}
}

// submitOne submits one input the API built and returns its outcome; a
// rejected input is the error to answer with.
func (s *server) submitOne(r *http.Request, it journal.Item) (ledger.Outcome, error) {
	outs, err := s.cfg.Submitter.Submit(r.Context(), []journal.Item{it})
	if err != nil {
		return ledger.Outcome{}, unavailable(r.Context(), "the engine", err)
	}
	if len(outs) != 1 {
		return ledger.Outcome{}, errorf(CodeInternal, "the engine answered %d outcomes for 1 input", len(outs))
	}
	s.metrics.countInputs(outs)
	// A rejected input, or a retry of one (a duplicate keeps the original's
	// code), fails the same way every time.
	if out := outs[0]; out.Status == ledger.StatusRejected || out.Code != ledger.CodeNone {
		return out, rejectError(out)
	}
	return outs[0], nil
}

// atMemory remembers the `at` stamped on recent client-chosen input ids,
// first in first out, at most max of them.
type atMemory struct {
	mu    sync.Mutex
	at    map[string]string
	order []string
	next  int
	max   int
}

func newAtMemory(max int) *atMemory {
	return &atMemory{at: map[string]string{}, max: max}
}

func (m *atMemory) stamp(key string, now func() time.Time) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if at, ok := m.at[key]; ok {
		return at
	}
	at := now().Format(time.RFC3339)
	if len(m.order) < m.max {
		m.order = append(m.order, key)
	} else {
		delete(m.at, m.order[m.next])
		m.order[m.next] = key
		m.next = (m.next + 1) % m.max
	}
	m.at[key] = at
	return at
}
