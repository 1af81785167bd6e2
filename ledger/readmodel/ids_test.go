package readmodel

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// An index must list as one sorted slice of its ids would, whatever the
// order the ids come in: in order (loans of one bank), interleaved (several
// banks), at random, and again (a refreshed document, which may move
// between indexes: here between "even" and not).
func TestIndexListsInOrder(t *testing.T) {
	orders := map[string]func(r *rand.Rand, i int) string{
		"ascending":   func(_ *rand.Rand, i int) string { return fmt.Sprintf("bank-%07d", i) },
		"descending":  func(_ *rand.Rand, i int) string { return fmt.Sprintf("bank-%07d", 1_000_000-i) },
		"interleaved": func(_ *rand.Rand, i int) string { return fmt.Sprintf("bank%d-%07d", i%7, i/7) },
		"random":      func(r *rand.Rand, _ int) string { return fmt.Sprintf("L-%d", r.IntN(5000)) },
	}
	for name, next := range orders {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, 7))
			s := newTable(parityKeys)
			want := map[string]int{}
			for i := 0; i < 3000; i++ {
				id := next(r, i)
				s.put(id, &i)
				want[id] = i
				if i%500 == 0 || i == 2999 {
					checkTable(t, &s, want)
				}
			}
			for _, os := range s.sets {
				for _, set := range os {
					if set != nil {
						checkChunks(t, set)
					}
				}
			}
		})
	}
}

// parityKeys indexes every number, and the even ones apart.
func parityKeys(d *int, into []string) []string {
	into = append(into, "")
	if *d%2 == 0 {
		into = append(into, "even")
	}
	return into
}

func checkChunks[T any](t *testing.T, s *idSet[T]) {
	t.Helper()
	n := 0
	if len(s.lasts) != len(s.chunks) {
		t.Fatalf("%d last prefixes for %d chunks", len(s.lasts), len(s.chunks))
	}
	for ci, c := range s.chunks {
		if len(c.hs) == 0 || len(c.hs) > idChunkMax || len(c.pre) != len(c.hs) {
			t.Fatalf("chunk of %d ids and %d prefixes, want 1 to %d of each", len(c.hs), len(c.pre), idChunkMax)
		}
		for i, h := range c.hs {
			if k := s.keyAt(h); c.pre[i] != prefix(k) {
				t.Fatalf("prefix of %q: got %x, want %x", k, c.pre[i], prefix(k))
			}
		}
		if s.lasts[ci] != c.pre[len(c.pre)-1] {
			t.Fatalf("chunk %d: last prefix %x, want %x", ci, s.lasts[ci], c.pre[len(c.pre)-1])
		}
		n += len(c.hs)
	}
	if ids := idsOf(s); !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Fatalf("ids not strictly in order")
	}
	if n != s.len() {
		t.Fatalf("len: got %d, want %d ids in chunks", s.len(), n)
	}
}

func checkTable(t *testing.T, s *table[int, string], want map[string]int) {
	t.Helper()
	ids := make([]string, 0, len(want))
	for id := range want {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if got := idsOf(s.set(setKey[string]{})); !slices.Equal(got, ids) {
		t.Fatalf("ids: got %d in chunks, want %d sorted", len(got), len(ids))
	}
	// Every page, from every cursor: an id present, one absent between two,
	// one before all and one after all.
	cursors := []string{"", "\x00", "\xff"}
	for i := 0; i < len(ids); i += 37 {
		cursors = append(cursors, ids[i], ids[i]+"\x00")
	}
	for _, after := range cursors {
		for _, limit := range []int{0, 1, 7, 600} {
			start := sort.Search(len(ids), func(i int) bool { return ids[i] > after })
			end := min(len(ids), start+min(limit, ListLimitMax))
			if limit <= 0 {
				end = min(len(ids), start+ListLimitMax)
			}
			wantDocs := []int{}
			for _, id := range ids[start:end] {
				wantDocs = append(wantDocs, want[id])
			}
			if gotDocs := docsOf(s.page("", Sort{}, after, limit, nil)); !slices.Equal(gotDocs, wantDocs) {
				t.Fatalf("list(%q, %d): got %d documents, want %d", after, limit, len(gotDocs), len(wantDocs))
			}
		}
	}
	even := docsOf(s.page("even", Sort{}, "", 0, nil))
	for _, d := range even {
		if d%2 != 0 {
			t.Fatalf("list of the even index: got %d, which is odd", d)
		}
	}
	var wantEven []int
	for _, id := range ids {
		if want[id]%2 == 0 && len(wantEven) < ListLimitMax {
			wantEven = append(wantEven, want[id])
		}
	}
	if !slices.Equal(even, wantEven) && !(len(even) == 0 && len(wantEven) == 0) {
		t.Fatalf("list of the even index: got %d documents, want %d", len(even), len(wantEven))
	}
}

// idsOf lists the ids of a set's chunks, in their order.
func idsOf[T any](s *idSet[T]) []string {
	var ids []string
	for _, c := range s.chunks {
		for _, h := range c.hs {
			ids = append(ids, s.ents.at(h).id)
		}
	}
	return ids
}

// Ids leaving a set (claims changing status) keep it in order and its
// chunks merged: a set emptied to a few ids holds them in few chunks.
func TestIndexRemoves(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	ents := &entries[struct{}]{}
	s := newIDSet(ByID, ents)
	byID := map[string]*entry[struct{}]{}
	in := map[string]bool{}
	for i := 0; i < 20_000; i++ {
		id := fmt.Sprintf("C-%05d", r.IntN(8000))
		if in[id] {
			s.remove(id)
		} else {
			e := byID[id]
			if e == nil {
				e = ents.add(entry[struct{}]{id: id})
				byID[id] = e
			}
			s.insert(e)
		}
		in[id] = !in[id]
	}
	checkChunks(t, s)
	var want, got []string
	for id, ok := range in {
		if ok {
			want = append(want, id)
		}
	}
	sort.Strings(want)
	s.page("", func(e *entry[struct{}]) bool { got = append(got, e.id); return true })
	if !slices.Equal(got, want) {
		t.Fatalf("after removes: got %d ids, want %d", len(got), len(want))
	}
	for _, id := range want[:len(want)-10] {
		s.remove(id)
	}
	checkChunks(t, s)
	if len(s.chunks) != 1 {
		t.Fatalf("10 ids left in %d chunks, want 1", len(s.chunks))
	}
}

// A prefix never sorts two keys the other way round: keys that differ in
// their first eight bytes compare as their prefixes, the others tie.
func TestPrefixKeepsKeyOrder(t *testing.T) {
	keys := []string{"", "\x00", "\x00\x00", "a", "a\x00", "ab", "abcdefgh", "abcdefgh\x00", "abcdefghi", "abcdefgz",
		"09125000000 L0000001", "09125000000 L0000002", "0912500001 L1", "\xff\xff\xff\xff\xff\xff\xff\xff\xff"}
	const zeros = "\x00\x00\x00\x00\x00\x00\x00\x00"
	for _, a := range keys {
		for _, b := range keys {
			pa, pb := prefix(a), prefix(b)
			if a < b && pa > pb {
				t.Errorf("%q < %q but prefix %x > %x", a, b, pa, pb)
			}
			// Ties are the keys alike in their first eight bytes, a short
			// key read as followed by zero bytes.
			if tie := (a + zeros)[:8] == (b + zeros)[:8]; tie != (pa == pb) {
				t.Errorf("%q and %q: prefixes %x and %x", a, b, pa, pb)
			}
		}
	}
	if got, want := prefix("L0000123"), uint64(0x4c30303030313233); got != want {
		t.Fatalf("prefix(L0000123): got %x, want %x", got, want)
	}
}
