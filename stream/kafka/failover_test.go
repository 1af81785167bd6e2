package kafka

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger/readmodel"
)

// mergedExamples combines several worked examples into one programs file
// and one stream (their program ids differ), in file order.
func mergedExamples(t *testing.T, dirs ...string) (programs []byte, lines [][]byte) {
	t.Helper()
	var all []json.RawMessage
	for _, d := range dirs {
		p, l := exampleInputs(t, examples+d)
		var file struct{ Programs []json.RawMessage }
		if err := json.Unmarshal(p, &file); err != nil {
			t.Fatal(err)
		}
		all = append(all, file.Programs...)
		lines = append(lines, l...)
	}
	programs, _ = json.Marshal(map[string]any{"programs": all})
	return programs, lines
}

// programStates is the state of each program's partition engine, by program.
func programStates(t *testing.T, engines []*runningKafka, cfg Config, programs ...string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, prog := range programs {
		for _, rk := range engines {
			if _, ok := rk.k.Owned()[ProgramPartition(prog, cfg.Partitions)]; ok {
				out[prog] = partitionState(t, rk, cfg, prog)
			}
		}
	}
	return out
}

// TestKafkaTwoInstancesHandOver: two engines in one group share the
// partitions; stopping one moves its partitions to the other, which resumes
// after the journal: nothing is lost or applied twice.
func TestKafkaTwoInstancesHandOver(t *testing.T) {
	cfg := testKafka(t, 4)
	programs, lines := exampleInputs(t, examples+"3-guarantee-4321")
	want := replayState(t, programs, lines)
	a := startKafkaEngine(t, cfg, programs)
	waitFor(t, "a to own every partition", 30*time.Second, func() bool { return a.k.Ready() && len(a.k.Owned()) == 4 })
	b := startKafkaEngine(t, cfg, programs)
	waitFor(t, "the partitions to be shared", 60*time.Second, func() bool {
		return a.k.Ready() && b.k.Ready() && len(a.k.Owned()) > 0 && len(b.k.Owned()) > 0 && len(a.k.Owned())+len(b.k.Owned()) == 4
	})
	owner, other := a, b
	if _, ok := b.k.Owned()[ProgramPartition("lukedan", cfg.Partitions)]; ok {
		owner, other = b, a
	}
	half := len(lines) / 2
	produceInOrder(t, cfg, owner, lines[:half])
	owner.stop(t)
	waitFor(t, "the other instance to take every partition", 60*time.Second, func() bool {
		return other.k.Ready() && len(other.k.Owned()) == 4
	})
	produceInOrder(t, cfg, other, lines[half:])
	if got := partitionState(t, other, cfg, "lukedan"); !bytes.Equal(got, want) {
		t.Errorf("state after hand-over differs from replay:\n%s\nwant:\n%s", got, want)
	}
}

// TestKafkaBrokerGoesAwayAndReturns: the broker stops and comes back on the
// same address with its data; the engine reconnects with bounded backoff
// and nothing is lost.
func TestKafkaBrokerGoesAwayAndReturns(t *testing.T) {
	cfg, restartBroker := restartableBroker(t, 2)
	programs, lines := mergedExamples(t, "1-lukedai-default", "8-rounding")
	want := map[string][]byte{}
	_, l1 := exampleInputs(t, examples+"1-lukedai-default")
	want["dz-lukedai"] = replayState(t, programs, l1)
	rk := startOwningAll(t, cfg, programs)
	produceInOrder(t, cfg, rk, lines[:3])
	restartBroker()
	waitFor(t, "the engine to rejoin", 60*time.Second, func() bool { return rk.k.Ready() && len(rk.k.Owned()) == 2 })
	produceInOrder(t, cfg, rk, lines[3:len(l1)])
	got := programStates(t, []*runningKafka{rk}, cfg, "dz-lukedai")
	if !bytes.Equal(got["dz-lukedai"], want["dz-lukedai"]) {
		t.Errorf("state after the broker came back differs from replay:\n%s\nwant:\n%s", got["dz-lukedai"], want["dz-lukedai"])
	}
}

// TestKafkaSharedReadModelKeepsOwnersDocuments: every partition's engine
// knows every program, but only the owner of a program's partition
// publishes its document, so the shared read model shows the real pool.
func TestKafkaSharedReadModelKeepsOwnersDocuments(t *testing.T) {
	cfg := testKafka(t, 3)
	programs, lines := mergedExamples(t, "1-lukedai-default", "5-capped-guarantee") // ids do not collide
	views := readmodel.NewMemory()
	rk := startKafkaEngineViews(t, cfg, programs, views)
	k := rk.k
	rk.waitOwningAll(t, 30*time.Second)
	produceInOrder(t, cfg, rk, lines)
	// A second instance joins and rebuilds the partitions it is given, each
	// publishing its documents into the same read model.
	k2 := startKafkaEngineViews(t, cfg, programs, views).k
	waitFor(t, "the partitions to be shared", 60*time.Second, func() bool {
		return k.Ready() && k2.Ready() && len(k.Owned()) > 0 && len(k2.Owned()) > 0 && len(k.Owned())+len(k2.Owned()) == 3
	})
	for id, want := range map[string]string{"dz-lukedai": "7200000.00", "eu-capped": "10000000.00"} {
		p, ok, err := views.Program(context.Background(), id)
		if err != nil || !ok {
			t.Fatalf("program %s: %v %v", id, ok, err)
		}
		if p.PoolBalance != want {
			t.Errorf("program %s pool balance in the read model: got %s, want %s", id, p.PoolBalance, want)
		}
	}
}
