package ledger

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// sortedDocs must list as one sorted slice of its ids would, whatever the
// order the ids come in: in order (loans of one bank), interleaved (several
// banks), at random, and again (a refreshed document).
func TestSortedDocsListsInOrder(t *testing.T) {
	orders := map[string]func(r *rand.Rand, i int) string{
		"ascending":   func(_ *rand.Rand, i int) string { return fmt.Sprintf("bank-%07d", i) },
		"descending":  func(_ *rand.Rand, i int) string { return fmt.Sprintf("bank-%07d", 1_000_000-i) },
		"interleaved": func(_ *rand.Rand, i int) string { return fmt.Sprintf("bank%d-%07d", i%7, i/7) },
		"random":      func(r *rand.Rand, _ int) string { return fmt.Sprintf("L-%d", r.IntN(5000)) },
	}
	for name, next := range orders {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, 7))
			var s sortedDocs[int]
			want := map[string]int{}
			for i := 0; i < 3000; i++ {
				id := next(r, i)
				s.put(id, i)
				want[id] = i
				if i%500 == 0 || i == 2999 {
					checkSortedDocs(t, &s, want)
				}
			}
			for _, c := range s.chunks {
				if len(c) == 0 || len(c) > docChunkMax {
					t.Fatalf("chunk of %d ids, want 1 to %d", len(c), docChunkMax)
				}
			}
		})
	}
}

func checkSortedDocs(t *testing.T, s *sortedDocs[int], want map[string]int) {
	t.Helper()
	ids := make([]string, 0, len(want))
	for id := range want {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var got []string
	for _, c := range s.chunks {
		got = append(got, c...)
	}
	if !slices.Equal(got, ids) {
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
			if gotDocs := s.list(after, limit, nil); !slices.Equal(gotDocs, wantDocs) {
				t.Fatalf("list(%q, %d): got %d documents, want %d", after, limit, len(gotDocs), len(wantDocs))
			}
		}
	}
	even := s.list("", 0, func(d *int) bool { return *d%2 == 0 })
	for _, d := range even {
		if d%2 != 0 {
			t.Fatalf("list with keep: got %d, which keep refuses", d)
		}
	}
}
