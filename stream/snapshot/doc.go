// Package snapshot holds the writer's snapshot envelope (Snapshot, its
// stored form with checksums, the anchor that ties it to one journal
// record), the Store interface a snapshot store satisfies, and Memory, a
// store in memory for tests and tools.
//
// It imports the standard library, ledger and stream/journal only, so a
// store (Redis) links no Kafka and no bbolt.
package snapshot
