// Package streamtest holds what the tests of the writer (stream), its
// snapshots and its Kafka engine share: the state of a plain replay to
// compare against, simulated input streams, a quiet logger, a bounded
// wait for a condition and a run loop to start and stop. Only tests import it; unlike testsvc it imports
// ledger, risk and simulate (ledger's own tests use testsvc).
package streamtest
