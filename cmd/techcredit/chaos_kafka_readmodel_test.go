package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
)

// readModelWithin bounds the wait for a read model to show a state: after
// Redis came back empty, a writer rebuilds it on its next probe (every
// second by default).
const readModelWithin = time.Minute

// waitReadModel polls, until within has passed, what the API at each base
// URL serves from its read model, and fails the test with the differences
// if it never equals the state document doc.
func waitReadModel(t *testing.T, bases []string, token string, doc []byte, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		var diffs []string
		var err error
		for _, base := range bases {
			var d []string
			if d, err = readModelDiffs(base, token, doc); err != nil {
				break
			}
			diffs = append(diffs, d...)
		}
		if err == nil && len(diffs) == 0 {
			return
		}
		if time.Now().After(deadline) {
			if err != nil {
				t.Fatalf("read model not readable within %s: %v", within, err)
			}
			const shown = 10
			t.Errorf("read model differs from the state after %s (%d differences, first %d):\n%s",
				within, len(diffs), min(shown, len(diffs)), strings.Join(diffs[:min(shown, len(diffs))], "\n"))
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// readModelDiffs reads, through the API at base, every program, claim,
// loan and project (and guarantor when asked) of the state document doc
// and lists each document whose fields differ from the state's, to the
// cent, and each one missing or extra.
func readModelDiffs(base, token string, doc []byte) ([]string, error) {
	st, err := ledger.UnmarshalState(doc)
	if err != nil {
		return nil, err
	}
	client := &http.Client{Timeout: 10 * time.Second}
	get := func(path string, v any) (int, error) {
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
		if err != nil {
			return 0, err
		}
		if resp.StatusCode != http.StatusOK {
			return resp.StatusCode, nil
		}
		return resp.StatusCode, json.Unmarshal(body, v)
	}
	var diffs []string
	compare := func(kind string, want, got map[string][]byte) {
		for id, w := range want {
			g, ok := got[id]
			switch {
			case !ok:
				diffs = append(diffs, fmt.Sprintf("%s %s: %s missing from the read model", base, kind, id))
			case !bytes.Equal(g, w):
				diffs = append(diffs, fmt.Sprintf("%s %s %s:\n  read model %s\n  state      %s", base, kind, id, g, w))
			}
		}
		for id := range got {
			if _, ok := want[id]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s %s: %s in the read model, not in the state", base, kind, id))
			}
		}
	}

	// Programs and guarantors one by one (a guarantor's document is, in the
	// Kafka mode, each partition's part merged); claims, loans and projects
	// page by page.
	for _, k := range []struct {
		kind string
		want map[string][]byte
		read func() (map[string][]byte, error)
	}{
		{"program", docsByID(st.Programs, func(p ledger.ProgramDoc) string { return p.ID }), func() (map[string][]byte, error) {
			return fetchedDocs(get, "program", "/v1/programs/", idsOf(st.Programs, func(p ledger.ProgramDoc) string { return p.ID }),
				func(v ledger.ProgramView) any { return v.ProgramDoc })
		}},
		{"claim", docsByID(st.Claims, func(c ledger.ClaimDoc) string { return c.ID }), func() (map[string][]byte, error) {
			return listedDocs(get, "/v1/claims", "claims", func(v ledger.ClaimView) (string, any) { return v.ID, v.ClaimDoc })
		}},
		{"loan", docsByID(st.Loans, func(l ledger.LoanDoc) string { return l.ID }), func() (map[string][]byte, error) {
			return listedDocs(get, "/v1/loans", "loans", func(v ledger.LoanView) (string, any) { return v.ID, v.LoanDoc })
		}},
		{"project", docsByID(st.Projects, func(p ledger.ProjectDoc) string { return p.ID }), func() (map[string][]byte, error) {
			return listedDocs(get, "/v1/pipeline", "projects", func(v ledger.ProjectView) (string, any) { return v.ID, v.ProjectDoc })
		}},
		{"guarantor", docsByID(st.Guarantors, func(g ledger.GuarantorDoc) string { return g.ID }), func() (map[string][]byte, error) {
			return fetchedDocs(get, "guarantor", "/v1/guarantors/", idsOf(st.Guarantors, func(g ledger.GuarantorDoc) string { return g.ID }),
				func(v ledger.GuarantorDoc) any { return v })
		}},
	} {
		got, err := k.read()
		if err != nil {
			return nil, err
		}
		compare(k.kind, k.want, got)
	}
	return diffs, nil
}

// idsOf lists the ids of a state's documents.
func idsOf[D any](docs []D, id func(D) string) []string {
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = id(d)
	}
	return ids
}

// docsByID is a state's documents by id, as JSON.
func docsByID[D any](docs []D, id func(D) string) map[string][]byte {
	out := map[string][]byte{}
	for _, d := range docs {
		out[id(d)] = mustJSON(d)
	}
	return out
}

// fetchedDocs reads each id's view at path+id and keeps the document it
// holds (doc), as JSON; an id the read model answers 404 for is left out.
func fetchedDocs[V any](get func(string, any) (int, error), kind, path string, ids []string, doc func(V) any) (map[string][]byte, error) {
	got := map[string][]byte{}
	for _, id := range ids {
		var v V
		status, err := get(path+url.PathEscape(id), &v)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", kind, id, err)
		}
		if status == http.StatusOK {
			got[id] = mustJSON(doc(v))
		} else if status != http.StatusNotFound {
			return nil, fmt.Errorf("GET %s %s: status %d", kind, id, status)
		}
	}
	return got, nil
}

// listedDocs reads every view of a list endpoint, whose pages hold them
// in member, and keeps the document each holds (doc) by its id, as JSON.
func listedDocs[V any](get func(string, any) (int, error), path, member string, doc func(V) (string, any)) (map[string][]byte, error) {
	got := map[string][]byte{}
	err := pages(get, path, func(raw json.RawMessage) (*string, error) {
		var page struct {
			NextAfter *string `json:"next_after"`
		}
		var members map[string]json.RawMessage
		if err := errors.Join(json.Unmarshal(raw, &page), json.Unmarshal(raw, &members)); err != nil {
			return nil, err
		}
		var views []V
		if m, ok := members[member]; ok {
			if err := json.Unmarshal(m, &views); err != nil {
				return nil, err
			}
		}
		for _, v := range views {
			id, d := doc(v)
			got[id] = mustJSON(d)
		}
		return page.NextAfter, nil
	})
	return got, err
}

// pages reads a list endpoint to its end, 500 documents a page; each
// page's body goes to read, which returns the cursor of the next page.
func pages(get func(string, any) (int, error), path string, read func(json.RawMessage) (*string, error)) error {
	after := ""
	for range 10_000 {
		var raw json.RawMessage
		status, err := get(path+"?limit=500&after="+url.QueryEscape(after), &raw)
		if err != nil {
			return fmt.Errorf("GET %s: %w", path, err)
		}
		if status != http.StatusOK {
			return fmt.Errorf("GET %s: status %d", path, status)
		}
		next, err := read(raw)
		if err != nil {
			return fmt.Errorf("GET %s: %w", path, err)
		}
		if next == nil {
			return nil
		}
		after = *next
	}
	return fmt.Errorf("GET %s: more than 10000 pages", path)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain documents: a bug
	}
	return b
}
