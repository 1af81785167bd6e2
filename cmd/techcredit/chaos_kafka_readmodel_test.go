package main

import (
	"bytes"
	"encoding/json"
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

	// Programs, one by one.
	want, got := map[string][]byte{}, map[string][]byte{}
	for _, p := range st.Programs {
		want[p.ID] = mustJSON(p)
		var v ledger.ProgramView
		status, err := get("/v1/programs/"+url.PathEscape(p.ID), &v)
		if err != nil {
			return nil, fmt.Errorf("program %s: %w", p.ID, err)
		}
		if status == http.StatusOK {
			got[p.ID] = mustJSON(v.ProgramDoc)
		} else if status != http.StatusNotFound {
			return nil, fmt.Errorf("GET program %s: status %d", p.ID, status)
		}
	}
	compare("program", want, got)

	// Claims, loans and projects, page by page.
	want, got = map[string][]byte{}, map[string][]byte{}
	for _, c := range st.Claims {
		want[c.ID] = mustJSON(c)
	}
	err = pages(get, "/v1/claims", func(raw json.RawMessage) (*string, error) {
		var page struct {
			Claims    []ledger.ClaimView `json:"claims"`
			NextAfter *string            `json:"next_after"`
		}
		err := json.Unmarshal(raw, &page)
		for _, c := range page.Claims {
			got[c.ID] = mustJSON(c.ClaimDoc)
		}
		return page.NextAfter, err
	})
	if err != nil {
		return nil, err
	}
	compare("claim", want, got)

	want, got = map[string][]byte{}, map[string][]byte{}
	for _, l := range st.Loans {
		want[l.ID] = mustJSON(l)
	}
	err = pages(get, "/v1/loans", func(raw json.RawMessage) (*string, error) {
		var page struct {
			Loans     []ledger.LoanView `json:"loans"`
			NextAfter *string           `json:"next_after"`
		}
		err := json.Unmarshal(raw, &page)
		for _, l := range page.Loans {
			got[l.ID] = mustJSON(l.LoanDoc)
		}
		return page.NextAfter, err
	})
	if err != nil {
		return nil, err
	}
	compare("loan", want, got)

	want, got = map[string][]byte{}, map[string][]byte{}
	for _, p := range st.Projects {
		want[p.ID] = mustJSON(p)
	}
	err = pages(get, "/v1/pipeline", func(raw json.RawMessage) (*string, error) {
		var page struct {
			Projects  []ledger.ProjectView `json:"projects"`
			NextAfter *string              `json:"next_after"`
		}
		err := json.Unmarshal(raw, &page)
		for _, p := range page.Projects {
			got[p.ID] = mustJSON(p.ProjectDoc)
		}
		return page.NextAfter, err
	})
	if err != nil {
		return nil, err
	}
	compare("project", want, got)

	// Guarantors: in the Kafka mode each partition's part, merged.
	want, got = map[string][]byte{}, map[string][]byte{}
	for _, g := range st.Guarantors {
		want[g.ID] = mustJSON(g)
		var v ledger.GuarantorDoc
		status, err := get("/v1/guarantors/"+url.PathEscape(g.ID), &v)
		if err != nil {
			return nil, fmt.Errorf("guarantor %s: %w", g.ID, err)
		}
		if status == http.StatusOK {
			got[g.ID] = mustJSON(v)
		} else if status != http.StatusNotFound {
			return nil, fmt.Errorf("GET guarantor %s: status %d", g.ID, status)
		}
	}
	compare("guarantor", want, got)
	return diffs, nil
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
