package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

// eventsResponse answers POST /v1/events: a result per input, in order.
type eventsResponse struct {
	Results    []Result `json:"results"`
	Applied    int      `json:"applied"`
	Duplicates int      `json:"duplicates"`
	Rejected   int      `json:"rejected"`
}

// postEvents takes one input (a JSON object), a JSON array of inputs, or
// NDJSON (Content-Type application/x-ndjson, blank lines skipped). A bank
// or guarantor sends as itself: the source of every input is its subject.
// An admin imports inputs of any source: each keeps its own source and the
// journal records the admin as the importer. Rejected inputs are results,
// not errors: the answer is 200 whenever the engine took the inputs.
func (s *server) postEvents(w http.ResponseWriter, r *http.Request, sub Subject) error {
	mt, err := mediaType(r)
	if err != nil {
		return err
	}
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	// The arrival is the server's clock when the request was read: an at
	// more than a day after it is bad_date (SPEC §4 "Dates").
	arrival := s.cfg.Now()
	var raws [][]byte
	switch mt {
	case "application/x-ndjson":
		raws = splitNDJSON(body)
	case "", "application/json":
		if raws, err = splitJSON(body); err != nil {
			return err
		}
	default:
		return errorf(CodeBadRequest, "Content-Type must be application/json or application/x-ndjson, not %s", mt)
	}
	if len(raws) > s.cfg.InputsPerRequestMax {
		return errorf(CodeTooManyInputs, "%d inputs, above the limit of %d per request", len(raws), s.cfg.InputsPerRequestMax)
	}
	items := make([]journal.Item, len(raws))
	for i, raw := range raws {
		items[i] = journal.Item{Raw: raw, Origin: &journal.Origin{Topic: "http", Offset: int64(i)}}
		if sub.Role == RoleAdmin {
			// The engine judges what the import may carry; the journal keeps
			// the importer with the input.
			items[i].Meta = ledger.Meta{ImportedBy: sub.String(), Arrival: arrival}
		} else {
			items[i].Meta = ledger.Meta{Source: sub.String(), Arrival: arrival}
		}
	}
	resp := eventsResponse{Results: make([]Result, 0, len(items))}
	if len(items) > 0 {
		outs, err := s.cfg.Submitter.Submit(r.Context(), items)
		if err != nil {
			return unavailable(r.Context(), "the engine", err)
		}
		s.metrics.countInputs(outs)
		for _, out := range outs {
			resp.Results = append(resp.Results, resultOf(out))
			switch out.Status {
			case ledger.StatusApplied:
				resp.Applied++
			case ledger.StatusDuplicate:
				resp.Duplicates++
			default:
				resp.Rejected++
			}
		}
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// splitNDJSON returns the non-blank lines of an NDJSON body.
func splitNDJSON(body []byte) [][]byte {
	var raws [][]byte
	for _, line := range bytes.Split(body, []byte("\n")) {
		if line = bytes.TrimSpace(line); len(line) > 0 {
			raws = append(raws, line)
		}
	}
	return raws
}

// splitJSON returns the elements of a JSON array, or the body itself as
// one input. A body that is not JSON is one input too: the engine rejects
// and journals it (bad_json), so nothing is dropped silently.
func splitJSON(body []byte) ([][]byte, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, errorf(CodeBadRequest, "the body is empty: send an input, an array of inputs or NDJSON")
	}
	if trimmed[0] != '[' {
		return [][]byte{trimmed}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	var elems []json.RawMessage
	if err := dec.Decode(&elems); err != nil {
		return nil, errorf("bad_json", "the body is not a JSON array of inputs: %v", err)
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		return nil, errorf("bad_json", "data after the JSON array")
	}
	raws := make([][]byte, len(elems))
	for i, e := range elems {
		raws[i] = e
	}
	return raws, nil
}
