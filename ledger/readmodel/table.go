package readmodel

import "slices"

// table holds one kind of document by id, with an idSet per index key: a
// key names one filter of a list (the claims of one bank and status, say),
// its set the documents the filter keeps. The zero key (no filter) lists
// every document; every document is in its set. The caller holds the
// read model's lock: the write lock to put, the read lock otherwise.
type table[T any, K comparable] struct {
	docs map[string]*entry[T]
	sets map[K]*idSet[T]
	// keys appends the index keys of a document to into, the zero key
	// included, each once and always in the same order.
	keys func(d *T, into []K) []K
	// newKeys and oldKeys are put's buffers, reused (put runs under the
	// write lock): a document costs no allocation for its keys.
	newKeys, oldKeys []K
}

func newTable[T any, K comparable](keys func(d *T, into []K) []K) table[T, K] {
	return table[T, K]{docs: map[string]*entry[T]{}, sets: map[K]*idSet[T]{}, keys: keys}
}

// put stores a document and moves it between index sets when the fields
// its keys are made of changed (a claim that changed status). A refreshed
// document with the same keys, most of a batch, is set in its entry,
// which its indexes point to: a map lookup.
func (t *table[T, K]) put(id string, d *T) {
	t.newKeys = t.keys(d, t.newKeys[:0])
	e := t.docs[id]
	if e == nil {
		e = &entry[T]{id: id, doc: d}
		t.docs[id] = e
		for _, k := range t.newKeys {
			t.add(k, e)
		}
		return
	}
	t.oldKeys = t.keys(e.doc, t.oldKeys[:0])
	e.doc = d
	if slices.Equal(t.newKeys, t.oldKeys) {
		return
	}
	for _, k := range t.oldKeys {
		if !slices.Contains(t.newKeys, k) {
			t.drop(k, id)
		}
	}
	for _, k := range t.newKeys {
		if !slices.Contains(t.oldKeys, k) {
			t.add(k, e)
		}
	}
}

func (t *table[T, K]) add(k K, e *entry[T]) {
	s := t.sets[k]
	if s == nil {
		s = &idSet[T]{}
		t.sets[k] = s
	}
	s.insert(e)
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

// get returns the document of id, nil when there is none.
func (t *table[T, K]) get(id string) *T {
	if e := t.docs[id]; e != nil {
		return e.doc
	}
	return nil
}

// page appends to into up to limit documents (ListLimitMax when limit is
// 0 or above it) of the index k, with ids after the cursor. It appends
// pointers, to copy once the lock is released: the lock is held for the
// walk of the index only.
func (t *table[T, K]) page(k K, after string, limit int, into []*T) []*T {
	limit = pageLimit(limit)
	s := t.sets[k]
	if s == nil {
		return into
	}
	n := len(into) + limit
	s.page(after, func(e *entry[T]) bool {
		into = append(into, e.doc)
		return len(into) < n
	})
	return into
}

// all appends every document in id order.
func (t *table[T, K]) all(into []*T) []*T {
	var zero K
	if s := t.sets[zero]; s != nil {
		s.page("", func(e *entry[T]) bool {
			into = append(into, e.doc)
			return true
		})
	}
	return into
}

// appendKey appends k unless into holds it already: a document whose
// filter field is empty is in the zero key's set once.
func appendKey[K comparable](into []K, k K) []K {
	if slices.Contains(into, k) {
		return into
	}
	return append(into, k)
}

// docsOf copies documents out (never nil, so that an empty list is [] in
// JSON).
func docsOf[T any](ptrs []*T) []T {
	out := make([]T, len(ptrs))
	for i, p := range ptrs {
		out[i] = *p
	}
	return out
}

// pageWhere is page keeping only the documents keep accepts.
func (t *table[T, K]) pageWhere(k K, after string, limit int, into []*T, keep func(*T) bool) []*T {
	limit = pageLimit(limit)
	s := t.sets[k]
	if s == nil {
		return into
	}
	n := len(into) + limit
	s.page(after, func(e *entry[T]) bool {
		if keep(e.doc) {
			into = append(into, e.doc)
		}
		return len(into) < n
	})
	return into
}
