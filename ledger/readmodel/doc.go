// Package readmodel is the read side of techcredit: the queries the API
// asks (Reader), what the single writer publishes into (Store), and the
// in-memory read model of the embedded default (Memory). The documents
// themselves (ledger.LoanView, ...) are the engine's deterministic output
// and stay in ledger, built from its private state; a read model only
// stores and indexes them.
//
// Every list is sorted by id and paged by a cursor (the last id of the
// previous page); claims, loans and projects also by amount and by date
// (sort.go: the cursor is then the last document's position, its sort key
// and id). Every filter the API offers has an index of its own in every
// order its list offers, so that a page costs its length and a binary
// search, whatever the number of documents.
package readmodel
