package readmodel

import (
	"slices"
	"sort"
)

// idSet is a set of ids kept in order, for cursor pages: one per index of
// a list. The ids are held in chunks of at most idChunkMax, each sorted and
// all in order: a new id moves the ids after it in its chunk only, where
// one sorted slice would move half of them, a copy that grows with the
// number of loans for every new loan. A page finds its first chunk by a
// binary search and reads on: its cost is its length, not the set's.
type idSet struct {
	chunks [][]string // non-empty, each sorted, every id above those of the chunk before
	n      int
}

const idChunkMax = 512

// idChunkLow is the size under which a chunk that lost ids is merged with
// a neighbour, so that ids moving between sets (a claim changing status)
// cannot leave a set of many near-empty chunks.
const idChunkLow = idChunkMax / 4

func (s *idSet) len() int { return s.n }

// insert adds an id that is not there yet.
func (s *idSet) insert(id string) {
	s.n++
	if len(s.chunks) == 0 {
		s.chunks = [][]string{append(make([]string, 0, idChunkMax), id)}
		return
	}
	// The first chunk whose last id is above id, else the last chunk.
	ci := min(s.chunkOf(id), len(s.chunks)-1)
	c := s.chunks[ci]
	i := sort.SearchStrings(c, id)
	if len(c) == idChunkMax {
		if ci == len(s.chunks)-1 && i == len(c) {
			// Past the last id, as with ids issued in order: a new chunk,
			// leaving the full one full.
			s.chunks = append(s.chunks, append(make([]string, 0, idChunkMax), id))
			return
		}
		// Split the full chunk in two halves and insert into the right one.
		upper := append(make([]string, 0, idChunkMax), c[idChunkMax/2:]...)
		clear(c[idChunkMax/2:])
		c = c[:idChunkMax/2]
		s.chunks[ci] = c
		s.chunks = slices.Insert(s.chunks, ci+1, upper)
		if i > len(c) {
			ci, c, i = ci+1, upper, i-len(c)
		}
	}
	s.chunks[ci] = slices.Insert(c, i, id)
}

// remove takes out an id that is there.
func (s *idSet) remove(id string) {
	ci := s.chunkOf(id)
	if ci == len(s.chunks) {
		panic("readmodel: removing an id that is not in its index: " + id)
	}
	c := s.chunks[ci]
	i := sort.SearchStrings(c, id)
	if i == len(c) || c[i] != id {
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
func (s *idSet) merge(ci int) {
	s.chunks[ci] = append(s.chunks[ci], s.chunks[ci+1]...)
	s.chunks = slices.Delete(s.chunks, ci+1, ci+2)
}

// chunkOf returns the index of the first chunk whose last id is not below
// id: the chunk that holds it or would; len(s.chunks) when id is past all.
func (s *idSet) chunkOf(id string) int {
	return sort.Search(len(s.chunks), func(i int) bool {
		c := s.chunks[i]
		return c[len(c)-1] >= id
	})
}

// page calls visit with the ids after the cursor, in order, until visit
// returns false or the set ends.
func (s *idSet) page(after string, visit func(id string) bool) {
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
	for ; ci < len(s.chunks); ci, i = ci+1, 0 {
		for _, id := range s.chunks[ci][i:] {
			if !visit(id) {
				return
			}
		}
	}
}
