// Package docs holds the tests that keep the repository's documents true
// to their sources; it has no code of its own.
package docs
