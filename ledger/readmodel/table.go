package readmodel

import "slices"

// table holds one kind of document by id, with an idSet per index key: a
// key names one filter of a list (the claims of one bank and status, say),
// its set the ids of the documents the filter keeps. The zero key (no
// filter) lists every document; every document is in its set.
type table[T any, K comparable] struct {
	docs map[string]T
	sets map[K]*idSet
	// keys appends the index keys of a document to into, the zero key
	// included, each once and always in the same order.
	keys func(d *T, into []K) []K
}

// keysMax bounds the index keys of one document (every subset of three
// filter fields); it sizes buffers only.
const keysMax = 8

func newTable[T any, K comparable](keys func(d *T, into []K) []K) table[T, K] {
	return table[T, K]{docs: map[string]T{}, sets: map[K]*idSet{}, keys: keys}
}

// put stores a document and moves its id between index sets when the
// fields its keys are made of changed (a claim that changed status). A
// refreshed document with the same keys, most of a batch, costs a map
// write.
func (t *table[T, K]) put(id string, d T) {
	var newBuf, oldBuf [keysMax]K
	keys := t.keys(&d, newBuf[:0])
	old, had := t.docs[id]
	t.docs[id] = d
	if !had {
		for _, k := range keys {
			t.add(k, id)
		}
		return
	}
	oldKeys := t.keys(&old, oldBuf[:0])
	if slices.Equal(keys, oldKeys) {
		return
	}
	for _, k := range oldKeys {
		if !slices.Contains(keys, k) {
			t.drop(k, id)
		}
	}
	for _, k := range keys {
		if !slices.Contains(oldKeys, k) {
			t.add(k, id)
		}
	}
}

func (t *table[T, K]) add(k K, id string) {
	s := t.sets[k]
	if s == nil {
		s = &idSet{}
		t.sets[k] = s
	}
	s.insert(id)
}

// drop takes an id out of a set, and the set out once empty, so that
// filters no document matches any more cost no memory.
func (t *table[T, K]) drop(k K, id string) {
	s := t.sets[k]
	s.remove(id)
	if s.len() == 0 {
		delete(t.sets, k)
	}
}

func (t *table[T, K]) get(id string) (T, bool) {
	d, ok := t.docs[id]
	return d, ok
}

// list returns up to limit documents (ListLimitMax when limit is 0 or
// above it) of the index k, with ids after the cursor: never nil, so that
// an empty list is [] in JSON.
func (t *table[T, K]) list(k K, after string, limit int) []T {
	limit = pageLimit(limit)
	s := t.sets[k]
	if s == nil {
		return []T{}
	}
	out := make([]T, 0, min(limit, s.len()))
	s.page(after, func(id string) bool {
		out = append(out, t.docs[id])
		return len(out) < limit
	})
	return out
}

// all returns every document in id order.
func (t *table[T, K]) all() []T {
	var zero K
	out := make([]T, 0, len(t.docs))
	if s := t.sets[zero]; s != nil {
		s.page("", func(id string) bool {
			out = append(out, t.docs[id])
			return true
		})
	}
	return out
}

// appendKey appends k unless into holds it already: a document whose
// filter field is empty is in the zero key's set once.
func appendKey[K comparable](into []K, k K) []K {
	if slices.Contains(into, k) {
		return into
	}
	return append(into, k)
}
