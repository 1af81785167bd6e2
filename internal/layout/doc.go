// Package layout holds the test that keeps the module's dependency
// direction (README "Where things are"); it has no code of its own.
package layout
