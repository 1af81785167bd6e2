package readmodel

import (
	"context"
	"sync"

	"github.com/techcredit/techcredit/ledger"
)

// Memory is the in-memory read model of the embedded default: the
// documents the writers last published, safe for concurrent readers. It
// is both ends: a Store the writers publish into and a Reader the API
// serves from. Every filtered list has an index, and a reader holds the
// lock only to pick its page's documents (a pointer each), copying them
// after: the writer, which needs the lock alone to publish, is never kept
// waiting by a scan.
type Memory struct {
	mu          sync.RWMutex
	programs    table[ledger.ProgramView, struct{}]
	claims      table[ledger.ClaimView, claimKey]
	loans       table[ledger.LoanView, loanKey]
	projects    table[ledger.ProjectView, projectKey]
	filings     table[ledger.FilingView, filingKey]
	enterprises table[ledger.EnterpriseView, string]
	subsidies   table[ledger.SubsidyDoc, subsidyKey]
	funds       table[ledger.FundView, struct{}]
	guarantors  map[string]ledger.GuarantorDoc // merged from guarantorParts
	// guarantorParts holds each guarantor's document per partition.
	guarantorParts map[string]map[string]ledger.GuarantorDoc
}

// Memory is both ends of the read model.
var (
	_ Store          = (*Memory)(nil)
	_ PartitionStore = (*Memory)(nil)
	_ Reader         = (*Memory)(nil)
)

// NewMemory returns an empty read model.
func NewMemory() *Memory {
	return &Memory{
		programs: newTable(programKeys), claims: newSortedTable(claimKeys, claimSortKeys, claimSorted),
		loans: newSortedTable(loanKeys, loanSortKeys, nil), projects: newSortedTable(projectKeys, projectSortKeys, nil), filings: newSortedTable(filingKeys, filingSortKeys, nil),
		enterprises: newSortedTable(enterpriseKeys, enterpriseSortKeys, nil), subsidies: newSortedTable(subsidyKeys, subsidySortKeys, nil), funds: newTable(fundKeys), guarantors: map[string]ledger.GuarantorDoc{},
		guarantorParts: map[string]map[string]ledger.GuarantorDoc{},
	}
}

// ForPartition returns m itself: the documents of every partition share
// one store, and a guarantor's per-partition parts are told apart by
// their Partition field.
func (m *Memory) ForPartition(string) PartitionStore { return m }

// Put stores a batch of refreshed documents, all at once for readers.
// The documents are copied before the lock is taken: the lock is held for
// the indexes only.
func (m *Memory) Put(_ context.Context, v ledger.Views) error {
	programs, claims, loans, projects := boxes(v.Programs), boxes(v.Claims), boxes(v.Loans), boxes(v.Projects)
	filings, enterprises, subsidies, funds := boxes(v.Filings), boxes(v.Enterprises), boxes(v.Subsidies), boxes(v.Funds)
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, d := range programs {
		m.programs.put(d.ID, d)
	}
	for _, d := range claims {
		m.claims.put(d.ID, d)
	}
	for _, d := range loans {
		m.loans.put(d.ID, d)
	}
	for _, d := range v.Guarantors {
		m.putGuarantor(d)
	}
	for _, d := range projects {
		m.projects.put(d.ID, d)
	}
	for _, d := range filings {
		m.filings.put(d.Loan, d)
	}
	for _, d := range enterprises {
		m.enterprises.put(d.ID, d)
	}
	for _, d := range subsidies {
		m.subsidies.put(d.ID, d)
	}
	for _, d := range funds {
		m.funds.put(d.ID, d)
	}
	return nil
}

// boxes copies each document to a box of its own: stored documents are
// never changed, whatever the caller does with its batch, and one kept
// document keeps no other alive.
func boxes[T any](docs []T) []*T {
	out := make([]*T, len(docs))
	for i := range docs {
		d := docs[i]
		out[i] = &d
	}
	return out
}

func (m *Memory) putGuarantor(d ledger.GuarantorDoc) {
	parts := m.guarantorParts[d.ID]
	if parts == nil {
		parts = map[string]ledger.GuarantorDoc{}
		m.guarantorParts[d.ID] = parts
	}
	parts[d.Partition] = d
	all := make([]ledger.GuarantorDoc, 0, len(parts))
	for _, p := range parts {
		all = append(all, p)
	}
	m.guarantors[d.ID] = ledger.MergeGuarantorDocs(all)
}

// Rebuild stores every document: the same as Put, since memory loses
// nothing the writer does not know of.
func (m *Memory) Rebuild(ctx context.Context, v ledger.Views) error { return m.Put(ctx, v) }

// Ping always answers: memory is never away.
func (m *Memory) Ping(context.Context) error { return nil }

// Intact is always true: memory loses nothing while the process lives.
func (m *Memory) Intact(context.Context) (bool, error) { return true, nil }

// Programs lists every program, sorted by id.
func (m *Memory) Programs(context.Context) ([]ledger.ProgramView, error) {
	return listAll(m, &m.programs), nil
}

// Program returns one program.
func (m *Memory) Program(_ context.Context, id string) (ledger.ProgramView, bool, error) {
	return get(m, &m.programs, id)
}

// Claims lists claims matching q in the order q.Sort after q.After.
func (m *Memory) Claims(_ context.Context, q ClaimQuery) ([]ledger.ClaimView, error) {
	if q.OverdueOn == "" {
		return list(m, &m.claims, claimKeyOf(q), q.Sort, q.After, q.Limit), nil
	}
	// The overdue list is walked by id only (claimSorted).
	return listWhere(m, &m.claims, claimKeyOf(q), Sort{}, q.After, q.Limit, q.Overdue), nil
}

// Claim returns one claim.
func (m *Memory) Claim(_ context.Context, id string) (ledger.ClaimView, bool, error) {
	return get(m, &m.claims, id)
}

// Loans lists loans matching q in the order q.Sort after q.After.
func (m *Memory) Loans(_ context.Context, q LoanQuery) ([]ledger.LoanView, error) {
	return list(m, &m.loans, loanKeyOf(q), q.Sort, q.After, q.Limit), nil
}

// Loan returns one loan.
func (m *Memory) Loan(_ context.Context, id string) (ledger.LoanView, bool, error) {
	return get(m, &m.loans, id)
}

// Guarantor returns one guarantor, its partitions' parts merged.
func (m *Memory) Guarantor(_ context.Context, id string) (ledger.GuarantorDoc, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	d, ok := m.guarantors[id]
	return d, ok, nil
}

// Projects lists pipeline projects matching q, sorted by id after q.After.
func (m *Memory) Projects(_ context.Context, q ProjectQuery) ([]ledger.ProjectView, error) {
	return list(m, &m.projects, projectKey{q.Sector, q.Stage}, q.Sort, q.After, q.Limit), nil
}

// Project returns one project.
func (m *Memory) Project(_ context.Context, id string) (ledger.ProjectView, bool, error) {
	return get(m, &m.projects, id)
}

// list reads one page of an index. The read lock is held for the walk of
// the index only; the documents, which are never changed once stored, are
// copied after it is released, so that a reader keeps the writer waiting
// for no more than a pointer per document.
func list[T any, K comparable](m *Memory, t *table[T, K], k K, o Sort, after string, limit int) []T {
	ptrs := make([]*T, 0, pageLimit(limit))
	m.mu.RLock()
	ptrs = t.page(k, o, after, limit, ptrs)
	m.mu.RUnlock()
	return docsOf(ptrs)
}

// listWhere is list keeping only the documents keep accepts.
func listWhere[T any, K comparable](m *Memory, t *table[T, K], k K, o Sort, after string, limit int, keep func(*T) bool) []T {
	ptrs := make([]*T, 0, pageLimit(limit))
	m.mu.RLock()
	ptrs = t.pageWhere(k, o, after, limit, ptrs, keep)
	m.mu.RUnlock()
	return docsOf(ptrs)
}

// get reads one document: memory never fails, so the error is nil.
func get[T any, K comparable](m *Memory, t *table[T, K], id string) (T, bool, error) {
	m.mu.RLock()
	d := t.get(id)
	m.mu.RUnlock()
	if d == nil {
		var zero T
		return zero, false, nil
	}
	return *d, true, nil
}

// listAll reads every document of a table listed whole, in id order.
func listAll[T any, K comparable](m *Memory, t *table[T, K]) []T {
	m.mu.RLock()
	ptrs := t.all(make([]*T, 0, len(t.docs)))
	m.mu.RUnlock()
	return docsOf(ptrs)
}

// Filings lists filings matching q in the order q.Sort (by loan id unless
// told) after q.After. The year-end list walks the approved filings of
// q's bank and program.
func (m *Memory) Filings(_ context.Context, q FilingQuery) ([]ledger.FilingView, error) {
	if q.UnqualifiedIn == 0 {
		return list(m, &m.filings, filingKeyOf(q), q.Sort, q.After, q.Limit), nil
	}
	return listWhere(m, &m.filings, filingKeyOf(q), q.Sort, q.After, q.Limit, q.Unqualified), nil
}

// Enterprises lists registered enterprises (those q.Bank lends to, when
// set) in the order q.Sort after q.After.
func (m *Memory) Enterprises(_ context.Context, q EnterpriseQuery) ([]ledger.EnterpriseView, error) {
	return list(m, &m.enterprises, q.Bank, q.Sort, q.After, q.Limit), nil
}

// Enterprise returns one registered enterprise.
func (m *Memory) Enterprise(_ context.Context, id string) (ledger.EnterpriseView, bool, error) {
	return get(m, &m.enterprises, id)
}

// Subsidies lists interest subsidies matching q in the order q.Sort after
// q.After.
func (m *Memory) Subsidies(_ context.Context, q SubsidyQuery) ([]ledger.SubsidyDoc, error) {
	return list(m, &m.subsidies, subsidyKeyOf(q), q.Sort, q.After, q.Limit), nil
}

// Subsidy returns one interest subsidy.
func (m *Memory) Subsidy(_ context.Context, id string) (ledger.SubsidyDoc, bool, error) {
	return get(m, &m.subsidies, id)
}

// Funds lists every fund, sorted by id.
func (m *Memory) Funds(context.Context) ([]ledger.FundView, error) {
	return listAll(m, &m.funds), nil
}

// Fund returns one fund.
func (m *Memory) Fund(_ context.Context, id string) (ledger.FundView, bool, error) {
	return get(m, &m.funds, id)
}
