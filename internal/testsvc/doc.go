// Package testsvc holds what the tests of several packages share to run
// real services on loopback: a free port, a redis-server subprocess, and
// a buffer a server's goroutines may write while the test reads it; and the
// worked examples' inputs. Only tests import it.
package testsvc
