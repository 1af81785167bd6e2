package streamtest

import (
	"bytes"
	"context"
	"sync"

	"github.com/techcredit/techcredit/stream/snapshot"
)

// MemorySnapshots is a snapshot.Store in memory, for tests: it
// keeps each partition's snapshot in its stored form.
type MemorySnapshots struct {
	mu    sync.Mutex
	saved map[string][]byte
	fail  error // returned by every Save (an unreachable store)
}

// NewMemorySnapshots returns an empty store.
func NewMemorySnapshots() *MemorySnapshots {
	return &MemorySnapshots{saved: map[string][]byte{}}
}

// Save stores the snapshot.
func (m *MemorySnapshots) Save(_ context.Context, partition string, snap snapshot.Snapshot) error {
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
func (m *MemorySnapshots) Latest(_ context.Context, partition string) (snapshot.Snapshot, error) {
	m.mu.Lock()
	b, ok := m.saved[partition]
	m.mu.Unlock()
	if !ok {
		return snapshot.Snapshot{}, snapshot.ErrNotFound
	}
	var s snapshot.Snapshot
	err := s.UnmarshalBinary(b)
	return s, err
}

// Stored returns a copy of the partition's stored bytes (nil when none).
func (m *MemorySnapshots) Stored(partition string) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return bytes.Clone(m.saved[partition])
}

// Put replaces the partition's stored bytes as they are (a test damages them).
func (m *MemorySnapshots) Put(partition string, b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saved[partition] = bytes.Clone(b)
}

// SetFail makes every later Save fail with err (nil: succeed again).
func (m *MemorySnapshots) SetFail(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fail = err
}
