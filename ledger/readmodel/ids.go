package readmodel

import "slices"

// entry is one id and its document: the box the id's indexes point to,
// so that a page reads its documents in order without looking each up by
// id (a hash and a cache miss each, most of a page's cost in a map of
// 500,000 loans), and a refreshed document is set in its box without
// touching an index. A document is never changed once stored: a refresh
// sets a new one, so that a reader may copy the documents of its page
// after it released the lock.
type entry[T any] struct {
	id  string
	doc *T
	// pos holds the document's position in each order but ByID (ids
	// sort as themselves), set and changed under the write lock only; in
	// the entry, so that a search comparing keys reads one box, not two.
	pos [sortBys]string
	h   handle // the entry's place in its table's entries
}

// key is the entry's position in the order by.
func (e *entry[T]) key(by SortBy) string {
	if by == ByID {
		return e.id
	}
	return e.pos[by]
}

// handle is an entry's place in its table's entries (entries.at): what an
// index set holds for a document, four bytes and no pointer, so that the
// ids an insert moves are moved without the collector's write barriers
// and a set's chunks are never scanned by it.
type handle uint32

// entries are a table's entries by handle, in the order they came; an
// entry is never taken out (a table forgets no id). They are held in
// blocks of entryBlock, never moved once made, so that an entry's
// address is kept (docs points to it) and a page reads its documents
// through one box per document, as when the sets held entry pointers: a
// slice of pointers by handle would add a cache miss per document to a
// page not in handle order (a page by amount). The index sets of the
// table share them, by this pointer, as blocks are added.
type entries[T any] struct{ blocks [][]entry[T] }

const entryBlock = 256

// add stores e and returns the entry stored, with its handle.
func (es *entries[T]) add(e entry[T]) *entry[T] {
	n := len(es.blocks)
	if n == 0 || len(es.blocks[n-1]) == entryBlock {
		es.blocks = append(es.blocks, make([]entry[T], 0, entryBlock))
		n++
	}
	e.h = handle((n-1)*entryBlock + len(es.blocks[n-1]))
	es.blocks[n-1] = append(es.blocks[n-1], e)
	return &es.blocks[n-1][len(es.blocks[n-1])-1]
}

// at is the entry of handle h.
func (es *entries[T]) at(h handle) *entry[T] { return &es.blocks[h/entryBlock][h%entryBlock] }

// prefix is the first eight bytes of a key as a number, zero bytes past its
// end: if a key sorts below another its prefix is not above the other's,
// so that a search compares two numbers and reads the keys themselves
// only when their prefixes tie.
func prefix(k string) uint64 {
	var p uint64
	for i := range 8 {
		p <<= 8
		if i < len(k) {
			p |= uint64(k[i])
		}
	}
	return p
}

// idSet is a set of documents kept in the order of their key by, for
// cursor pages: one per index of a list and order. The members are held
// in chunks of at most idChunkMax, each sorted and all in order: a new id
// moves the ids after it in its chunk only, where one sorted slice would
// move half of them, a copy that grows with the number of loans for every
// new loan. A page finds its first chunk by a binary search and reads on:
// its cost is its length, not the set's.
type idSet[T any] struct {
	chunks []idChunk // non-empty, each sorted by key, every key above those of the chunk before
	// lasts is the prefix of each chunk's last key: the search for a
	// chunk reads one array, not every chunk it passes.
	lasts []uint64
	n     int
	by    SortBy // the order: entries compare by their key(by)
	ents  *entries[T]
}

// idChunk is a run of members in order: their handles and the prefixes of
// their keys, apart so that a search reads the prefixes only.
type idChunk struct {
	pre []uint64
	hs  []handle
}

const idChunkMax = 512

// idChunkLow is the size under which a chunk that lost ids is merged with
// a neighbour, so that ids moving between sets (a claim changing status)
// cannot leave a set of many near-empty chunks.
const idChunkLow = idChunkMax / 4

func newIDSet[T any](by SortBy, ents *entries[T]) *idSet[T] {
	return &idSet[T]{by: by, ents: ents}
}

func (s *idSet[T]) len() int { return s.n }

// keyAt is the key of the member h.
func (s *idSet[T]) keyAt(h handle) string { return s.ents.at(h).key(s.by) }

// below reports whether the member of prefix p and handle h sorts below
// the key k of prefix pk.
func (s *idSet[T]) below(p uint64, h handle, k string, pk uint64) bool {
	if p != pk {
		return p < pk
	}
	return s.keyAt(h) < k
}

// search is the index in c of the first member whose key is not below k.
func (s *idSet[T]) search(c *idChunk, k string, pk uint64) int {
	lo, hi := 0, len(c.pre)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s.below(c.pre[m], c.hs[m], k, pk) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// chunkOf returns the index of the first chunk whose last key is not
// below k: the chunk that holds it or would; len(s.chunks) when k is past
// all.
func (s *idSet[T]) chunkOf(k string, pk uint64) int {
	lo, hi := 0, len(s.chunks)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		hs := s.chunks[m].hs
		if s.below(s.lasts[m], hs[len(hs)-1], k, pk) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// newChunk copies members into a chunk of their size, which append grows
// as ids come (to idChunkMax, where insert splits it): most sets are small
// (a borrower's loans, one to a few), and a chunk made whole at once
// would cost each idChunkMax slots.
func newChunk(pre []uint64, hs []handle) idChunk {
	return idChunk{pre: slices.Clone(pre), hs: slices.Clone(hs)}
}

// setChunk stores c as chunk ci, and its last prefix.
func (s *idSet[T]) setChunk(ci int, c idChunk) {
	s.chunks[ci] = c
	s.lasts[ci] = c.pre[len(c.pre)-1]
}

// insertChunk adds c as chunk ci.
func (s *idSet[T]) insertChunk(ci int, c idChunk) {
	s.chunks = slices.Insert(s.chunks, ci, c)
	s.lasts = slices.Insert(s.lasts, ci, c.pre[len(c.pre)-1])
}

// deleteChunk takes out chunk ci.
func (s *idSet[T]) deleteChunk(ci int) {
	s.chunks = slices.Delete(s.chunks, ci, ci+1)
	s.lasts = slices.Delete(s.lasts, ci, ci+1)
}

// insert adds an entry whose id is not there yet.
func (s *idSet[T]) insert(e *entry[T]) {
	k := e.key(s.by)
	pk := prefix(k)
	s.n++
	if len(s.chunks) == 0 {
		s.insertChunk(0, newChunk([]uint64{pk}, []handle{e.h}))
		return
	}
	// The first chunk whose last key is above k, else the last chunk.
	ci := min(s.chunkOf(k, pk), len(s.chunks)-1)
	c := s.chunks[ci]
	i := s.search(&c, k, pk)
	if len(c.pre) == idChunkMax {
		if ci == len(s.chunks)-1 && i == len(c.pre) {
			// Past the last id, as with ids issued in order: a new chunk,
			// leaving the full one full.
			s.insertChunk(ci+1, newChunk([]uint64{pk}, []handle{e.h}))
			return
		}
		// Split the full chunk in two halves and insert into the right one.
		const half = idChunkMax / 2
		upper := newChunk(c.pre[half:], c.hs[half:])
		c = idChunk{pre: c.pre[:half], hs: c.hs[:half]}
		s.setChunk(ci, c)
		s.insertChunk(ci+1, upper)
		if i > half {
			ci, c, i = ci+1, upper, i-half
		}
	}
	s.setChunk(ci, idChunk{pre: slices.Insert(c.pre, i, pk), hs: slices.Insert(c.hs, i, e.h)})
}

// remove takes out the entry whose key (in the set's order) is k.
func (s *idSet[T]) remove(k string) {
	pk := prefix(k)
	ci := s.chunkOf(k, pk)
	if ci == len(s.chunks) {
		panic("readmodel: removing an id that is not in its index: " + k)
	}
	c := s.chunks[ci]
	i := s.search(&c, k, pk)
	if i == len(c.pre) || c.pre[i] != pk || s.keyAt(c.hs[i]) != k {
		panic("readmodel: removing an id that is not in its index: " + k)
	}
	s.n--
	c = idChunk{pre: slices.Delete(c.pre, i, i+1), hs: slices.Delete(c.hs, i, i+1)}
	n := len(c.pre)
	if n == 0 {
		s.deleteChunk(ci)
		return
	}
	s.setChunk(ci, c)
	switch {
	case n < idChunkLow && ci+1 < len(s.chunks) && n+len(s.chunks[ci+1].pre) <= idChunkMax:
		s.merge(ci)
	case n < idChunkLow && ci > 0 && n+len(s.chunks[ci-1].pre) <= idChunkMax:
		s.merge(ci - 1)
	}
}

// merge appends chunk ci+1 to chunk ci, which has the room.
func (s *idSet[T]) merge(ci int) {
	c, next := s.chunks[ci], s.chunks[ci+1]
	s.setChunk(ci, idChunk{pre: append(c.pre, next.pre...), hs: append(c.hs, next.hs...)})
	s.deleteChunk(ci + 1)
}

// page calls visit with the entries after the cursor, in order, until
// visit returns false or the set ends.
func (s *idSet[T]) page(after string, visit func(e *entry[T]) bool) {
	ci, i := 0, 0
	if after != "" {
		pk := prefix(after)
		ci = s.chunkOf(after, pk)
		if ci < len(s.chunks) {
			c := &s.chunks[ci]
			i = s.search(c, after, pk)
			if i < len(c.pre) && c.pre[i] == pk && s.keyAt(c.hs[i]) == after {
				i++
			}
		}
	}
	for ; ci < len(s.chunks); ci, i = ci+1, 0 {
		for _, h := range s.chunks[ci].hs[i:] {
			if !visit(s.ents.at(h)) {
				return
			}
		}
	}
}

// pageDesc calls visit with the entries before the cursor (every entry
// when it is ""), in descending order, until visit returns false.
func (s *idSet[T]) pageDesc(before string, visit func(e *entry[T]) bool) {
	if len(s.chunks) == 0 {
		return
	}
	ci := len(s.chunks) - 1
	i := len(s.chunks[ci].hs) - 1
	if before != "" {
		// The first entry not below the cursor; the walk starts before it.
		pk := prefix(before)
		if at := s.chunkOf(before, pk); at < len(s.chunks) {
			ci, i = at, s.search(&s.chunks[at], before, pk)-1
		}
	}
	for ci >= 0 {
		hs := s.chunks[ci].hs
		for ; i >= 0; i-- {
			if !visit(s.ents.at(hs[i])) {
				return
			}
		}
		if ci--; ci >= 0 {
			i = len(s.chunks[ci].hs) - 1
		}
	}
}

// walk is page or pageDesc.
func (s *idSet[T]) walk(after string, desc bool, visit func(e *entry[T]) bool) {
	if desc {
		s.pageDesc(after, visit)
		return
	}
	s.page(after, visit)
}
