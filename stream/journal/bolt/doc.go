// Package bolt is the embedded journal: one bbolt file under the data
// directory, a batch of records per transaction (one fsync per batch),
// refused with ErrTruncated when the file lost committed pages.
//
// It is the only package that imports go.etcd.io/bbolt (besides cmd and
// tests); it imports stream/journal for the records it keeps.
package bolt
