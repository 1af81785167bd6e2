// Package stream is the single writer: the Runner that owns the engine,
// applies inputs in batches, journals each batch durably before anyone
// hears of its outcome, publishes the read model and takes snapshots.
//
// It imports ledger, risk, stream/journal and stream/snapshot; never a
// transport or a store (no kafka-go, no bbolt, no Redis). The journals are
// in stream/journal/bolt and stream/kafka, the Kafka consumer that feeds
// one Runner per partition in stream/kafka.
package stream
