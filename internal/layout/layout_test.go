package layout

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/techcredit/techcredit"

// adapters: each infrastructure module and the only packages that may
// import it (cmd wires everything, so it may import any). Tests may use a
// real adapter of their own package's subject (a Kafka test imports
// kafka-go only in stream/kafka), which is why test imports are checked
// against the same table.
var adapters = map[string][]string{
	"github.com/segmentio/kafka-go": {"stream/kafka"},
	"github.com/twmb/franz-go":      {"stream/kafka"}, // the in-process broker (devkafka, tests)
	"go.etcd.io/bbolt":              {"stream/journal/bolt"},
	"github.com/redis/go-redis":     {"ledger/redisstore"},
	"github.com/gorilla/mux":        {"api"},
	"github.com/xuri/excelize":      {"report/export"}, // XLSX reports
}

// linksNone: packages that must not link an adapter at all, directly or
// through another package (the domain, and what readers of it link).
var linksNone = []string{"ledger", "risk", "risk/adequacy", "risk/programrisk", "ledger/readmodel",
	"stream", "stream/journal", "stream/snapshot", "api", "ledger/redisstore", "simulate", "report", "report/replay"}

type pkg struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
	Deps         []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// adapterOf is the adapter module dep belongs to, "" for none.
func adapterOf(dep string) string {
	for m := range adapters {
		if dep == m || strings.HasPrefix(dep, m+"/") {
			return m
		}
	}
	return ""
}

func rel(path string) string { return strings.TrimPrefix(strings.TrimPrefix(path, module), "/") }

func allowed(adapter, importer string) bool {
	if importer == "cmd/techcredit" || strings.HasPrefix(importer, "cmd/") {
		return true
	}
	for _, a := range adapters[adapter] {
		if importer == a {
			return true
		}
	}
	return false
}

// TestAdaptersImportedInTheirHomeOnly: only stream/kafka imports kafka-go,
// only the bbolt journal bbolt, only the Redis store go-redis, only api
// gorilla/mux (and cmd, which wires them), in code and in tests.
func TestAdaptersImportedInTheirHomeOnly(t *testing.T) {
	pkgs := listPackages(t)
	if len(pkgs) < 15 {
		t.Fatalf("go list found %d packages: the test is not looking at the module", len(pkgs))
	}
	for _, p := range pkgs {
		for _, imports := range [][]string{p.Imports, p.TestImports, p.XTestImports} {
			for _, imp := range imports {
				if a := adapterOf(imp); a != "" && !allowed(a, rel(p.ImportPath)) {
					t.Errorf("%s imports %s; only %v (and cmd) may", rel(p.ImportPath), imp, adapters[a])
				}
			}
		}
	}
}

// TestDomainLinksNoAdapter: the domain and the packages its readers use
// link no Kafka, bbolt, Redis or router, not even through another package.
func TestDomainLinksNoAdapter(t *testing.T) {
	deps := map[string][]string{}
	for _, p := range listPackages(t) {
		deps[rel(p.ImportPath)] = p.Deps
	}
	for _, name := range linksNone {
		ds, ok := deps[name]
		if !ok {
			t.Errorf("package %s is gone: update the layout test and the README", name)
			continue
		}
		for _, d := range ds {
			if a := adapterOf(d); a != "" && !(a == "github.com/gorilla/mux" && name == "api") &&
				!(a == "github.com/redis/go-redis" && name == "ledger/redisstore") {
				t.Errorf("%s links %s", name, d)
			}
		}
	}
}

// TestReadmeTableNamesEveryPackage: the README's "Where things are" table
// has a row for every package of the module and none for a package that
// is gone, so that the map a newcomer reads is the tree.
func TestReadmeTableNamesEveryPackage(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "## Where things are\n")
	if !ok {
		t.Fatal(`README has no "## Where things are" section`)
	}
	table, _, _ = strings.Cut(table, "\n\n"+"`internal/layout` fails")
	listed := map[string]bool{}
	for _, line := range strings.Split(table, "\n") {
		first, _, found := strings.Cut(strings.TrimPrefix(line, "| "), " |")
		if !found || !strings.HasPrefix(first, "`") {
			continue
		}
		for _, name := range strings.Split(first, ", ") { // a row may name several packages
			listed[strings.Trim(name, "`/")] = true
		}
	}
	inTree := map[string]bool{}
	for _, p := range listPackages(t) {
		name := rel(p.ImportPath)
		inTree[name] = true
		if !listed[name] {
			t.Errorf("package %s has no row in README's \"Where things are\"", name)
		}
	}
	for name := range listed {
		if !inTree[name] && name != "testdata" {
			t.Errorf("README's \"Where things are\" names %s, which is not a package of the module", name)
		}
	}
}
