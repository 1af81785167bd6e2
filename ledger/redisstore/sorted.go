package redisstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/redis/go-redis/v9"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

// The orders other than by id (issue 19). Each index set of claims, loans,
// projects, filings, subsidies and enterprises has a companion per order, its key with ":by:amount" or
// ":by:date": a sorted set whose scores are all 0 and whose members are
// the documents' positions (readmodel.ClaimPosition: the sort key and the
// id), so that ZRANGE BYLEX pages it exactly as it pages ids, ties broken
// by id, whatever the amounts. A score of cents would be exact below 2^53
// only, and ties among equal scores could not be skipped from a cursor
// without reading them all.
var sortSuffix = [...]string{readmodel.ByAmount: ":by:amount", readmodel.ByDate: ":by:date"}

func sortedKey(index string, by readmodel.SortBy) string {
	if by == readmodel.ByID {
		return index
	}
	return index + sortSuffix[by]
}

// positions is a document's members in the sets of each order but by id,
// and its status: where it was last placed. The zero value is a document
// not placed yet (or placed before positions were kept), taken out of the
// sets of every status.
type positions [3]string

func positionsOf(pos func(readmodel.SortBy) string, status string) positions {
	return positions{pos(readmodel.ByAmount), pos(readmodel.ByDate), status}
}

func (p positions) String() string { return p[0] + "\n" + p[1] + "\n" + p[2] }

func parsePositions(s string) positions {
	a, rest, _ := strings.Cut(s, "\n")
	d, st, _ := strings.Cut(rest, "\n")
	return positions{a, d, st}
}

// status is where the document must leave the sets of status st (or be in
// them, when it is its new status): false only for a status it was known
// not to be in.
func (p positions) mayBeIn(st string) bool { return p[2] == "" || p[2] == st }

// posKey is the hash of each document's positions when last written (of
// every kind but projects, which keep theirs in idx:project): a member
// that moves must leave its old place, which ZADD alone would not do (the
// member is new), and a document whose positions and status did not
// change needs no index write at all. Written in the same MULTI as the
// sets, and deleted with them (Clear, a restart).
func (s *Store) posKey(kind string) string { return s.k("idx:" + kind + ":pos") }

// oldPositions reads the positions last written of the batch's documents,
// their ids by kind, in one round trip before the batch's first chunk.
// The partition's writer is the only one to write its documents, so
// nothing moves them between this read and the writes.
func (s *Store) oldPositions(ctx context.Context, ids map[string][]string) (map[string]map[string]positions, error) {
	old := map[string]map[string]positions{}
	cmds := map[string]*redis.SliceCmd{}
	for kind, of := range ids {
		old[kind] = map[string]positions{}
		if len(of) == 0 {
			delete(ids, kind)
		}
	}
	if len(ids) == 0 {
		return old, nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.WriteTimeout)
	defer cancel()
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, kind := range slices.Sorted(maps.Keys(ids)) {
			cmds[kind] = p.HMGet(ctx, s.posKey(kind), ids[kind]...)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("redis read model put: %w", err)
	}
	for kind, cmd := range cmds {
		for i, v := range cmd.Val() {
			if str, ok := v.(string); ok {
				old[kind][ids[kind][i]] = parsePositions(str)
			}
		}
	}
	return old, nil
}

func idsOf[T any](docs []T, id func(*T) string) []string {
	out := make([]string, len(docs))
	for i := range docs {
		out[i] = id(&docs[i])
	}
	return out
}

// placed records a document's positions in the hash of its kind; false,
// with nothing written, when they are old's and this is no rebuild (all):
// the document's index sets are as they were.
func (w *writeSet) placed(posKey, id string, pos, old positions, all bool) bool {
	if pos == old && !all {
		return false
	}
	w.hset[posKey] = append(w.hset[posKey], id, pos.String())
	return true
}

// place puts a document in an index set and its companions (in), or takes
// it out of them; in both cases it leaves its old positions, when they
// changed.
func (w *writeSet) place(index, id string, in bool, pos, old positions) {
	if in {
		w.add(index, id)
	} else {
		w.rem(index, id)
	}
	for i, by := range []readmodel.SortBy{readmodel.ByAmount, readmodel.ByDate} { // pos[2] is the status
		key := sortedKey(index, by)
		if in {
			w.add(key, pos[i])
		} else {
			w.rem(key, pos[i])
		}
		if old[i] != "" && old[i] != pos[i] {
			w.rem(key, old[i])
		}
	}
}

// sortedListScript pages a sorted set in either direction after a cursor
// and returns the documents, in one round trip. ARGV: start, stop, limit,
// "rev" or "", and "pos" when the members are positions (the id follows
// the first space).
var sortedListScript = redis.NewScript(`
local ids
if ARGV[4] == 'rev' then
  ids = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'BYLEX', 'REV', 'LIMIT', 0, tonumber(ARGV[3]))
else
  ids = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'BYLEX', 'LIMIT', 0, tonumber(ARGV[3]))
end
if #ids == 0 then return {} end
if ARGV[5] == 'pos' then
  for i = 1, #ids do ids[i] = string.sub(ids[i], string.find(ids[i], ' ', 1, true) + 1) end
end
return redis.call('HMGET', KEYS[2], unpack(ids))
`)

// sortedList is list in the order o: the index's companion set of o.By,
// walked up or down from the cursor (a position, or an id by id).
func sortedList[T any](ctx context.Context, s *Store, index, hash string, o readmodel.Sort, after string, limit int) ([]T, error) {
	if o == (readmodel.Sort{}) {
		return list[T](ctx, s, index, hash, after, limit)
	}
	if limit <= 0 || limit > readmodel.ListLimitMax {
		limit = readmodel.ListLimitMax
	}
	start, stop, rev, mode := "-", "+", "", ""
	if after != "" {
		start = "(" + after
	}
	if o.Desc {
		start, stop, rev = "+", "-", "rev"
		if after != "" {
			start = "(" + after
		}
	}
	if o.By != readmodel.ByID {
		mode = "pos"
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ReadTimeout)
	defer cancel()
	res, err := sortedListScript.Run(ctx, s.rdb, []string{sortedKey(index, o.By), hash}, start, stop, limit, rev, mode).Slice()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("redis read model: %w", err)
	}
	return decodeDocs[T](res)
}
