package ledger

import (
	"fmt"
	"slices"
	"testing"
)

// Lists carved from the same array must stay their own: each keeps its ids
// however many lists follow, and appending to one leaves the others alone.
func TestIDListsAreTheirOwn(t *testing.T) {
	var l idLists
	var lists, want [][]string
	for i := 0; i < 3*idListsLen; i++ {
		var ids []string
		for j := range i % 5 { // 0 to 4 ids
			ids = append(ids, fmt.Sprintf("id-%d-%d", i, j))
		}
		if i%97 == 0 { // now and then one longer than a shared array takes
			for j := range idListsLen / 4 {
				ids = append(ids, fmt.Sprintf("long-%d-%d", i, j))
			}
		}
		var got []string
		if len(ids) == 1 {
			got = l.one(ids[0])
		} else {
			got = l.copy(ids)
		}
		if len(got) <= idListsLen/8 && cap(got) != len(got) { // shared: no room after it
			t.Fatalf("list %d: capacity %d, want its length %d", i, cap(got), len(got))
		}
		lists, want = append(lists, got), append(want, slices.Clone(ids))
	}
	for i := range lists {
		lists[i] = append(lists[i], "appended")
	}
	for i := range lists {
		if got := lists[i][:len(lists[i])-1]; !slices.Equal(got, want[i]) {
			t.Fatalf("list %d: got %v, want %v", i, got, want[i])
		}
	}
}
