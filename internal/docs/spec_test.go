package docs

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"testing"
)

// TestSpecCopyCurrent: docs/SPEC.md is the copy of the project's
// shared/SPEC.md that the README links to, so a reader of the repository
// alone has the contract. Where shared/ stands beside the checkout (a
// developer's machine, CI), the copy must equal it: refresh it with
// `cp ../shared/SPEC.md docs/SPEC.md`.
func TestSpecCopyCurrent(t *testing.T) {
	copy, err := os.ReadFile("../../docs/SPEC.md")
	if err != nil {
		t.Fatal(err)
	}
	shared, err := os.ReadFile("../../../shared/SPEC.md")
	if errors.Is(err, fs.ErrNotExist) {
		t.Log("no shared/SPEC.md beside the checkout: the copy is not compared")
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(copy, shared) {
		t.Errorf("docs/SPEC.md differs from shared/SPEC.md: cp ../shared/SPEC.md docs/SPEC.md")
	}
}
