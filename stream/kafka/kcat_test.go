package kafka

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/stream/journal"
)

// kcatPath finds kcat (Debian package kcat, built on librdkafka); the test
// fails rather than skips without it: CI installs it.
func kcatPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("kcat")
	if err != nil {
		t.Fatal("kcat is not installed: apt-get install -y kcat (CI's .ci/run does)")
	}
	return p
}

// TestKcatInterop: bank events produced by kcat (librdkafka, an independent
// client) with the murmur2 partitioner land on the program's partition and
// are applied; kcat then reads the journal the engine wrote.
func TestKcatInterop(t *testing.T) {
	kcat := kcatPath(t)
	cfg := testKafka(t, 3)
	programs, lines := exampleInputs(t, examples+"1-lukedai-default")
	want := replayState(t, programs, lines)
	rk := startOwningAll(t, cfg, programs)

	produceInOrder(t, cfg, rk, lines[:2]) // the finance office funds the pool (commands topic)
	var bankLines bytes.Buffer
	for _, l := range lines[2:5] {
		bankLines.WriteString("dz-lukedai\t")
		bankLines.Write(l)
		bankLines.WriteByte('\n')
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	produce := exec.CommandContext(ctx, kcat, "-b", strings.Join(cfg.Brokers, ","), "-t", cfg.Topic(TopicBankEvents),
		"-P", "-K", "\t", "-X", "partitioner=murmur2_random")
	produce.Stdin = &bankLines
	if out, err := produce.CombinedOutput(); err != nil {
		t.Fatalf("kcat produce: %v\n%s", err, out)
	}
	waitFor(t, "kcat's events to be applied", 30*time.Second, func() bool { return rk.totals() == 5 })
	produceInOrder(t, cfg, rk, lines[5:])
	if got := partitionState(t, rk, cfg, "dz-lukedai"); !bytes.Equal(got, want) {
		t.Errorf("state with kcat's events differs from replay:\n%s\nwant:\n%s", got, want)
	}

	// kcat reads the journal partition back: programs, claim and six inputs.
	p := ProgramPartition("dz-lukedai", cfg.Partitions)
	consume := exec.CommandContext(ctx, kcat, "-b", strings.Join(cfg.Brokers, ","), "-t", cfg.Topic(TopicJournal),
		"-p", itoa(p), "-C", "-o", "beginning", "-e", "-q")
	out, err := consume.Output()
	if err != nil {
		t.Fatalf("kcat consume: %v", err)
	}
	kinds := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var rec journal.Record
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("journal record read by kcat is not JSON: %q", line)
		}
		kinds[rec.Kind]++
	}
	if kinds[journal.KindInput] != 6 || kinds[journal.KindClaim] != 1 || kinds[journal.KindPrograms] != 1 {
		t.Errorf("journal records read by kcat: got %v, want 6 inputs, 1 claim, 1 programs", kinds)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
