// Package journal is the book of record: the journal's records and their
// codec (Record, PostingRecord, Origin, Encode, Decode), the Item a
// transport hands the writer and its record, the Journal interface that
// every journal (embedded, Kafka) satisfies, and the Fold that owns the
// rules of ownership epochs and retried records on replay.
//
// It imports the standard library, ledger and risk only: the readers of
// records (the read model, the API, tools) link no Kafka and no bbolt.
package journal
