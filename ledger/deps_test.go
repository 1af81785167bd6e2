package ledger

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPureCore keeps the dependency direction: the domain packages never
// import Kafka, Redis, HTTP, a logger, a store or an adapter of this module.
func TestPureCore(t *testing.T) {
	forbidden := []string{
		"net", "log", "os/exec",
		"github.com/segmentio/", "github.com/redis/", "github.com/gorilla/", "github.com/twmb/",
		"go.etcd.io/", "github.com/prometheus/",
		"github.com/techcredit/techcredit/stream", "github.com/techcredit/techcredit/api",
		"github.com/techcredit/techcredit/cmd",
	}
	exact := map[string]bool{"database/sql": true} // decimal's database/sql/driver is fine
	for _, pkg := range []string{"../ledger", "../risk", "../risk/adequacy", "../risk/programrisk", "./readmodel", "../internal/jcs"} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if forbiddenDep(dep, forbidden, exact) {
				t.Errorf("%s depends on %s, which the pure core must not import", pkg, dep)
			}
		}
	}
}

// forbiddenDep reports whether dep is one of exact, or is or lies under
// one of forbidden (an entry ending in "/" is a prefix of module paths).
func forbiddenDep(dep string, forbidden []string, exact map[string]bool) bool {
	if exact[dep] {
		return true
	}
	for _, bad := range forbidden {
		if dep == bad || strings.HasPrefix(dep, bad+"/") || (strings.HasSuffix(bad, "/") && strings.HasPrefix(dep, bad)) {
			return true
		}
	}
	return false
}

func TestForbiddenDep(t *testing.T) {
	forbidden, exact := []string{"net", "github.com/redis/"}, map[string]bool{"database/sql": true}
	for dep, want := range map[string]bool{"net": true, "net/http": true, "netip": false, "github.com/redis/go-redis/v9": true,
		"database/sql": true, "database/sql/driver": false, "encoding/json": false} {
		if got := forbiddenDep(dep, forbidden, exact); got != want {
			t.Errorf("forbiddenDep(%q): got %v, want %v", dep, got, want)
		}
	}
}
