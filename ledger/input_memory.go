package ledger

import (
	"encoding/binary"
	"iter"
	"math/bits"
)

// inputMemory is the engine's idempotency memory (SPEC §4): every input
// with a readable envelope, by key, with the fingerprint of its content and
// its outcome's code. A deployment remembers every input it ever took, so
// the memory is most of the engine's heap: it is a flat open-addressing
// table of 26 bytes a slot (a byte of probe distance and a 25-byte entry),
// kept between 68% and 85% full, about 34 bytes an input. A Go map of the
// same entries takes 33 bytes a slot and, between its doublings, from 38 to
// 75 bytes an input.
//
// The table is a Robin Hood hash table with ties broken by key, so its
// layout depends only on the keys it holds, never on the order they came
// in: a memory rebuilt from a snapshot is identical to the one that wrote
// it, and All's order is the same on every replica. Keys are SHA-256
// prefixes, uniform already: their first 8 bytes place them. Entries are
// never removed.
type inputMemory struct {
	probe   []uint8 // 0: empty; else 1 + the entry's distance from its home slot (255: 254 or more)
	entries []memoryEntry
	n       int
}

// memoryEntry is one remembered input, 25 bytes with no padding.
type memoryEntry struct {
	key     inputKey
	content [8]byte // seenInput.content, little-endian
	code    Code
}

// The table grows by a quarter when a put would fill it past 17/20.
const (
	memoryFillMax20 = 17
	memoryMinSlots  = 16
	probeSaturated  = 255
)

// newInputMemory returns a memory with room for n inputs, of the size a
// memory that took n inputs one by one has.
func newInputMemory(n int) inputMemory {
	slots := 0
	for n*20 > slots*memoryFillMax20 {
		slots = memoryGrowth(slots)
	}
	var m inputMemory
	m.resize(slots)
	return m
}

func memoryGrowth(slots int) int { return max(memoryMinSlots, slots+slots/4) }

// Len is the number of inputs remembered.
func (m *inputMemory) Len() int { return m.n }

// memorySpot is where a key that lookup did not find goes: the slot where
// its probe stopped and its distance there, valid while the table holds
// the same entries (n) in the same slots.
type memorySpot struct {
	slot, distance int
	n, slots       int // -1 slots: no spot
}

// lookup is get, and for an absent key the spot that addAt starts from,
// so that remembering an input after applying it probes the table once.
func (m *inputMemory) lookup(k inputKey) (seenInput, bool, memorySpot) {
	i, d, ok := m.probeFor(k)
	if ok {
		return m.entries[i].seen(), true, memorySpot{slots: -1}
	}
	if d < 0 {
		return seenInput{}, false, memorySpot{slots: -1}
	}
	return seenInput{}, false, memorySpot{slot: i, distance: d, n: m.n, slots: len(m.probe)}
}

// find returns the slot of key k.
func (m *inputMemory) find(k inputKey) (int, bool) {
	i, _, ok := m.probeFor(k)
	return i, ok
}

// probeFor returns the slot of key k, or where its probe stopped and the
// distance from k's home there, which is where insert would put k (d is -1
// when the table is empty). Probing stops at an empty slot or at an entry
// closer to its home than k would be (or as close with a larger key):
// Robin Hood order would have put k before it.
func (m *inputMemory) probeFor(k inputKey) (slot, d int, ok bool) {
	if m.n == 0 {
		return 0, -1, false
	}
	for i, d := m.home(k), 0; ; d++ {
		if m.probe[i] == 0 {
			return i, d, false
		}
		switch rd := m.distance(i); {
		case rd < d:
			return i, d, false
		case rd == d:
			if m.entries[i].key == k {
				return i, d, true
			}
			if keyLess(k, m.entries[i].key) {
				return i, d, false
			}
		}
		if i++; i == len(m.probe) {
			i = 0
		}
	}
}

// put remembers s for key k, replacing what was remembered for k.
func (m *inputMemory) put(k inputKey, s seenInput) {
	if i, ok := m.find(k); ok {
		m.entries[i] = entryOf(k, s)
		return
	}
	m.add(k, s)
}

// add remembers s for key k, which the memory does not hold: the engine
// looked k up just before, so put's own look-up would be wasted.
func (m *inputMemory) add(k inputKey, s seenInput) {
	m.addAt(memorySpot{slots: -1}, k, s)
}

// addAt is add for a key that lookup returned spot for: when the table
// has not changed since and needs no room, the entry goes at the spot
// without probing again.
func (m *inputMemory) addAt(spot memorySpot, k inputKey, s seenInput) {
	if (m.n+1)*20 > len(m.probe)*memoryFillMax20 {
		m.resize(memoryGrowth(len(m.probe)))
	}
	if spot.slots == len(m.probe) && spot.n == m.n {
		m.insertAt(spot.slot, spot.distance, entryOf(k, s))
	} else {
		m.insert(entryOf(k, s))
	}
	m.n++
}

// insert places an entry whose key is absent in a table with room. Robin
// Hood order keeps each run of entries sorted by (home slot, key), so the
// entry goes where it sorts, before the first entry closer to its home (or
// as close, with a larger key), and the rest of the run moves up one slot.
func (m *inputMemory) insert(e memoryEntry) {
	i, d := m.home(e.key), 0
	for m.probe[i] != 0 {
		if rd := m.distance(i); rd < d || (rd == d && keyLess(e.key, m.entries[i].key)) {
			break
		}
		if i++; i == len(m.probe) {
			i = 0
		}
		d++
	}
	m.insertAt(i, d, e)
}

// insertAt places e at slot i, at distance d from its home, where insert
// found it goes.
func (m *inputMemory) insertAt(i, d int, e memoryEntry) {
	m.shiftRun(i)
	m.entries[i], m.probe[i] = e, probeOf(d)
}

// shiftRun moves the entries from slot i up to the next empty slot one
// slot further, one slot farther from their homes, leaving slot i free.
func (m *inputMemory) shiftRun(i int) {
	end := i
	for m.probe[end] != 0 {
		if end++; end == len(m.probe) {
			end = 0
		}
	}
	if end >= i {
		m.shift(i, end)
		return
	}
	last := len(m.probe) - 1 // the run wraps around the end of the table
	m.shift(0, end)
	m.entries[0], m.probe[0] = m.entries[last], farther(m.probe[last])
	m.shift(i, last)
}

// shift moves slots [from, to) to [from+1, to]; slot to is free.
func (m *inputMemory) shift(from, to int) {
	copy(m.entries[from+1:to+1], m.entries[from:to])
	copy(m.probe[from+1:to+1], m.probe[from:to])
	for j := from + 1; j <= to; j++ {
		m.probe[j] = farther(m.probe[j])
	}
}

// farther is the probe byte of an entry moved one slot from its home.
func farther(p uint8) uint8 { return min(p, probeSaturated-1) + 1 }

// All iterates over the remembered inputs in slot order.
func (m *inputMemory) All() iter.Seq2[inputKey, seenInput] {
	return func(yield func(inputKey, seenInput) bool) {
		for i, p := range m.probe {
			if p != 0 && !yield(m.entries[i].key, m.entries[i].seen()) {
				return
			}
		}
	}
}

// resize moves the entries into a table of the given number of slots.
func (m *inputMemory) resize(slots int) {
	probe, entries := m.probe, m.entries
	if slots == 0 {
		m.probe, m.entries = nil, nil
	} else {
		m.probe, m.entries = make([]uint8, slots), make([]memoryEntry, slots)
	}
	for i, p := range probe {
		if p != 0 {
			m.insert(entries[i])
		}
	}
}

// home is the first slot a key may take: its first 8 bytes scaled to the
// table's size (no power of two needed).
func (m *inputMemory) home(k inputKey) int {
	hi, _ := bits.Mul64(binary.LittleEndian.Uint64(k[:8]), uint64(len(m.probe)))
	return int(hi)
}

// distance is how far the entry in slot i is from its home slot.
func (m *inputMemory) distance(i int) int {
	if p := m.probe[i]; p < probeSaturated {
		return int(p) - 1
	}
	d := i - m.home(m.entries[i].key)
	if d < 0 {
		d += len(m.probe)
	}
	return d
}

func probeOf(distance int) uint8 { return uint8(min(distance, probeSaturated-1) + 1) }

func keyLess(a, b inputKey) bool {
	x, y := binary.BigEndian.Uint64(a[:8]), binary.BigEndian.Uint64(b[:8])
	return x < y || (x == y && binary.BigEndian.Uint64(a[8:]) < binary.BigEndian.Uint64(b[8:]))
}

func entryOf(k inputKey, s seenInput) memoryEntry {
	e := memoryEntry{key: k, code: s.code}
	binary.LittleEndian.PutUint64(e.content[:], s.content)
	return e
}

func (e *memoryEntry) seen() seenInput {
	return seenInput{content: binary.LittleEndian.Uint64(e.content[:]), code: e.code}
}
