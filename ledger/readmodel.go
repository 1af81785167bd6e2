package ledger

import (
	"context"
	"slices"
	"sort"
	"sync"
)

// ListLimitMax bounds one page of a list.
const ListLimitMax = 500

// ClaimQuery filters and pages claims; lists are sorted by id and After is
// the cursor (the last id of the previous page).
type ClaimQuery struct {
	Status  string
	Program string
	After   string
	Limit   int
}

// LoanQuery pages loans, optionally of one bank only.
type LoanQuery struct {
	Bank  string
	After string
	Limit int
}

// ProjectQuery filters and pages the pipeline.
type ProjectQuery struct {
	Sector string
	Stage  string
	After  string
	Limit  int
}

// MemoryViews is the in-memory read model of the embedded default: the
// documents the writer last published, safe for concurrent readers.
type MemoryViews struct {
	mu         sync.RWMutex
	programs   sortedDocs[ProgramView]
	claims     sortedDocs[ClaimView]
	loans      sortedDocs[LoanView]
	guarantors sortedDocs[GuarantorDoc]
	projects   sortedDocs[ProjectView]
	// guarantorParts holds each guarantor's document per partition; the
	// merged one is in guarantors.
	guarantorParts map[string]map[string]GuarantorDoc
}

// NewMemoryViews returns an empty read model.
func NewMemoryViews() *MemoryViews {
	return &MemoryViews{}
}

// Put stores a batch of refreshed documents.
func (m *MemoryViews) Put(_ context.Context, v Views) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, d := range v.Programs {
		m.programs.put(d.ID, d)
	}
	for _, d := range v.Claims {
		m.claims.put(d.ID, d)
	}
	for _, d := range v.Loans {
		m.loans.put(d.ID, d)
	}
	for _, d := range v.Guarantors {
		if m.guarantorParts == nil {
			m.guarantorParts = map[string]map[string]GuarantorDoc{}
		}
		parts := m.guarantorParts[d.ID]
		if parts == nil {
			parts = map[string]GuarantorDoc{}
			m.guarantorParts[d.ID] = parts
		}
		parts[d.Partition] = d
		all := make([]GuarantorDoc, 0, len(parts))
		for _, p := range parts {
			all = append(all, p)
		}
		m.guarantors.put(d.ID, MergeGuarantorDocs(all))
	}
	for _, d := range v.Projects {
		m.projects.put(d.ID, d)
	}
	return nil
}

// Programs lists every program.
func (m *MemoryViews) Programs(_ context.Context) ([]ProgramView, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.programs.list("", 0, nil), nil
}

// Program returns one program.
func (m *MemoryViews) Program(_ context.Context, id string) (ProgramView, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	d, ok := m.programs.get(id)
	return d, ok, nil
}

// Claims lists claims matching q.
func (m *MemoryViews) Claims(_ context.Context, q ClaimQuery) ([]ClaimView, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.claims.list(q.After, q.Limit, func(c *ClaimView) bool {
		return (q.Status == "" || c.Status == q.Status) && (q.Program == "" || c.Program == q.Program)
	}), nil
}

// Claim returns one claim.
func (m *MemoryViews) Claim(_ context.Context, id string) (ClaimView, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	d, ok := m.claims.get(id)
	return d, ok, nil
}

// Loans lists loans matching q.
func (m *MemoryViews) Loans(_ context.Context, q LoanQuery) ([]LoanView, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.loans.list(q.After, q.Limit, func(l *LoanView) bool { return q.Bank == "" || l.Bank == q.Bank }), nil
}

// Loan returns one loan.
func (m *MemoryViews) Loan(_ context.Context, id string) (LoanView, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	d, ok := m.loans.get(id)
	return d, ok, nil
}

// Guarantor returns one guarantor.
func (m *MemoryViews) Guarantor(_ context.Context, id string) (GuarantorDoc, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	d, ok := m.guarantors.get(id)
	return d, ok, nil
}

// Projects lists pipeline projects matching q.
func (m *MemoryViews) Projects(_ context.Context, q ProjectQuery) ([]ProjectView, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.projects.list(q.After, q.Limit, func(p *ProjectView) bool {
		return (q.Sector == "" || p.Sector == q.Sector) && (q.Stage == "" || p.Stage == q.Stage)
	}), nil
}

// Project returns one project.
func (m *MemoryViews) Project(_ context.Context, id string) (ProjectView, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	d, ok := m.projects.get(id)
	return d, ok, nil
}

// sortedDocs keeps documents by id with the ids in order, for cursor pages.
// The ids are held in chunks of at most docChunkMax, each sorted and all in
// order: a new id moves the ids after it in its chunk only, where one
// sorted slice would move half of them, a copy that grows with the number
// of loans for every new loan.
type sortedDocs[T any] struct {
	chunks [][]string // non-empty, each sorted, every id above those of the chunk before
	docs   map[string]T
}

const docChunkMax = 512

func (s *sortedDocs[T]) put(id string, d T) {
	if s.docs == nil {
		s.docs = map[string]T{}
	}
	if _, ok := s.docs[id]; !ok {
		s.insert(id)
	}
	s.docs[id] = d
}

// insert adds an id that is not there yet.
func (s *sortedDocs[T]) insert(id string) {
	if len(s.chunks) == 0 {
		s.chunks = [][]string{append(make([]string, 0, docChunkMax), id)}
		return
	}
	// The first chunk whose last id is above id, else the last chunk.
	ci := min(s.chunkOf(id), len(s.chunks)-1)
	c := s.chunks[ci]
	i := sort.SearchStrings(c, id)
	if len(c) == docChunkMax {
		if ci == len(s.chunks)-1 && i == len(c) {
			// Past the last id, as with ids issued in order: a new chunk,
			// leaving the full one full.
			s.chunks = append(s.chunks, append(make([]string, 0, docChunkMax), id))
			return
		}
		// Split the full chunk in two halves and insert into the right one.
		upper := append(make([]string, 0, docChunkMax), c[docChunkMax/2:]...)
		clear(c[docChunkMax/2:])
		c = c[:docChunkMax/2]
		s.chunks[ci] = c
		s.chunks = slices.Insert(s.chunks, ci+1, upper)
		if i > len(c) {
			ci, c, i = ci+1, upper, i-len(c)
		}
	}
	c = slices.Insert(c, i, id)
	s.chunks[ci] = c
}

// chunkOf returns the index of the first chunk whose last id is not below
// id: the chunk that holds it or would; len(s.chunks) when id is past all.
func (s *sortedDocs[T]) chunkOf(id string) int {
	return sort.Search(len(s.chunks), func(i int) bool {
		c := s.chunks[i]
		return c[len(c)-1] >= id
	})
}

func (s *sortedDocs[T]) get(id string) (T, bool) {
	d, ok := s.docs[id]
	return d, ok
}

// list returns up to limit documents (ListLimitMax when limit is 0 or
// above it) with ids after the cursor that match keep (nil keeps all).
func (s *sortedDocs[T]) list(after string, limit int, keep func(*T) bool) []T {
	if limit <= 0 || limit > ListLimitMax {
		limit = ListLimitMax
	}
	out := []T{}
	ci, i := 0, 0
	if after != "" {
		ci = s.chunkOf(after)
		if ci < len(s.chunks) {
			c := s.chunks[ci]
			i = sort.SearchStrings(c, after)
			if i < len(c) && c[i] == after {
				i++
			}
		}
	}
	for ; ci < len(s.chunks) && len(out) < limit; ci, i = ci+1, 0 {
		c := s.chunks[ci]
		for ; i < len(c) && len(out) < limit; i++ {
			d := s.docs[c[i]]
			if keep == nil || keep(&d) {
				out = append(out, d)
			}
		}
	}
	return out
}
