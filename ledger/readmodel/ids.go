package readmodel

import (
	"slices"
	"sort"
)

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
	// sort as themselves), set and changed under the write lock only.
	pos *[sortBys]string
}

// key is the entry's position in the order by.
func (e *entry[T]) key(by SortBy) string {
	if by == ByID {
		return e.id
	}
	return e.pos[by]
}

// idSet is a set of documents kept in id order, for cursor pages: one per
// index of a list. The entries are held in chunks of at most idChunkMax,
// each sorted and all in order: a new id moves the ids after it in its
// chunk only, where one sorted slice would move half of them, a copy that
// grows with the number of loans for every new loan. A page finds its
// first chunk by a binary search and reads on: its cost is its length, not
// the set's.
type idSet[T any] struct {
	chunks [][]*entry[T] // non-empty, each sorted by key, every key above those of the chunk before
	n      int
	by     SortBy // the order: entries compare by their key(by)
}

const idChunkMax = 512

// idChunkLow is the size under which a chunk that lost ids is merged with
// a neighbour, so that ids moving between sets (a claim changing status)
// cannot leave a set of many near-empty chunks.
const idChunkLow = idChunkMax / 4

func (s *idSet[T]) len() int { return s.n }

// search is the index in c of the first entry whose key is not below id.
func (s *idSet[T]) search(c []*entry[T], id string) int {
	return sort.Search(len(c), func(i int) bool { return c[i].key(s.by) >= id })
}

// newChunk copies entries into a chunk of their size, which append grows
// as ids come (to idChunkMax, where insert splits it): most sets are small
// (a borrower's loans, one to a few), and a chunk made whole at once
// would cost each idChunkMax slots, kilobytes the collector scans.
func newChunk[T any](e ...*entry[T]) []*entry[T] {
	return slices.Clone(e)
}

// insert adds an entry whose id is not there yet.
func (s *idSet[T]) insert(e *entry[T]) {
	id := e.key(s.by)
	s.n++
	if len(s.chunks) == 0 {
		s.chunks = [][]*entry[T]{newChunk(e)}
		return
	}
	// The first chunk whose last id is above id, else the last chunk.
	ci := min(s.chunkOf(id), len(s.chunks)-1)
	c := s.chunks[ci]
	i := s.search(c, id)
	if len(c) == idChunkMax {
		if ci == len(s.chunks)-1 && i == len(c) {
			// Past the last id, as with ids issued in order: a new chunk,
			// leaving the full one full.
			s.chunks = append(s.chunks, newChunk(e))
			return
		}
		// Split the full chunk in two halves and insert into the right one.
		upper := newChunk(c[idChunkMax/2:]...)
		clear(c[idChunkMax/2:])
		c = c[:idChunkMax/2]
		s.chunks[ci] = c
		s.chunks = slices.Insert(s.chunks, ci+1, upper)
		if i > len(c) {
			ci, c, i = ci+1, upper, i-len(c)
		}
	}
	s.chunks[ci] = slices.Insert(c, i, e)
}

// remove takes out the entry whose key (in the set's order) is id.
func (s *idSet[T]) remove(id string) {
	ci := s.chunkOf(id)
	if ci == len(s.chunks) {
		panic("readmodel: removing an id that is not in its index: " + id)
	}
	c := s.chunks[ci]
	i := s.search(c, id)
	if i == len(c) || c[i].key(s.by) != id {
		panic("readmodel: removing an id that is not in its index: " + id)
	}
	s.n--
	c = slices.Delete(c, i, i+1)
	s.chunks[ci] = c
	switch {
	case len(c) == 0:
		s.chunks = slices.Delete(s.chunks, ci, ci+1)
	case len(c) < idChunkLow && ci+1 < len(s.chunks) && len(c)+len(s.chunks[ci+1]) <= idChunkMax:
		s.merge(ci)
	case len(c) < idChunkLow && ci > 0 && len(c)+len(s.chunks[ci-1]) <= idChunkMax:
		s.merge(ci - 1)
	}
}

// merge appends chunk ci+1 to chunk ci, which has the room.
func (s *idSet[T]) merge(ci int) {
	s.chunks[ci] = append(s.chunks[ci], s.chunks[ci+1]...)
	s.chunks = slices.Delete(s.chunks, ci+1, ci+2)
}

// chunkOf returns the index of the first chunk whose last id is not below
// id: the chunk that holds it or would; len(s.chunks) when id is past all.
func (s *idSet[T]) chunkOf(id string) int {
	return sort.Search(len(s.chunks), func(i int) bool {
		c := s.chunks[i]
		return c[len(c)-1].key(s.by) >= id
	})
}

// page calls visit with the entries after the cursor, in id order, until
// visit returns false or the set ends.
func (s *idSet[T]) page(after string, visit func(e *entry[T]) bool) {
	ci, i := 0, 0
	if after != "" {
		ci = s.chunkOf(after)
		if ci < len(s.chunks) {
			c := s.chunks[ci]
			i = s.search(c, after)
			if i < len(c) && c[i].key(s.by) == after {
				i++
			}
		}
	}
	for ; ci < len(s.chunks); ci, i = ci+1, 0 {
		for _, e := range s.chunks[ci][i:] {
			if !visit(e) {
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
	i := len(s.chunks[ci]) - 1
	if before != "" {
		// The first entry not below the cursor; the walk starts before it.
		if at := s.chunkOf(before); at < len(s.chunks) {
			ci, i = at, s.search(s.chunks[at], before)-1
		}
	}
	for ci >= 0 {
		c := s.chunks[ci]
		for ; i >= 0; i-- {
			if !visit(c[i]) {
				return
			}
		}
		if ci--; ci >= 0 {
			i = len(s.chunks[ci]) - 1
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
