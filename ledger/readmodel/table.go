package readmodel

import "slices"

// table holds one kind of document by id, with an idSet per index key and
// order: a key names one filter of a list (the claims of one bank and
// status, say), its sets the documents the filter keeps, one per order
// the list offers. The zero key (no filter) lists every document; every
// document is in its sets. The caller holds the read model's lock: the
// write lock to put, the read lock otherwise.
type table[T any, K comparable] struct {
	docs map[string]*entry[T]
	ents *entries[T] // docs by handle, which the sets hold
	// sets are a key's sets, one per order: a put hashes each of its keys
	// once for all the orders it is kept in.
	sets map[K]*orderSets[T]
	// keys appends the index keys of a document to into, the zero key
	// included, each once and always in the same order.
	keys func(d *T, into []K) []K
	// positions gives a document's sort keys (sort.go), nil for a table
	// listed by id only; sorted tells the index keys that are kept in
	// every order (nil: all of them), the others in id order only.
	positions func(d *T) [sortBys]string
	sorted    func(k K) bool
	// newKeys and oldKeys are put's buffers, reused (put runs under the
	// write lock): a document costs no allocation for its keys.
	newKeys, oldKeys []K
}

// setKey names one index set: a filter and an order.
type setKey[K comparable] struct {
	k  K
	by SortBy
}

// orderSets are one key's sets by order, nil where it has no member.
type orderSets[T any] [sortBys]*idSet[T]

// set is the set sk names, nil when it has no member.
func (t *table[T, K]) set(sk setKey[K]) *idSet[T] {
	if os := t.sets[sk.k]; os != nil {
		return os[sk.by]
	}
	return nil
}

func newTable[T any, K comparable](keys func(d *T, into []K) []K) table[T, K] {
	return table[T, K]{docs: map[string]*entry[T]{}, ents: &entries[T]{}, sets: map[K]*orderSets[T]{}, keys: keys}
}

// newSortedTable is newTable for a list offered in every order.
func newSortedTable[T any, K comparable](keys func(d *T, into []K) []K, positions func(d *T) [sortBys]string,
	sorted func(K) bool) table[T, K] {
	t := newTable(keys)
	t.positions, t.sorted = positions, sorted
	return t
}

// orders is the number of orders the index key k is kept in.
func (t *table[T, K]) orders(k K) SortBy {
	if t.positions == nil || (t.sorted != nil && !t.sorted(k)) {
		return ByID + 1
	}
	return sortBys
}

// put stores a document and moves it between index sets when the fields
// its keys are made of changed (a claim that changed status), and within
// an order's sets when its sort key changed (a claim's payable). A
// refreshed document with the same keys, most of a batch, is set in its
// entry, which its indexes point to: a map lookup.
func (t *table[T, K]) put(id string, d *T) {
	t.newKeys = t.keys(d, t.newKeys[:0])
	var pos [sortBys]string
	if t.positions != nil {
		pos = t.positions(d)
	}
	e := t.docs[id]
	if e == nil {
		e = t.ents.add(entry[T]{id: id, doc: d, pos: pos})
		t.docs[id] = e
		for _, k := range t.newKeys {
			t.add(k, e)
		}
		return
	}
	t.oldKeys = t.keys(e.doc, t.oldKeys[:0])
	e.doc = d
	var moved [sortBys]bool // the orders in which the document's key changed
	for by := ByID + 1; t.positions != nil && by < sortBys; by++ {
		moved[by] = pos[by] != e.pos[by]
	}
	if slices.Equal(t.newKeys, t.oldKeys) && moved == [sortBys]bool{} {
		return
	}
	// Out of the sets it leaves, at its old positions, then in at the new.
	for _, k := range t.oldKeys {
		stays := slices.Contains(t.newKeys, k)
		os := t.sets[k]
		for by := range t.orders(k) {
			if !stays || moved[by] {
				os[by].remove(e.key(by))
				if os[by].len() == 0 {
					os[by] = nil
				}
			}
		}
		if *os == (orderSets[T]{}) {
			delete(t.sets, k)
		}
	}
	e.pos = pos
	for _, k := range t.newKeys {
		was := slices.Contains(t.oldKeys, k)
		os := t.setsOf(k)
		for by := range t.orders(k) {
			if !was || moved[by] {
				t.insert(os, by, e)
			}
		}
	}
}

// add puts a new entry in the sets of k in every order k is kept in.
func (t *table[T, K]) add(k K, e *entry[T]) {
	os := t.setsOf(k)
	for by := range t.orders(k) {
		t.insert(os, by, e)
	}
}

// setsOf is k's sets, made when it has none yet.
func (t *table[T, K]) setsOf(k K) *orderSets[T] {
	os := t.sets[k]
	if os == nil {
		os = new(orderSets[T])
		t.sets[k] = os
	}
	return os
}

func (t *table[T, K]) insert(os *orderSets[T], by SortBy, e *entry[T]) {
	s := os[by]
	if s == nil {
		s = newIDSet(by, t.ents)
		os[by] = s
	}
	s.insert(e)
}

func (t *table[T, K]) get(id string) *T {
	if e := t.docs[id]; e != nil {
		return e.doc
	}
	return nil
}

// page appends to into up to limit documents (ListLimitMax when limit is
// 0 or above it) of the index k in the order o, after the cursor (a
// position in that order, sort.go). It appends
// pointers, to copy once the lock is released: the lock is held for the
// walk of the index only.
func (t *table[T, K]) page(k K, o Sort, after string, limit int, into []*T) []*T {
	limit = pageLimit(limit)
	s := t.set(setKey[K]{k, o.By})
	if s == nil {
		return into
	}
	n := len(into) + limit
	s.walk(after, o.Desc, func(e *entry[T]) bool {
		into = append(into, e.doc)
		return len(into) < n
	})
	return into
}

// all appends every document in id order.
func (t *table[T, K]) all(into []*T) []*T {
	var zero K
	if s := t.set(setKey[K]{k: zero}); s != nil {
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
func (t *table[T, K]) pageWhere(k K, o Sort, after string, limit int, into []*T, keep func(*T) bool) []*T {
	limit = pageLimit(limit)
	s := t.set(setKey[K]{k, o.By})
	if s == nil {
		return into
	}
	n := len(into) + limit
	s.walk(after, o.Desc, func(e *entry[T]) bool {
		if keep(e.doc) {
			into = append(into, e.doc)
		}
		return len(into) < n
	})
	return into
}
