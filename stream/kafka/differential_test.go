package kafka

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
)

// differentialLoans is the size of the differential stream: about ten
// inputs a loan, 3 % hostile.
const differentialLoans = 300

// differentialStream is simulate's seeded stream (all three program
// kinds, duplicates, id conflicts, malformed amounts, garbage lines) cut
// before today, with the 4321 guarantee program split in two: the inputs
// of every other sd-lukedan loan move to sd-lukedan-b, so the guarantor
// sd-kedan is liable in two guarantee programs. Both guarantee programs
// share the kafka_key "guarantees" (SPEC §2).
func differentialStream(t *testing.T, seed uint64) (programs []byte, lines [][]byte) {
	t.Helper()
	until := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	base, s := simulate.Generate(simulate.Options{Loans: differentialLoans, Seed: seed, BadInputRate: 0.03, Until: until})
	var file struct {
		Programs []map[string]any `json:"programs"`
	}
	if err := json.Unmarshal(base, &file); err != nil {
		t.Fatal(err)
	}
	var second map[string]any
	for _, p := range file.Programs {
		if p["kind"] == string(risk.KindGuaranteeProgram) {
			p["kafka_key"] = "guarantees"
			second = map[string]any{}
			for k, v := range p {
				second[k] = v
			}
			second["id"], second["name"] = "sd-lukedan-b", "鲁科担 B"
		}
	}
	file.Programs = append(file.Programs, second)
	programs, _ = json.Marshal(file)
	moved := 0
	for l := range s.All() {
		line := append([]byte(nil), l...)
		var env struct {
			Program string
			Data    struct{ Loan, Claim string }
		}
		if json.Unmarshal(line, &env) == nil && env.Program == "sd-lukedan" {
			loan := env.Data.Loan
			if loan == "" {
				_, loan, _ = strings.Cut(env.Data.Claim, "/")
			}
			if loan != "" && loan[len(loan)-1]%2 == 1 {
				line = bytes.Replace(line, []byte(`"program":"sd-lukedan"`), []byte(`"program":"sd-lukedan-b"`), 1)
				line = bytes.Replace(line, []byte(`"claim":"sd-lukedan/`), []byte(`"claim":"sd-lukedan-b/`), 1)
				moved++
			}
		}
		lines = append(lines, line)
	}
	if moved == 0 {
		t.Fatal("no input moved to the second guarantee program")
	}
	return programs, lines
}

// copiesOf is how many partitions a line goes to: one for a program's or
// a fund's input, every partition for the rest (InputMessages).
func copiesOf(line []byte, partitions int) int {
	var env struct{ Program, Fund string }
	_ = json.Unmarshal(line, &env)
	if env.Program != "" || env.Fund != "" {
		return 1
	}
	return partitions
}

// TestKafkaDecidesAsOneEngine is the differential test of the Kafka mode:
// the same seeded stream goes through one embedded engine, in file order,
// and through the Kafka mode with 3 partitions and two instances, the
// second joining halfway (a hand-over of partitions) and the first
// leaving later (a second hand-over). The producer keeps the file's order
// across the two input topics (it waits for the journal whenever the
// topic changes). The merged state then equals the embedded state field by
// field: every program, claim, loan, guarantor and project, the rejected
// inputs, and the counts, where the only difference is the one SPEC §15
// specifies: an input without a program or fund is applied (or rejected,
// or a duplicate) once on every partition.
func TestKafkaDecidesAsOneEngine(t *testing.T) {
	const partitions = 3
	cfg := testKafka(t, partitions)
	programs, lines := differentialStream(t, 11)
	pc := checkedPrograms(t, programs)

	// The embedded engine, and what the Kafka mode must count beside it.
	embedded := ledger.NewEngine(pc)
	wantCopies := map[ledger.Status]int64{}
	for _, l := range lines {
		out, err := embedded.Apply(l, ledger.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		n := copiesOf(l, partitions)
		wantCopies[out.Status] += int64(n)
	}
	want := embedded.State()

	prod := keyedProducer(t, cfg, pc)
	instances := []*runningKafka{startKafkaEngine(t, cfg, programs)}
	journaled := func() (n int64, owned int) {
		for _, rk := range instances {
			if rk.loop.Stopped() {
				continue
			}
			if !rk.k.Ready() {
				return -1, 0
			}
			n += rk.totals()
			owned += len(rk.k.Owned())
		}
		return n, owned
	}
	var sent int64
	settle := func(what string) {
		waitFor(t, what, 60*time.Second, func() bool { n, owned := journaled(); return owned == partitions && n == sent })
	}
	settle("the first instance to own every partition")
	ctx := context.Background()
	send := func(run [][]byte) {
		if _, err := prod.Produce(ctx, run); err != nil {
			t.Fatal(err)
		}
		for _, l := range run {
			sent += int64(copiesOf(l, partitions))
		}
		settle("the run to be journaled")
	}
	// Runs of consecutive lines bound for one topic keep their order in
	// each partition; at a change of topic the producer waits for the
	// journal, so that no finance command overtakes a bank's input.
	topicOf := func(l []byte) string {
		var env struct{ Source string }
		_ = json.Unmarshal(l, &env)
		return cfg.InputTopic(env.Source)
	}
	handOvers := map[int]func(){
		len(lines) / 3:     func() { instances = append(instances, startKafkaEngine(t, cfg, programs)) },
		2 * len(lines) / 3: func() { instances[0].stop(t) },
	}
	var run [][]byte
	for i, l := range lines {
		if h := handOvers[i]; h != nil || (len(run) > 0 && (topicOf(run[0]) != topicOf(l) || len(run) == ProduceBatchMax)) {
			send(run)
			run = nil
			if h != nil {
				h()
				settle("the hand-over")
			}
		}
		run = append(run, l)
	}
	send(run)

	last := instances[len(instances)-1]
	var states []*ledger.State
	if err := last.k.State(ctx, func(_ int, e *ledger.Engine) { states = append(states, e.State()) }); err != nil {
		t.Fatal(err)
	}
	if len(states) != partitions {
		t.Fatalf("the last instance owns %d partitions, want %d", len(states), partitions)
	}
	got := ledger.MergeStates(states)
	compareField := func(name string, g, w any) {
		gb, _ := json.MarshalIndent(g, "", " ")
		wb, _ := json.MarshalIndent(w, "", " ")
		if !bytes.Equal(gb, wb) {
			t.Errorf("%s: the Kafka mode differs from the embedded engine:\n%s\nwant:\n%s", name, gb, wb)
		}
	}
	compareField("programs", got.Programs, want.Programs)
	compareField("claims", got.Claims, want.Claims)
	compareField("loans", got.Loans, want.Loans)
	compareField("guarantors", got.Guarantors, want.Guarantors)
	compareField("projects", got.Projects, want.Projects)
	compareField("rejected (distinct)", distinctRejected(got.Rejected), distinctRejected(want.Rejected))
	if g, w := int64(len(got.Rejected)), wantCopies[ledger.StatusRejected]; g != w {
		t.Errorf("rejected: got %d, want %d (%d embedded, un-keyed ones once per partition)", g, w, len(want.Rejected))
	}
	if g, w := got.Inputs, wantCopies[ledger.StatusApplied]+wantCopies[ledger.StatusDuplicate]+wantCopies[ledger.StatusRejected]; g != w {
		t.Errorf("inputs: got %d, want %d (%d embedded)", g, w, want.Inputs)
	}
	if got.Applied != wantCopies[ledger.StatusApplied] || got.Duplicates != wantCopies[ledger.StatusDuplicate] {
		t.Errorf("applied %d duplicates %d, want %d and %d (embedded %d and %d)", got.Applied, got.Duplicates,
			wantCopies[ledger.StatusApplied], wantCopies[ledger.StatusDuplicate], want.Applied, want.Duplicates)
	}
	if !got.Ledger.Balanced || !want.Ledger.Balanced {
		t.Errorf("ledger balanced: Kafka %v, embedded %v", got.Ledger.Balanced, want.Ledger.Balanced)
	}
	// The stream is not trivial: both guarantee programs lend, claims
	// open, inputs are refused and resent.
	inB, liable := 0, false
	for _, l := range want.Loans {
		if l.Program == "sd-lukedan-b" {
			inB++
		}
	}
	for _, g := range want.Guarantors {
		liable = liable || g.Liability != "0.00"
	}
	if inB == 0 || len(want.Claims) == 0 || len(want.Rejected) == 0 || want.Duplicates == 0 || !liable {
		t.Errorf("a trivial stream: %d loans in sd-lukedan-b, %d claims, %d rejected, %d duplicates, a guarantor liable %v",
			inB, len(want.Claims), len(want.Rejected), want.Duplicates, liable)
	}
	t.Logf("%d lines: %d loans (%d in sd-lukedan-b), %d claims, %d rejected, %d duplicates; Kafka inputs %d",
		len(lines), len(want.Loans), inB, len(want.Claims), len(want.Rejected), want.Duplicates, got.Inputs)
}

// distinctRejected lists each rejected (source, id, code) once: an
// un-keyed input is rejected on every partition (SPEC §15).
func distinctRejected(rs []ledger.RejectedDoc) []ledger.RejectedDoc {
	seen := map[string]bool{}
	var out []ledger.RejectedDoc
	for _, r := range rs {
		b, _ := json.Marshal(r)
		if !seen[string(b)] {
			seen[string(b)] = true
			out = append(out, r)
		}
	}
	return out
}
