package snapshot

import (
	"bytes"
	"context"
	"sync"
)

// Memory is a Store in memory, for tests and tools: it
// keeps each partition's snapshot in its stored form.
type Memory struct {
	mu    sync.Mutex
	saved map[string][]byte
	fail  error // returned by every Save (an unreachable store)
}

// NewMemory returns an empty store.
func NewMemory() *Memory {
	return &Memory{saved: map[string][]byte{}}
}

// Save stores the snapshot.
func (m *Memory) Save(_ context.Context, partition string, snap Snapshot) error {
	b, err := snap.MarshalBinary()
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.saved[partition] = b
	return nil
}

// Latest returns the partition's snapshot.
func (m *Memory) Latest(_ context.Context, partition string) (Snapshot, error) {
	m.mu.Lock()
	b, ok := m.saved[partition]
	m.mu.Unlock()
	if !ok {
		return Snapshot{}, ErrNotFound
	}
	var s Snapshot
	err := s.UnmarshalBinary(b)
	return s, err
}

// Stored returns a copy of the partition's stored bytes (nil when none).
func (m *Memory) Stored(partition string) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return bytes.Clone(m.saved[partition])
}

// Put replaces the partition's stored bytes as they are (a test damages them).
func (m *Memory) Put(partition string, b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saved[partition] = bytes.Clone(b)
}

// SetFail makes every later Save fail with err (nil: succeed again).
func (m *Memory) SetFail(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fail = err
}
