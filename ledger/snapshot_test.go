package ledger_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/internal/testsvc"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
)

// snapStream is a programs file and the inputs to apply under it.
type snapStream struct {
	name     string
	programs []byte
	lines    [][]byte
}

func exampleStreams(t *testing.T) []snapStream {
	t.Helper()
	dirs, _ := filepath.Glob("../testdata/examples/*")
	var out []snapStream
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "programs.json")); err != nil {
			continue // not an example directory
		}
		s := snapStream{name: filepath.Base(d)}
		s.programs, s.lines = testsvc.ExampleInputs(t, d)
		out = append(out, s)
	}
	if len(out) == 0 {
		t.Fatal("no examples under ../testdata/examples")
	}
	return out
}

func simulatedStream(name string, opts simulate.Options) snapStream {
	programs, gen := simulate.Generate(opts)
	s := snapStream{name: name, programs: programs}
	for line := range gen.All() {
		s.lines = append(s.lines, append([]byte(nil), line...))
	}
	return s
}

func snapStreams(t *testing.T) []snapStream {
	out := exampleStreams(t)
	loans := 250
	if testing.Short() {
		loans = 100
	}
	for _, seed := range []uint64{1, 2, 3} {
		out = append(out, simulatedStream(fmt.Sprintf("simulate-seed-%d", seed), simulate.Options{Loans: loans, Seed: seed, BadInputRate: 0.05}))
	}
	// Stopped in flight: loans running, claims queued or awaiting approval.
	out = append(out, simulatedStream("simulate-in-flight", simulate.Options{Loans: loans, Seed: 7, BadInputRate: 0.05,
		Until: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}))
	// Caps that use per-bank state: an annual cap per bank and suspension
	// above an NPL ratio.
	capped := simulatedStream("simulate-bank-caps", simulate.Options{Loans: loans, Seed: 9, BadInputRate: 0.02})
	before := capped.programs
	capped.programs = bytes.Replace(capped.programs, []byte(`"per_loan_cap": "5000000.00",`),
		[]byte(`"per_loan_cap": "5000000.00", "per_bank_annual_cap": "1500000.00", "bank_npl_suspend_ratio": "0.02",`), 1)
	if bytes.Equal(before, capped.programs) {
		t.Fatal("the simulated programs no longer have the per_loan_cap this test extends")
	}
	return append(out, capped)
}

// simulatedSnapshot applies the simulated stream of opts to a new engine
// and returns the stream, the engine's config, the engine and its snapshot:
// what the refusal tests damage.
func simulatedSnapshot(t testing.TB, name string, opts simulate.Options) (snapStream, *risk.Config, *ledger.Engine, []byte) {
	t.Helper()
	s := simulatedStream(name, opts)
	cfg := parseConfig(t, s.programs)
	e := ledger.NewEngine(cfg)
	applyAll(t, e, s.lines)
	return s, cfg, e, snapshotOf(t, e)
}

func parseConfig(t testing.TB, programs []byte) *risk.Config {
	t.Helper()
	cfg, err := risk.ParsePrograms(bytes.NewReader(programs))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// did is what an input did: its status, code and the documents it changed.
type did struct {
	status  ledger.Status
	code    ledger.Code
	changes string
}

func (d did) String() string { return fmt.Sprintf("%s %s %s", d.status, d.code, d.changes) }

// applyAll applies lines and returns what each did.
func applyAll(t testing.TB, e *ledger.Engine, lines [][]byte) []did {
	t.Helper()
	out := make([]did, len(lines))
	for i, l := range lines {
		o, err := e.Apply(l, ledger.Meta{})
		if err != nil {
			t.Fatalf("input %d: %v", i+1, err)
		}
		out[i] = did{o.Status, o.Code, fmt.Sprint(o.Changes)}
	}
	return out
}

func stateOf(t testing.TB, e *ledger.Engine) []byte {
	t.Helper()
	b, err := ledger.MarshalState(e.State())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func snapshotOf(t testing.TB, e *ledger.Engine) []byte {
	t.Helper()
	b, err := e.MarshalSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSnapshotRestoreContinues cuts every stream at random points: the
// engine restored from a snapshot there, given the rest of the inputs,
// answers every input as the uninterrupted engine did and ends in a
// byte-identical state; its own snapshot is the same bytes as the one it
// came from; and inputs sent again after the restore are still recognised
// as duplicates, or refused as id_conflict with other content.
func TestSnapshotRestoreContinues(t *testing.T) {
	for _, s := range snapStreams(t) {
		t.Run(s.name, func(t *testing.T) {
			cfg := parseConfig(t, s.programs)
			full := ledger.NewEngine(cfg)
			wantOutcomes := applyAll(t, full, s.lines)
			wantState := stateOf(t, full)
			rng := rand.New(rand.NewPCG(uint64(len(s.lines)), 42))
			cuts := []int{0, len(s.lines)}
			for range 4 {
				cuts = append(cuts, rng.IntN(len(s.lines)+1))
			}
			if len(s.lines) <= 60 {
				cuts = cuts[:0]
				for cut := range len(s.lines) + 1 {
					cuts = append(cuts, cut)
				}
			}
			for _, cut := range cuts {
				e := ledger.NewEngine(cfg)
				applyAll(t, e, s.lines[:cut])
				snap := snapshotOf(t, e)
				if again := snapshotOf(t, e); !bytes.Equal(again, snap) {
					t.Fatalf("cut %d: two snapshots of the same state differ", cut)
				}
				restored, err := ledger.RestoreSnapshot(cfg, snap)
				if err != nil {
					t.Fatalf("cut %d: restore: %v", cut, err)
				}
				if got := snapshotOf(t, restored); !bytes.Equal(got, snap) {
					t.Fatalf("cut %d: the restored engine's snapshot differs from the one it came from", cut)
				}
				if got, want := stateOf(t, restored), stateOf(t, e); !bytes.Equal(got, want) {
					t.Fatalf("cut %d: restored state differs:\n%s", cut, firstDiff(got, want))
				}
				if d := ledger.EngineDiff(e, restored); d != "" {
					t.Fatalf("cut %d: restored engine differs: %s", cut, d)
				}
				got := applyAll(t, restored, s.lines[cut:])
				for i, g := range got {
					if g != wantOutcomes[cut+i] {
						t.Fatalf("cut %d: input %d: got %s, want %s", cut, cut+i+1, g, wantOutcomes[cut+i])
					}
				}
				if gotState := stateOf(t, restored); !bytes.Equal(gotState, wantState) {
					t.Fatalf("cut %d: final state differs from the uninterrupted run:\n%s", cut, firstDiff(gotState, wantState))
				}
				if d := ledger.EngineDiff(full, restored); d != "" {
					t.Fatalf("cut %d: final engine differs from the uninterrupted one: %s", cut, d)
				}
				checkIdempotencyMemory(t, s.lines[:cut], wantOutcomes[:cut], snap)
			}
		})
	}
}

// checkIdempotencyMemory sends inputs applied before the snapshot again
// to two engines restored from it: as they were (duplicates reporting the
// original outcome) and with other content under the same id (id_conflict).
func checkIdempotencyMemory(t *testing.T, before [][]byte, first []did, snap []byte) {
	t.Helper()
	if len(before) == 0 {
		return
	}
	restored, err := ledger.RestoreSnapshot(nil, snap)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range before {
		if first[i].status == ledger.StatusDuplicate {
			continue
		}
		out, err := restored.Apply(line, ledger.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if out.Status != ledger.StatusDuplicate && !(out.Status == ledger.StatusRejected && out.Code == ledger.CodeBadJSON) &&
			!(out.Status == ledger.StatusRejected && out.Code == ledger.CodeBadEnvelope) {
			t.Fatalf("input %d sent again after the restore: got %s %s, want duplicate", i+1, out.Status, out.Code)
		}
		if out.Status == ledger.StatusDuplicate && out.Code != first[i].code {
			t.Fatalf("input %d duplicate: got original code %q, want %q", i+1, out.Code, first[i].code)
		}
	}
	// The same id with other content: change the `at` of an applied input.
	for i, line := range before {
		if first[i].status != ledger.StatusApplied || !bytes.Contains(line, []byte(`"at":"20`)) {
			continue
		}
		changed := bytes.Replace(line, []byte(`"at":"20`), []byte(`"at":"19`), 1)
		out, err := restored.Apply(changed, ledger.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if out.Code != ledger.CodeIDConflict {
			t.Fatalf("input %d with other content after the restore: got %s %s, want rejected id_conflict", i+1, out.Status, out.Code)
		}
		return
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d: got %s\n          want %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("got %d lines, want %d", len(g), len(w))
}

// TestSnapshotDeterministic: two engines fed the same inputs (their maps
// iterate in different orders) write the same snapshot bytes.
func TestSnapshotDeterministic(t *testing.T) {
	s := simulatedStream("det", simulate.Options{Loans: 200, Seed: 11})
	cfg := parseConfig(t, s.programs)
	a, b := ledger.NewEngine(cfg), ledger.NewEngine(parseConfig(t, s.programs))
	applyAll(t, a, s.lines)
	applyAll(t, b, s.lines)
	if !bytes.Equal(snapshotOf(t, a), snapshotOf(t, b)) {
		t.Fatal("the same inputs gave different snapshots")
	}
}

// TestSnapshotRefused: damaged, truncated, foreign, other-version and
// other-programs snapshots are refused with ErrInvalidSnapshot and a
// message that says why.
func TestSnapshotRefused(t *testing.T) {
	s, cfg, e, snap := simulatedSnapshot(t, "refused", simulate.Options{Loans: 60, Seed: 3})

	flip := func(i int) []byte {
		b := bytes.Clone(snap)
		b[i] ^= 0x20
		return b
	}
	withVersion := func(v uint16) []byte {
		b := bytes.Clone(snap)
		binary.BigEndian.PutUint16(b[8:], v)
		sum := sha256.Sum256(b[:len(b)-32])
		copy(b[len(b)-32:], sum[:])
		return b
	}
	otherPrograms := bytes.Replace(s.programs, []byte(`"name": "`), []byte(`"name": "x`), 1)
	if bytes.Equal(otherPrograms, s.programs) {
		t.Fatal("the simulated programs have no name to change")
	}
	cases := []struct {
		name string
		b    []byte
		cfg  *risk.Config
		want string
	}{
		{"empty", nil, cfg, "not an engine snapshot"},
		{"foreign JSON", []byte(`{"inputs":12}`), cfg, "not an engine snapshot"},
		{"foreign state document", stateOf(t, e), cfg, "not an engine snapshot"},
		{"magic flipped", flip(0), cfg, "not an engine snapshot"},
		{"version flipped", flip(9), cfg, "format version"},
		{"other version, valid checksum", withVersion(1), cfg, "format version 1"},
		{"length flipped", flip(19), cfg, "announces"},
		{"body byte flipped", flip(len(snap) / 2), cfg, "checksum mismatch"},
		{"first body byte flipped", flip(20), cfg, "checksum mismatch"},
		{"checksum flipped", flip(len(snap) - 1), cfg, "checksum mismatch"},
		{"truncated header", snap[:15], cfg, "truncated"},
		{"truncated body", snap[:len(snap)/2], cfg, "truncated"},
		{"truncated checksum", snap[:len(snap)-1], cfg, "truncated"},
		{"trailing bytes", append(bytes.Clone(snap), 0), cfg, "announces"},
		{"other programs", snap, parseConfig(t, otherPrograms), "program definitions"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ledger.RestoreSnapshot(c.cfg, c.b)
			if err == nil || got != nil {
				t.Fatalf("got an engine and error %v, want a refusal", err)
			}
			if !errors.Is(err, ledger.ErrInvalidSnapshot) {
				t.Fatalf("got %v, want an error wrapping ErrInvalidSnapshot", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %q, want it to say %q", err, c.want)
			}
		})
	}
}

// TestSnapshotDamagedBody: every single-byte change of the body under a
// recomputed checksum (a bug, not a disk error) is refused or restores an
// engine that passes the state checks; the decoder never panics.
func TestSnapshotDamagedBody(t *testing.T) {
	_, cfg, _, snap := simulatedSnapshot(t, "damaged", simulate.Options{Loans: 30, Seed: 5})
	rng := rand.New(rand.NewPCG(5, 5))
	for range 400 {
		b := bytes.Clone(snap)
		i := 20 + rng.IntN(len(b)-20-32)
		b[i] ^= byte(1 + rng.IntN(255))
		sum := sha256.Sum256(b[:len(b)-32])
		copy(b[len(b)-32:], sum[:])
		for _, c := range []*risk.Config{cfg, nil} {
			if r, err := ledger.RestoreSnapshot(c, b); err == nil {
				_ = stateOf(t, r) // a restored engine must at least describe itself
			} else if !errors.Is(err, ledger.ErrInvalidSnapshot) {
				t.Fatalf("byte %d: got %v, want ErrInvalidSnapshot", i, err)
			}
		}
	}
}

// TestSnapshotEmptyEngine: an engine with nothing applied restores too.
func TestSnapshotEmptyEngine(t *testing.T) {
	cfg := parseConfig(t, []byte(`{"programs":[{"id":"p1","name":"P","kind":"compensation_pool","currency":"CNY",
		"shares":[{"party":"province","ratio":"0.35"}]}]}`))
	e := ledger.NewEngine(cfg)
	snap := snapshotOf(t, e)
	r, err := ledger.RestoreSnapshot(cfg, snap)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stateOf(t, r), stateOf(t, e)) {
		t.Fatal("empty engine restored with another state")
	}
}

// FuzzRestoreSnapshot feeds arbitrary bodies under a valid frame: the
// decoder refuses or restores, never panics. The same bytes as a whole
// snapshot (a stray or corrupted file) and a real snapshot with those bytes
// xored into it (bits flipped on disk) are refused with ErrInvalidSnapshot:
// the frame's checksum catches them before the body is read.
func FuzzRestoreSnapshot(f *testing.F) {
	_, cfg, _, snap := simulatedSnapshot(f, "fuzz", simulate.Options{Loans: 8, Seed: 1})
	f.Add(snap[20 : len(snap)-32])
	f.Add([]byte{})
	f.Add(snap)
	f.Add(snap[:20])
	f.Fuzz(func(t *testing.T, body []byte) {
		if _, err := ledger.RestoreSnapshot(nil, body); err == nil && !bytes.Equal(body, snap) {
			// Only a checksummed snapshot restores; the fuzzer finding one
			// by chance would mean SHA-256 is broken.
			if len(body) < 52 || !bytes.Equal(sha256Of(body[:len(body)-32]), body[len(body)-32:]) {
				t.Fatalf("restored %d bytes without a valid checksum", len(body))
			}
		} else if err != nil && !errors.Is(err, ledger.ErrInvalidSnapshot) {
			t.Fatalf("raw bytes: got %v, want ErrInvalidSnapshot", err)
		}
		if flipped := xorInto(snap, body); !bytes.Equal(flipped, snap) {
			if _, err := ledger.RestoreSnapshot(cfg, flipped); !errors.Is(err, ledger.ErrInvalidSnapshot) {
				t.Fatalf("snapshot with flipped bits: got %v, want ErrInvalidSnapshot", err)
			}
		}
		b := make([]byte, 20, 20+len(body)+32)
		copy(b, "TCENGSNP")
		binary.BigEndian.PutUint16(b[8:], ledger.SnapshotVersion)
		binary.BigEndian.PutUint64(b[12:], uint64(len(body)))
		b = append(b, body...)
		sum := sha256.Sum256(b)
		b = append(b, sum[:]...)
		if r, err := ledger.RestoreSnapshot(nil, b); err == nil {
			_ = stateOf(t, r)
		}
	})
}

func sha256Of(b []byte) []byte {
	sum := sha256.Sum256(b)
	return sum[:]
}

// xorInto is snap with mask xored into it from its start (bits flipped
// wherever mask has ones).
func xorInto(snap, mask []byte) []byte {
	b := bytes.Clone(snap)
	for i := range min(len(b), len(mask)) {
		b[i] ^= mask[i]
	}
	return b
}
