package adequacy

import (
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

// allowedImports is everything the package's non-test files may import: the
// package is pure analytics, so no I/O, network, logging or third party.
var allowedImports = map[string]bool{
	"cmp": true, "context": true, "errors": true, "fmt": true, "math": true,
	"math/rand/v2": true, "runtime": true, "slices": true, "sync": true, "sync/atomic": true,
}

func TestOnlyPureImports(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatalf("read dir: got error %v, want nil", err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("%s: got error %v, want nil", name, err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if !allowedImports[path] {
				t.Errorf("%s imports %q: want only %v", name, path, allowedImports)
			}
		}
	}
}
