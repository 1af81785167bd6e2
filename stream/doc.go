// Package stream runs the engine against the world: the journal (the book
// of record, embedded in a bbolt file or on a Kafka topic), the single
// writer that applies inputs in batches and journals them before anyone
// hears of their outcome, and the Kafka consumer that feeds it.
package stream
