package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

// Document kinds, as they appear in keys.
const (
	kindProgram = "program"
	kindClaim   = "claim"
	kindLoan    = "loan"
	kindProject = "project"
	// Since filing (SPEC §10); a filing's id is its loan's.
	kindFiling     = "filing"
	kindEnterprise = "enterprise"
	// Since the transformation fund (SPEC §13).
	kindFund = "fund"
)

func (s *Store) docKey(kind string) string { return s.k("doc:" + kind) }
func (s *Store) idsKey(kind string) string { return s.k("ids:" + kind) }

// claimIndexKey is the set of the claims of one bank, program and status,
// an empty one meaning any: every combination a ClaimQuery can ask has its
// set, so that a page is one ZRANGE, never a scan. With no bank the keys
// are those of the first layout (ids:claim:program:<p>:status:<s>).
func (s *Store) claimIndexKey(bank, program, status string) string {
	return s.claimBorrowerKey(bank, "", program, status)
}

// claimBorrowerKey is claimIndexKey with a borrower (an enterprise's
// claims), which combines with bank and status only
// (readmodel.ClaimFilterIndexed).
func (s *Store) claimBorrowerKey(bank, borrower, program, status string) string {
	return s.indexKey(kindClaim, "bank", bank, "borrower", borrower, "program", program, "status", status)
}

// indexKey is the set ids:<kind> of the documents of some filters: each
// filter given as a name and a value, and one with a value appended as
// :<name>:<value>, in the order given (no filter: every document).
func (s *Store) indexKey(kind string, filters ...string) string {
	key := "ids:" + kind
	for i := 0; i+1 < len(filters); i += 2 {
		if filters[i+1] != "" {
			key += ":" + filters[i] + ":" + esc(filters[i+1])
		}
	}
	return s.k(key)
}

// loanIndexKey is the set of the loans of one bank, guarantor and
// borrower, an empty one meaning any (every combination a LoanQuery can
// ask has its set). A bank's alone keeps the first layout
// (ids:loan:bank:<b>); with none it is the set of every loan.
func (s *Store) loanIndexKey(bank, guarantor, borrower string) string {
	return s.indexKey(kindLoan, "bank", bank, "guarantor", guarantor, "borrower", borrower)
}

// loanStatusKey is the set of the loans of one status and bank and
// guarantor (empty: any); a status does not combine with a borrower
// (readmodel.LoanFilterIndexed).
func (s *Store) loanStatusKey(bank, guarantor, status string) string {
	return s.loanIndexKey(bank, guarantor, "") + ":status:" + esc(status)
}

// loanStatuses are every loan status, for moving a loan between sets.
var loanStatuses = statusNames(ledger.LoanPerforming, ledger.LoanClosed) // LoanClosed is the last

// statusNames are the names of the statuses first to last.
func statusNames[S interface {
	~uint8
	String() string
}](first, last S) []string {
	var out []string
	for st := first; st <= last; st++ {
		out = append(out, st.String())
	}
	return out
}

// indexLoan puts a loan in the sets of its bank, guarantor and borrower
// (none of which changes once it is disbursed), in those of its status
// with its bank and guarantor, out of those of every other status, and
// in every set's companions at its positions (sorted.go).
// A loan placed with the same positions and status is not written again,
// but on a rebuild (all).
func (s *Store) indexLoan(w *writeSet, d *ledger.LoanView, old positions, all bool) {
	pos := positionsOf(func(by readmodel.SortBy) string { return readmodel.LoanPosition(d, by) }, d.Status)
	if !w.placed(s.posKey(kindLoan), d.ID, pos, old, all) {
		return
	}
	guarantors := []string{""}
	if d.Guarantor != "" {
		guarantors = append(guarantors, d.Guarantor)
	}
	for _, bank := range []string{"", d.Bank} {
		for _, g := range guarantors {
			for _, st := range loanStatuses {
				if st == d.Status || old.mayBeIn(st) {
					w.place(s.loanStatusKey(bank, g, st), d.ID, st == d.Status, pos, old)
				}
			}
		}
	}
	for mask := 0; mask < 8; mask++ {
		var bank, guarantor, borrower string
		if mask&1 != 0 {
			bank = d.Bank
		}
		if mask&2 != 0 {
			if d.Guarantor == "" {
				continue
			}
			guarantor = d.Guarantor
		}
		if mask&4 != 0 {
			borrower = d.Borrower
		}
		w.place(s.loanIndexKey(bank, guarantor, borrower), d.ID, true, pos, old)
	}
}

// claimDueKey is the set of the claims of one bank and program (empty:
// any) that have a current deadline: open claims under review.
func (s *Store) claimDueKey(bank, program string) string {
	return s.claimIndexKey(bank, program, "") + ":due"
}

// projectIndexes is the number of index sets a project is in.
const projectIndexes = 3

func (s *Store) projectIndexKeys(sector, stage string) []string {
	return []string{
		s.k("ids:project:sector:" + esc(sector)),
		s.k("ids:project:stage:" + esc(stage)),
		s.k("ids:project:sector:" + esc(sector) + ":stage:" + esc(stage)),
	}
}

// claimStatuses are every claim status, for moving a claim between sets.
var claimStatuses = statusNames(ledger.ClaimPending, ledger.ClaimSubmitted) // ClaimSubmitted is the last

// writeSet is one MULTI/EXEC worth of writes, grouped by key so that a
// chunk of documents costs a few commands, not a few per document.
type writeSet struct {
	hset     map[string][]any // hash key → field, value, field, value ...
	zadd     map[string][]string
	zrem     map[string][]string
	projects [][]any // script arguments: id, json, index keys ...
	docs     int
	// checkAlive and setAlive name a partition's marker key to check or
	// to set in this round trip.
	checkAlive, setAlive string
}

func newWriteSet() *writeSet {
	return &writeSet{hset: map[string][]any{}, zadd: map[string][]string{}, zrem: map[string][]string{}}
}

func (w *writeSet) doc(hash, id string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", id, err)
	}
	w.hset[hash] = append(w.hset[hash], id, b)
	w.docs++
	return nil
}

func (w *writeSet) add(key, id string) { w.zadd[key] = append(w.zadd[key], id) }
func (w *writeSet) rem(key, id string) { w.zrem[key] = append(w.zrem[key], id) }

// ErrReadModelLost is returned by a partition's Put when its documents
// were lost since its last rebuild (Redis restarted without persistence,
// or was flushed): the runner then rebuilds them.
var ErrReadModelLost = errors.New("redis read model lost its documents since the last rebuild")

// Put stores a batch of refreshed documents: one MULTI/EXEC round trip per
// PutChunkMax documents, each within WriteTimeout. Readers see a chunk
// whole or not at all.
func (s *Store) Put(ctx context.Context, v ledger.Views) error {
	return s.put(ctx, v, "", "")
}

// put writes documents; with checkAlive, the first chunk also checks that
// the marker key exists (ErrReadModelLost when not); with setAlive, the
// first chunk sets it.
func (s *Store) put(ctx context.Context, v ledger.Views, checkAlive, setAlive string) error {
	// A rebuild writes every index entry again, unchanged or not.
	rebuild := setAlive != ""
	claims, loans := lastByID(v.Claims, claimID), lastByID(v.Loans, loanID)
	filings, subsidies, enterprises := lastByID(v.Filings, filingID), lastByID(v.Subsidies, subsidyID),
		lastByID(v.Enterprises, enterpriseID)
	old, err := s.oldPositions(ctx, map[string][]string{kindClaim: idsOf(claims, claimID), kindLoan: idsOf(loans, loanID),
		kindFiling: idsOf(filings, filingID), kindSubsidy: idsOf(subsidies, subsidyID),
		kindEnterprise: idsOf(enterprises, enterpriseID)})
	if err != nil {
		return err
	}
	w := newWriteSet()
	lost := false
	flush := func() error {
		if w.docs == 0 && setAlive == "" {
			return nil
		}
		w.checkAlive, w.setAlive = checkAlive, setAlive
		gone, err := s.exec(ctx, w)
		lost = lost || gone
		checkAlive, setAlive = "", ""
		w = newWriteSet()
		return err
	}
	step := func(err error) error {
		if err != nil {
			return err
		}
		if w.docs >= s.cfg.PutChunkMax {
			return flush()
		}
		return nil
	}
	for _, d := range lastByID(v.Programs, func(d *ledger.ProgramView) string { return d.ID }) {
		w.add(s.idsKey(kindProgram), d.ID)
		if err := step(w.doc(s.docKey(kindProgram), d.ID, d)); err != nil {
			return err
		}
	}
	for _, d := range lastByID(v.Funds, func(d *ledger.FundView) string { return d.ID }) {
		w.add(s.idsKey(kindFund), d.ID)
		if err := step(w.doc(s.docKey(kindFund), d.ID, d)); err != nil {
			return err
		}
	}
	for _, d := range claims {
		s.indexClaim(w, &d, old[kindClaim][d.ID], rebuild)
		if err := step(w.doc(s.docKey(kindClaim), d.ID, d)); err != nil {
			return err
		}
	}
	for _, d := range loans {
		s.indexLoan(w, &d, old[kindLoan][d.ID], rebuild) // ids:loan is its set of no filter
		if err := step(w.doc(s.docKey(kindLoan), d.ID, d)); err != nil {
			return err
		}
	}
	for _, d := range filings {
		s.indexFiling(w, &d, old[kindFiling][d.Loan], rebuild)
		if err := step(w.doc(s.docKey(kindFiling), d.Loan, d)); err != nil {
			return err
		}
	}
	for _, d := range enterprises {
		s.indexEnterprise(w, &d, old[kindEnterprise][d.ID])
		if err := step(w.doc(s.docKey(kindEnterprise), d.ID, d)); err != nil {
			return err
		}
	}
	for _, d := range subsidies {
		s.indexSubsidy(w, &d, old[kindSubsidy][d.ID], rebuild)
		if err := step(w.doc(s.docKey(kindSubsidy), d.ID, d)); err != nil {
			return err
		}
	}
	for _, d := range lastByID(v.Guarantors, func(d *ledger.GuarantorDoc) string { return d.ID }) {
		if err := step(w.doc(s.guarantorKey(d.ID), partField(d.Partition), d)); err != nil {
			return err
		}
	}
	for _, d := range lastByID(v.Projects, func(d *ledger.ProjectView) string { return d.ID }) {
		b, err := json.Marshal(d)
		if err != nil {
			return fmt.Errorf("encode %s: %w", d.ID, err)
		}
		args := s.projectPlaceArgs(&d, []any{d.ID, b})
		w.projects = append(w.projects, args)
		w.docs++
		if err := step(nil); err != nil {
			return err
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if lost {
		return ErrReadModelLost
	}
	return nil
}

// indexClaim puts a claim in the sets of every combination of its bank,
// program and status, and of its borrower with its bank and status, and
// takes it out of the sets of every other status (a claim keeps its bank,
// program and borrower: its id is program/loan); in every set but those of
// deadlines it is also placed at its positions in each order (sorted.go).
// Its deadline sets are written every time (a deadline is not among its
// positions); the others only when its positions or status changed, or
// on a rebuild (all).
func (s *Store) indexClaim(w *writeSet, d *ledger.ClaimView, old positions, all bool) {
	pos := positionsOf(func(by readmodel.SortBy) string { return readmodel.ClaimPosition(d, by) }, d.Status)
	due := d.ClaimReviewView != nil && d.DueBy != nil
	if !w.placed(s.posKey(kindClaim), d.ID, pos, old, all) {
		for _, bank := range []string{"", d.Bank} {
			for _, program := range []string{"", d.Program} {
				if due {
					w.add(s.claimDueKey(bank, program), d.ID)
				} else {
					w.rem(s.claimDueKey(bank, program), d.ID)
				}
			}
		}
		return
	}
	for _, bank := range []string{"", d.Bank} {
		for _, program := range []string{"", d.Program} {
			w.place(s.claimIndexKey(bank, program, ""), d.ID, true, pos, old)
			// The claims with a current deadline (idx:claim:due), what
			// ?overdue_on= walks, by id only.
			if due {
				w.add(s.claimDueKey(bank, program), d.ID)
			} else {
				w.rem(s.claimDueKey(bank, program), d.ID)
			}
			for _, st := range claimStatuses {
				if st == d.Status || old.mayBeIn(st) {
					w.place(s.claimIndexKey(bank, program, st), d.ID, st == d.Status, pos, old)
				}
			}
		}
		if d.Borrower == "" {
			continue
		}
		w.place(s.claimBorrowerKey(bank, d.Borrower, "", ""), d.ID, true, pos, old)
		for _, st := range claimStatuses {
			if st == d.Status || old.mayBeIn(st) {
				w.place(s.claimBorrowerKey(bank, d.Borrower, "", st), d.ID, st == d.Status, pos, old)
			}
		}
	}
}

// filingIndexKey is the set of the filings of one bank, program and
// status, an empty one meaning any, as claimIndexKey.
func (s *Store) filingIndexKey(bank, program, status string) string {
	return s.indexKey(kindFiling, "bank", bank, "program", program, "status", status)
}

func (s *Store) enterpriseBankKey(bank string) string { return s.k("ids:enterprise:bank:" + esc(bank)) }

// filingStatuses are the statuses a filing document can have.
var filingStatuses = []string{ledger.FilingPending.String(), ledger.FilingApproved.String(),
	ledger.FilingRejected.String(), ledger.FilingRevoked.String()}

// indexFiling puts a filing in the sets of every combination of its bank,
// program and status, and takes it out of those of every other status, at
// its positions in every order (sorted.go); as a loan, only when its
// positions or status changed, or on a rebuild (all).
func (s *Store) indexFiling(w *writeSet, d *ledger.FilingView, old positions, all bool) {
	pos := positionsOf(func(by readmodel.SortBy) string { return readmodel.FilingPosition(d, by) }, d.Status)
	if !w.placed(s.posKey(kindFiling), d.Loan, pos, old, all) {
		return
	}
	for _, bank := range []string{"", d.Bank} {
		for _, program := range []string{"", d.Program} {
			w.place(s.filingIndexKey(bank, program, ""), d.Loan, true, pos, old)
			for _, st := range filingStatuses {
				if st == d.Status || old.mayBeIn(st) {
					w.place(s.filingIndexKey(bank, program, st), d.Loan, st == d.Status, pos, old)
				}
			}
		}
	}
}

// indexEnterprise puts an enterprise in the set of every enterprise and
// in those of the banks lending to it (a bank keeps lending to it: its
// banks only grow), at its positions in every order. It is written every
// time: a new bank is no change of its positions.
func (s *Store) indexEnterprise(w *writeSet, d *ledger.EnterpriseView, old positions) {
	pos := positionsOf(func(by readmodel.SortBy) string { return readmodel.EnterprisePosition(d, by) }, "")
	w.placed(s.posKey(kindEnterprise), d.ID, pos, old, true)
	w.place(s.idsKey(kindEnterprise), d.ID, true, pos, old)
	for _, b := range d.Banks {
		w.place(s.enterpriseBankKey(b), d.ID, true, pos, old)
	}
}

// Filings lists filings matching q in the order q.Sort after q.After. The
// year-end list reads the approved filings page by page and keeps those
// whose borrower is not qualified.
func (s *Store) Filings(ctx context.Context, q readmodel.FilingQuery) ([]ledger.FilingView, error) {
	status := q.Status
	if q.UnqualifiedIn != 0 {
		status = ledger.FilingApproved.String()
	}
	index := s.filingIndexKey(q.Bank, q.Program, status)
	if q.UnqualifiedIn == 0 {
		return sortedList[ledger.FilingView](ctx, s, index, s.docKey(kindFiling), q.Sort, q.After, q.Limit)
	}
	limit := q.Limit
	if limit <= 0 || limit > readmodel.ListLimitMax {
		limit = readmodel.ListLimitMax
	}
	out := []ledger.FilingView{}
	for after := q.After; len(out) < limit; {
		page, err := sortedList[ledger.FilingView](ctx, s, index, s.docKey(kindFiling), q.Sort, after, readmodel.ListLimitMax)
		if err != nil {
			return nil, err
		}
		for i := range page {
			if q.Unqualified(&page[i]) && len(out) < limit {
				out = append(out, page[i])
			}
		}
		if len(page) < readmodel.ListLimitMax {
			break
		}
		after = readmodel.FilingPosition(&page[len(page)-1], q.Sort.By)
	}
	return out, nil
}

// Enterprises lists registered enterprises (those q.Bank lends to, when
// set) in the order q.Sort after q.After.
func (s *Store) Enterprises(ctx context.Context, q readmodel.EnterpriseQuery) ([]ledger.EnterpriseView, error) {
	index := s.idsKey(kindEnterprise)
	if q.Bank != "" {
		index = s.enterpriseBankKey(q.Bank)
	}
	return sortedList[ledger.EnterpriseView](ctx, s, index, s.docKey(kindEnterprise), q.Sort, q.After, q.Limit)
}

// Enterprise returns one registered enterprise.
func (s *Store) Enterprise(ctx context.Context, id string) (ledger.EnterpriseView, bool, error) {
	return get[ledger.EnterpriseView](ctx, s, kindEnterprise, id)
}

// The ids of the documents: a filing's is its loan's.
func claimID(d *ledger.ClaimView) string           { return d.ID }
func loanID(d *ledger.LoanView) string             { return d.ID }
func filingID(d *ledger.FilingView) string         { return d.Loan }
func subsidyID(d *ledger.SubsidyDoc) string        { return d.ID }
func enterpriseID(d *ledger.EnterpriseView) string { return d.ID }

// lastByID keeps the last document of each id (a batch may name a loan
// once per input), in first-seen order.
func lastByID[T any](docs []T, id func(*T) string) []T {
	if len(docs) < 2 {
		return docs
	}
	at := make(map[string]int, len(docs))
	out := make([]T, 0, len(docs))
	for i := range docs {
		k := id(&docs[i])
		if j, ok := at[k]; ok {
			out[j] = docs[i]
			continue
		}
		at[k] = len(out)
		out = append(out, docs[i])
	}
	return out
}

// projectScript stores projects and moves each between index sets and
// within their companions (sorted.go): it reads the members a project
// has (lines "key<TAB>member", or "key" for an id, as the first layout
// kept them), leaves those it no longer has, and joins the new ones. ARGV
// holds, per project, its id, its document and projectPlaces pairs of an
// index key and its member there; one call serves a whole chunk.
var projectScript = `
local n = ` + strconv.Itoa(projectPlaces) + `
for p = 1, #ARGV, 2 * n + 2 do
  local id = ARGV[p]
  redis.call('HSET', KEYS[1], id, ARGV[p + 1])
  redis.call('ZADD', KEYS[3], 0, id)
  local new, lines = {}, {}
  for i = p + 2, p + 2 * n, 2 do
    local line = ARGV[i] .. '\t' .. ARGV[i + 1]
    new[line] = true
    lines[#lines + 1] = line
  end
  local old = redis.call('HGET', KEYS[2], id)
  if old then
    for line in string.gmatch(old, '[^\n]+') do
      if not new[line] then
        local k, m = string.match(line, '^([^\t]*)\t(.*)$')
        if not k then k, m = line, id end
        redis.call('ZREM', k, m)
      end
    end
  end
  for i = p + 2, p + 2 * n, 2 do redis.call('ZADD', ARGV[i], 0, ARGV[i + 1]) end
  redis.call('HSET', KEYS[2], id, table.concat(lines, '\n'))
end
return 1
`

// projectPlaces is the number of members a project has in index sets:
// its sector's, its stage's and both's, in every order, and the set of
// every project in the orders but by id (ids:project, by id, is KEYS[3]).
const projectPlaces = projectIndexes*3 + 2

// projectPlaceArgs are a project's projectPlaces pairs of key and member.
func (s *Store) projectPlaceArgs(d *ledger.ProjectView, into []any) []any {
	orders := []readmodel.SortBy{readmodel.ByID, readmodel.ByAmount, readmodel.ByDate}
	for _, k := range s.projectIndexKeys(d.Sector, d.Stage) {
		for _, by := range orders {
			into = append(into, sortedKey(k, by), readmodel.ProjectPosition(d, by))
		}
	}
	for _, by := range orders[1:] {
		into = append(into, sortedKey(s.idsKey(kindProject), by), readmodel.ProjectPosition(d, by))
	}
	return into
}

// exec writes one chunk in one MULTI/EXEC; lost reports a missing
// checkAlive marker.
func (s *Store) exec(ctx context.Context, w *writeSet) (lost bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.WriteTimeout)
	defer cancel()
	var alive *redis.IntCmd
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		if w.checkAlive != "" {
			alive = p.Exists(ctx, w.checkAlive)
		}
		if w.setAlive != "" {
			p.Set(ctx, w.setAlive, time.Now().UTC().Format(time.RFC3339), 0)
		}
		for _, key := range slices.Sorted(maps.Keys(w.hset)) {
			p.HSet(ctx, key, w.hset[key]...)
		}
		for _, key := range slices.Sorted(maps.Keys(w.zrem)) {
			members := make([]any, len(w.zrem[key]))
			for i, m := range w.zrem[key] {
				members[i] = m
			}
			p.ZRem(ctx, key, members...)
		}
		for _, key := range slices.Sorted(maps.Keys(w.zadd)) {
			zs := make([]redis.Z, len(w.zadd[key]))
			for i, m := range w.zadd[key] {
				zs[i] = redis.Z{Member: m}
			}
			p.ZAdd(ctx, key, zs...)
		}
		if len(w.projects) > 0 {
			keys := []string{s.docKey(kindProject), s.k("idx:project"), s.idsKey(kindProject)}
			var args []any
			for _, a := range w.projects {
				args = append(args, a...)
			}
			p.Eval(ctx, projectScript, keys, args...)
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("redis read model put: %w", err)
	}
	return alive != nil && alive.Val() == 0, nil
}

// listScript pages a sorted set of ids after a cursor and returns the
// documents, in one round trip.
var listScript = redis.NewScript(`
local ids = redis.call('ZRANGE', KEYS[1], ARGV[1], '+', 'BYLEX', 'LIMIT', 0, tonumber(ARGV[2]))
if #ids == 0 then return {} end
return redis.call('HMGET', KEYS[2], unpack(ids))
`)

// list reads up to limit documents (ListLimitMax when 0 or above) of an
// index set, with ids after the cursor, within ReadTimeout.
func list[T any](ctx context.Context, s *Store, index, hash, after string, limit int) ([]T, error) {
	if limit <= 0 || limit > readmodel.ListLimitMax {
		limit = readmodel.ListLimitMax
	}
	start := "-"
	if after != "" {
		start = "(" + after
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ReadTimeout)
	defer cancel()
	res, err := listScript.Run(ctx, s.rdb, []string{index, hash}, start, limit).Slice()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("redis read model: %w", err)
	}
	return decodeDocs[T](res)
}

// decodeDocs decodes the documents a list script returned.
func decodeDocs[T any](res []any) ([]T, error) {
	out := make([]T, 0, len(res))
	for _, r := range res {
		str, ok := r.(string)
		if !ok {
			continue // indexed but not stored yet: cannot happen within one MULTI, skipped anyway
		}
		var d T
		if err := json.Unmarshal([]byte(str), &d); err != nil {
			return nil, fmt.Errorf("redis read model: damaged document: %w", err)
		}
		out = append(out, d)
	}
	return out, nil
}

// get reads one document; false when there is none.
func get[T any](ctx context.Context, s *Store, kind, id string) (T, bool, error) {
	var d T
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ReadTimeout)
	defer cancel()
	b, err := s.rdb.HGet(ctx, s.docKey(kind), id).Bytes()
	if errors.Is(err, redis.Nil) {
		return d, false, nil
	}
	if err != nil {
		return d, false, fmt.Errorf("redis read model: %w", err)
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return d, false, fmt.Errorf("redis read model: damaged document %s: %w", id, err)
	}
	return d, true, nil
}

// Programs lists every program, sorted by id.
func (s *Store) Programs(ctx context.Context) ([]ledger.ProgramView, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ReadTimeout)
	defer cancel()
	vals, err := s.rdb.HVals(ctx, s.docKey(kindProgram)).Result()
	if err != nil {
		return nil, fmt.Errorf("redis read model: %w", err)
	}
	out := make([]ledger.ProgramView, 0, len(vals))
	for _, v := range vals {
		var d ledger.ProgramView
		if err := json.Unmarshal([]byte(v), &d); err != nil {
			return nil, fmt.Errorf("redis read model: damaged program: %w", err)
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Funds lists every fund, sorted by id (a deployment has a few).
func (s *Store) Funds(ctx context.Context) ([]ledger.FundView, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ReadTimeout)
	defer cancel()
	vals, err := s.rdb.HVals(ctx, s.docKey(kindFund)).Result()
	if err != nil {
		return nil, fmt.Errorf("redis read model: %w", err)
	}
	out := make([]ledger.FundView, 0, len(vals))
	for _, v := range vals {
		var d ledger.FundView
		if err := json.Unmarshal([]byte(v), &d); err != nil {
			return nil, fmt.Errorf("redis read model: damaged fund: %w", err)
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Fund returns one fund.
func (s *Store) Fund(ctx context.Context, id string) (ledger.FundView, bool, error) {
	return get[ledger.FundView](ctx, s, kindFund, id)
}

// Program returns one program.
func (s *Store) Program(ctx context.Context, id string) (ledger.ProgramView, bool, error) {
	return get[ledger.ProgramView](ctx, s, kindProgram, id)
}

// Claims lists claims matching q in the order q.Sort after q.After.
func (s *Store) Claims(ctx context.Context, q readmodel.ClaimQuery) ([]ledger.ClaimView, error) {
	if q.OverdueOn == "" {
		index := s.claimBorrowerKey(q.Bank, q.Borrower, q.Program, q.Status)
		return sortedList[ledger.ClaimView](ctx, s, index, s.docKey(kindClaim), q.Sort, q.After, q.Limit)
	}
	// The overdue list walks the claims with a deadline of q's bank and
	// program, as the year-end filing list walks the approved filings.
	limit := q.Limit
	if limit <= 0 || limit > readmodel.ListLimitMax {
		limit = readmodel.ListLimitMax
	}
	index := s.claimDueKey(q.Bank, q.Program)
	out := []ledger.ClaimView{}
	for after := q.After; len(out) < limit; {
		page, err := list[ledger.ClaimView](ctx, s, index, s.docKey(kindClaim), after, readmodel.ListLimitMax)
		if err != nil {
			return nil, err
		}
		for i := range page {
			if q.Overdue(&page[i]) && (q.Status == "" || page[i].Status == q.Status) && len(out) < limit {
				out = append(out, page[i])
			}
		}
		if len(page) < readmodel.ListLimitMax {
			break
		}
		after = page[len(page)-1].ID
	}
	return out, nil
}

// Claim returns one claim.
func (s *Store) Claim(ctx context.Context, id string) (ledger.ClaimView, bool, error) {
	return get[ledger.ClaimView](ctx, s, kindClaim, id)
}

// Loans lists loans matching q in the order q.Sort after q.After.
func (s *Store) Loans(ctx context.Context, q readmodel.LoanQuery) ([]ledger.LoanView, error) {
	index := s.loanIndexKey(q.Bank, q.Guarantor, q.Borrower)
	if q.Status != "" {
		index = s.loanStatusKey(q.Bank, q.Guarantor, q.Status)
	}
	return sortedList[ledger.LoanView](ctx, s, index, s.docKey(kindLoan), q.Sort, q.After, q.Limit)
}

// Loan returns one loan.
func (s *Store) Loan(ctx context.Context, id string) (ledger.LoanView, bool, error) {
	return get[ledger.LoanView](ctx, s, kindLoan, id)
}

// guarantorKey is the hash of one guarantor's documents, one per journal
// partition: in the Kafka mode its loans lie on several partitions, and
// each partition's engine publishes its own part.
func (s *Store) guarantorKey(id string) string { return s.k("doc:guarantor:" + esc(id)) }

// partField names a partition's part of a guarantor ("_" for a writer
// that names none).
func partField(partition string) string {
	if partition == "" {
		return "_"
	}
	return partition
}

// Guarantor returns one guarantor: its parts, merged.
func (s *Store) Guarantor(ctx context.Context, id string) (ledger.GuarantorDoc, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ReadTimeout)
	defer cancel()
	fields, err := s.rdb.HGetAll(ctx, s.guarantorKey(id)).Result()
	if err != nil {
		return ledger.GuarantorDoc{}, false, fmt.Errorf("redis read model: %w", err)
	}
	if len(fields) == 0 {
		return ledger.GuarantorDoc{}, false, nil
	}
	parts := make([]ledger.GuarantorDoc, 0, len(fields))
	for partition, b := range fields {
		var d ledger.GuarantorDoc
		if err := json.Unmarshal([]byte(b), &d); err != nil {
			return ledger.GuarantorDoc{}, false, fmt.Errorf("redis read model: damaged document %s (partition %s): %w", id, partition, err)
		}
		d.Partition = partition
		parts = append(parts, d)
	}
	return ledger.MergeGuarantorDocs(parts), true, nil
}

// Projects lists pipeline projects matching q, sorted by id after q.After.
func (s *Store) Projects(ctx context.Context, q readmodel.ProjectQuery) ([]ledger.ProjectView, error) {
	index := s.idsKey(kindProject)
	keys := s.projectIndexKeys(q.Sector, q.Stage)
	switch {
	case q.Sector != "" && q.Stage != "":
		index = keys[2]
	case q.Sector != "":
		index = keys[0]
	case q.Stage != "":
		index = keys[1]
	}
	return sortedList[ledger.ProjectView](ctx, s, index, s.docKey(kindProject), q.Sort, q.After, q.Limit)
}

// Project returns one project.
func (s *Store) Project(ctx context.Context, id string) (ledger.ProjectView, bool, error) {
	return get[ledger.ProjectView](ctx, s, kindProject, id)
}

// Clear deletes every read-model key of this store's prefix (documents
// and indexes, not snapshots): a read model rebuilt from scratch.
func (s *Store) Clear(ctx context.Context) error {
	for _, pattern := range []string{s.k("doc:*"), s.k("ids:*"), s.k("idx:*")} {
		iter := s.rdb.Scan(ctx, 0, escapeGlob(pattern[:len(pattern)-1])+"*", 1000).Iterator()
		var batch []string
		for iter.Next(ctx) {
			batch = append(batch, iter.Val())
			if len(batch) == 1000 {
				if err := s.rdb.Del(ctx, batch...).Err(); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		if err := iter.Err(); err != nil {
			return err
		}
		if len(batch) > 0 {
			if err := s.rdb.Del(ctx, batch...).Err(); err != nil {
				return err
			}
		}
	}
	return nil
}

// escapeGlob escapes the glob characters of a key prefix for SCAN MATCH.
func escapeGlob(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`, `]`, `\]`)
	return r.Replace(s)
}
