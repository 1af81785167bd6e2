package testsvc

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// ExampleInputs reads an example directory of testdata: its programs.json,
// and the non-blank lines of its *.ndjson files in name order.
func ExampleInputs(t testing.TB, dir string) (programs []byte, lines [][]byte) {
	t.Helper()
	programs, err := os.ReadFile(filepath.Join(dir, "programs.json"))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.ndjson"))
	sort.Strings(files)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(raw))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if len(bytes.TrimSpace(sc.Bytes())) > 0 {
				lines = append(lines, append([]byte(nil), sc.Bytes()...))
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	return programs, lines
}
