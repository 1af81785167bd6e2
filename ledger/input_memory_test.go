package ledger

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"unsafe"
)

// The memory must behave as the map it replaces, whatever its size.
func TestInputMemoryActsAsAMap(t *testing.T) {
	if size := unsafe.Sizeof(memoryEntry{}); size != 25 {
		t.Fatalf("memoryEntry is %d bytes, want 25", size)
	}
	r := rand.New(rand.NewPCG(4, 4))
	var m inputMemory
	want := map[inputKey]seenInput{}
	keys := []inputKey{}
	for i := 0; i < 200_000; i++ {
		var k inputKey
		if len(keys) > 0 && r.IntN(10) == 0 {
			k = keys[r.IntN(len(keys))] // replace
		} else {
			k = keyOf("bank:b", strconv.Itoa(i))
			keys = append(keys, k)
		}
		if _, ok := m.get(k); ok != (want[k] != seenInput{}) {
			t.Fatalf("input %d: get found %v, want %v", i, ok, !ok)
		}
		s := seenInput{content: r.Uint64() | 1, code: Code(r.IntN(int(codeCount)))}
		m.put(k, s)
		want[k] = s
		if m.Len() != len(want) {
			t.Fatalf("input %d: Len %d, want %d", i, m.Len(), len(want))
		}
	}
	for k, s := range want {
		if got, ok := m.get(k); !ok || got != s {
			t.Fatalf("get(%x) = %+v %v, want %+v", k, got, ok, s)
		}
	}
	if _, ok := m.get(keyOf("bank:b", "never")); ok {
		t.Fatal("get found a key never put")
	}
	seen := 0
	for k, s := range m.All() {
		seen++
		if want[k] != s {
			t.Fatalf("All gives %x %+v, want %+v", k, s, want[k])
		}
	}
	if seen != len(want) {
		t.Fatalf("All gives %d inputs, want %d", seen, len(want))
	}
	if fill := float64(m.Len()) / float64(len(m.probe)); fill < 0.6 || fill > 0.86 {
		t.Fatalf("table %.2f full, want between 0.68 and 0.85", fill)
	}
	sized := newInputMemory(1000)
	slots := len(sized.probe)
	for i := 0; i < 1000; i++ {
		sized.put(keyOf("bank:b", strconv.Itoa(i)), seenInput{content: 1})
	}
	if len(sized.probe) != slots {
		t.Fatalf("newInputMemory(1000) grew from %d to %d slots for 1000 inputs", slots, len(sized.probe))
	}
}

// The layout depends only on the keys held: any order of the same puts,
// or a memory sized for them at once, gives the same table.
func TestInputMemoryLayoutIsHistoryIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for _, n := range []int{0, 1, 13, 14, 100, 5000, 40000} {
		keys := make([]inputKey, n)
		for i := range keys {
			keys[i] = keyOf("finance:x", strconv.Itoa(i))
			if i%7 == 0 { // a run of keys sharing their first 8 bytes, told apart by the rest
				keys[i] = keys[max(i-1, 0)]
				keys[i][15] ^= byte(i) | 1
			}
		}
		var first inputMemory
		for i, k := range keys {
			first.put(k, seenInput{content: uint64(i)})
		}
		for round := 0; round < 3; round++ {
			order := r.Perm(n)
			other := newInputMemory(n * round / 2)
			if round == 0 {
				other = inputMemory{}
			}
			for _, i := range order {
				other.put(keys[i], seenInput{content: uint64(i)})
			}
			if other.Len() != first.Len() || !slices.Equal(other.probe, first.probe) || !slices.Equal(other.entries, first.entries) {
				t.Fatalf("%d keys, order %d: layouts differ (%d and %d slots)", n, round, len(other.probe), len(first.probe))
			}
		}
		if restored := newInputMemory(n); len(restored.probe) != len(first.probe) {
			t.Fatalf("newInputMemory(%d) has %d slots, a memory grown to %d inputs %d", n, len(restored.probe), n, len(first.probe))
		}
	}
}

// Hundreds of keys with one home slot: distances past the probe byte's
// range, and runs that wrap around the end of the table.
func TestInputMemoryLongRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	keys := make([]inputKey, 400)
	for i := range keys {
		keys[i] = inputKey{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf0} // homes near the last slot
		keys[i][8], keys[i][9] = byte(i>>8), byte(i)
	}
	var first inputMemory
	for round := 0; round < 3; round++ {
		var m inputMemory
		for _, i := range r.Perm(len(keys)) {
			m.put(keys[i], seenInput{content: uint64(i)})
		}
		for i, k := range keys {
			if got, ok := m.get(k); !ok || got.content != uint64(i) {
				t.Fatalf("round %d: key %d: got %+v %v", round, i, got, ok)
			}
		}
		if _, ok := m.get(inputKey{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf0, 0xff}); ok {
			t.Fatal("found a key never put")
		}
		if round == 0 {
			first = m
		} else if !slices.Equal(m.probe, first.probe) || !slices.Equal(m.entries, first.entries) {
			t.Fatalf("round %d: layouts differ", round)
		}
	}
	if first.probe[len(first.probe)-1] == 0 || first.probe[0] == 0 || slices.Max(first.probe) != probeSaturated {
		t.Fatal("the run neither wraps nor saturates the probe byte")
	}
}

// Adding at the spot lookup found must lay the table out as add does,
// whether the table grew in between or not, and a spot the table has
// outlived must not be used.
func TestInputMemoryAddAtSpot(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	var viaAdd, viaSpot inputMemory
	var stale memorySpot
	const n = 20_000
	for i := 0; i < n; i++ {
		k := keyOf("bank:b", strconv.Itoa(i))
		s := seenInput{content: r.Uint64() | 1, code: Code(r.IntN(int(codeCount)))}
		if _, ok := viaAdd.get(k); ok {
			t.Fatalf("input %d: key found before it was added", i)
		}
		viaAdd.add(k, s)
		_, ok, spot := viaSpot.lookup(k)
		if ok {
			t.Fatalf("input %d: lookup found a key never added", i)
		}
		if i%7 == 3 { // a spot from an earlier lookup: the table changed since
			spot = stale
		}
		viaSpot.addAt(spot, k, s)
		stale = spot
		if i > 1000 && i%101 != 0 && i != n-1 { // a difference would stay: check now and then
			continue
		}
		if !slices.Equal(viaAdd.probe, viaSpot.probe) || !slices.Equal(viaAdd.entries, viaSpot.entries) {
			t.Fatalf("input %d: the table differs from add's", i)
		}
	}
}

// get returns what is remembered of the input with key k.
func (m *inputMemory) get(k inputKey) (seenInput, bool) {
	s, ok, _ := m.lookup(k)
	return s, ok
}
