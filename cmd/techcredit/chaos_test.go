package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	bbolt "go.etcd.io/bbolt"

	"github.com/techcredit/techcredit/api/client"
	"github.com/techcredit/techcredit/internal/testsvc"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

var (
	chaosSeed = flag.Uint64("chaos.seed", 0, "run TestChaosEmbeddedServe and TestChaosKafkaServe with this seed only (0: the default seeds)")
	chaosSoak = flag.Duration("chaos.soak", 0, "loop the chaos test's rounds for this long on the same serve processes, checking their heap and goroutines")
)

// chaosSeeds are the seeds CI runs: two keep the test under a minute.
var chaosSeeds = []uint64{1, 2}

// Limits of a chaos round.
const (
	chaosLoans         = 300 // loans of the simulated stream (about 10 inputs each)
	chaosBatchMax      = 40  // NDJSON lines per POST at most
	chaosKillDelayMax  = 40  // ms between the start of a POST and the SIGKILL, at most
	chaosGarbageMax    = 3 * 4096
	chaosReadyWithin   = time.Minute
	chaosStopWithin    = 30 * time.Second
	chaosRefusalWithin = 20 * time.Second
)

// Soak bounds: the run fails when, between the first and the last quarter
// of its rounds, the serve process's mean Go heap in use grew by more than
// soakHeapGrowthMax (relative) plus soakHeapSlackBytes, or its mean
// goroutine count grew by more than soakGoroutinesGrowthMax. Each round
// sends the same stream again, so the engine's state stays flat after the
// first: its inputs come back as duplicates. VmRSS is reported, not
// judged: it counts the journal file's mapped pages, which grow with the
// journal of every resend.
const (
	soakHeapGrowthMax       = 0.5
	soakHeapSlackBytes      = 32 << 20
	soakGoroutinesGrowthMax = 20
	soakSamplesMin          = 8
)

// TestChaosEmbeddedServe drives the real `techcredit serve` binary on the
// embedded journal with Redis as its read model and snapshot store, and
// sends it a seeded simulated stream (valid inputs, bad ones, resends,
// plus whole batches and single lines sent again) as an admin import over
// HTTP, each batch retried like `techcredit ingest`. At seeded points it
// SIGKILLs serve in the middle of a POST and restarts it, SIGKILLs Redis
// and starts an empty one, or tears the tail of the journal file after a
// kill. After every step the state read from outside (`techcredit state`,
// through the control socket while serve runs) keeps the invariants and
// never loses an input it had; at the end it equals a replay of the
// journaled inputs in journal order, byte for byte, and every line sent is
// in the journal.
//
// With -chaos.soak=DURATION the rounds loop on one long-lived serve (no
// kills, Redis faults only) and its RSS and goroutines are sampled after
// each round: see the soak bounds above.
func TestChaosEmbeddedServe(t *testing.T) {
	runChaosSeeds(t, chaosSeeds, chaosSoakRun, func(t *testing.T, seed uint64) {
		c := newChaos(t, seed)
		c.round(rand.New(rand.NewPCG(seed, 0xc4a05)), true)
		c.finish()
	})
}

// runChaosSeeds runs a chaos test: one round a seed in its own subtest
// (only -chaos.seed's when it is set), or with -chaos.soak one soak loop
// for that long (seeded with -chaos.seed, or the clock). A failed round
// logs the flag that reruns it.
func runChaosSeeds(t *testing.T, seeds []uint64, soak func(*testing.T, uint64, time.Duration), round func(*testing.T, uint64)) {
	if *chaosSoak > 0 {
		seed := *chaosSeed
		if seed == 0 {
			seed = uint64(time.Now().UnixNano())
		}
		soak(t, seed, *chaosSoak)
		return
	}
	if *chaosSeed != 0 {
		seeds = []uint64{*chaosSeed}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			defer func() {
				if t.Failed() {
					t.Logf("seed %d: rerun with -chaos.seed=%d", seed, seed)
				}
			}()
			round(t, seed)
		})
	}
}

// chaos is one deployment under test: a data directory, a redis-server
// and the serve process, with what was sent to it.
type chaos struct {
	t        *testing.T
	seed     uint64
	bin      string
	dir      string
	data     string
	programs []byte
	lines    [][]byte // the simulated stream
	redis    *testsvc.Redis
	serve    *chaosServe
	url      string
	senders  map[string]*client.Client // by subject: a bank's or guarantor's own token; chaosAdminSubject's bulk import keeps each input's source
	tally    map[string]int
	sent     map[string]int // every line acknowledged at least once, with how often it is in the stream
	inputs   int64          // inputs in the state at the last check: never decreases
	faults   map[string]int
}

func newChaos(t *testing.T, seed uint64) *chaos {
	c := &chaos{t: t, seed: seed, bin: techcreditBinary(t), dir: t.TempDir(), tally: map[string]int{},
		sent: map[string]int{}, faults: map[string]int{}}
	c.data = filepath.Join(c.dir, "data")
	// The stream ends before today: serve takes it over HTTP, where an at
	// more than a day after its arrival (now) is bad_date.
	programs, inputs := simulate.Generate(simulate.Options{Loans: chaosLoans, Seed: seed, BadInputRate: 0.05,
		Start: time.Date(2019, 1, 2, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))})
	c.programs = programs
	for l := range inputs.All() {
		// An admin's import never carries finance inputs (SPEC §15), and
		// over HTTP finance acts only through its routes: the chaos stream
		// is the rest of the simulated one.
		if bytes.Contains(l, []byte(`"source":"finance:`)) {
			continue
		}
		c.lines = append(c.lines, append([]byte(nil), l...))
	}
	programsPath := filepath.Join(c.dir, "programs.json")
	if err := os.WriteFile(programsPath, programs, 0o644); err != nil {
		t.Fatal(err)
	}
	c.redis = testsvc.StartRedis(t)
	addr := localAddr(t)
	c.url = "http://" + addr
	// Banks and guarantors send their own inputs with their own tokens (the
	// source comes from the token); finance and admin inputs, and lines
	// without a readable source, come in an admin's bulk import.
	c.senders = map[string]*client.Client{chaosAdminSubject: client.New(c.url, "tok-"+chaosAdminSubject)}
	subjects := []string{chaosAdminSubject}
	for _, l := range c.lines {
		if src := ownSource(l); src != "" && c.senders[src] == nil {
			c.senders[src] = client.New(c.url, "tok-"+src)
			subjects = append(subjects, src)
		}
	}
	ops := localAddr(t)
	c.serve = &chaosServe{t: t, bin: c.bin, addr: addr, ops: ops, args: []string{"serve", "--data", c.data, "--http", addr, "--metrics-addr", ops,
		"--programs", programsPath, "--tokens", writeTokens(t, c.dir, subjects...),
		"--redis-addr", c.redis.Addr(), "--redis-prefix", "chaos:", "--snapshot-every", "50", "--snapshot-interval", "100ms",
		"--batch-max", "8", "--log-level", "warn"}}
	c.serve.start()
	t.Cleanup(func() { c.serve.kill(); c.redis.Kill() })
	return c
}

// round sends the whole stream in seeded batches, with faults when kills
// is set (Redis faults always), checking the state after every step.
func (c *chaos) round(rng *rand.Rand, kills bool) {
	t := c.t
	for next := 0; next < len(c.lines); {
		n := min(1+rng.IntN(chaosBatchMax), len(c.lines)-next)
		batch := append([][]byte(nil), c.lines[next:next+n]...)
		if next > 0 && rng.IntN(10) == 0 { // a line sent earlier, again
			batch = append(batch, c.lines[rng.IntN(next)])
		}
		if next > 0 && rng.IntN(20) == 0 { // a whole earlier stretch again
			lo := rng.IntN(next)
			batch = append(batch, c.lines[lo:min(lo+1+rng.IntN(chaosBatchMax), next)]...)
		}
		action := rng.IntN(100)
		switch {
		case kills && action < 6:
			c.sendKilled(rng, batch, false)
		case kills && action < 12:
			c.sendKilled(rng, batch, true)
		case action < 17:
			c.toggleRedis()
			c.sendBatch(batch)
		default:
			c.sendBatch(batch)
		}
		for _, l := range c.lines[next : next+n] {
			c.sent[string(l)]++
		}
		next += n
		c.checkState(c.liveState())
		if t.Failed() {
			t.FailNow()
		}
	}
}

func (c *chaos) sendBatch(batch [][]byte) {
	if err := c.sendAsActors(context.Background(), batch, c.tally); err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

// ownSource is the source of a bank's or a guarantor's input, which it
// sends with its own token; "" for any other line.
func ownSource(line []byte) string {
	var env struct{ Source string }
	if json.Unmarshal(line, &env) != nil {
		return ""
	}
	if role, name, ok := strings.Cut(env.Source, ":"); ok && name != "" && (role == "bank" || role == "guarantor") {
		return env.Source
	}
	return ""
}

// chaosAdminSubject sends finance and admin inputs, and lines without a
// readable source, in an admin's bulk import.
const chaosAdminSubject = "admin:chaos"

// sendAsActors posts a batch as its senders would: each bank's and
// guarantor's lines with its own token, the rest as an admin's import,
// each request retried as ingest retries it. The actors' requests go one
// after the other, so inputs of different actors arrive in another order
// than the stream's.
func (c *chaos) sendAsActors(ctx context.Context, batch [][]byte, tally map[string]int) error {
	var order []string
	groups := map[string][][]byte{}
	for _, l := range batch {
		s := chaosAdminSubject
		if src := ownSource(l); src != "" {
			s = src
		}
		if groups[s] == nil {
			order = append(order, s)
		}
		groups[s] = append(groups[s], l)
	}
	for _, s := range order {
		outs, err := c.senders[s].Send(ctx, groups[s])
		for _, o := range outs {
			tally[o.String()]++
		}
		if err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// sendKilled posts a batch and SIGKILLs serve a seeded moment later,
// optionally tears the journal's tail, and restarts serve: the POST's
// retries must then succeed.
func (c *chaos) sendKilled(rng *rand.Rand, batch [][]byte, torn bool) {
	ctx := context.Background()
	tally := map[string]int{}
	done := make(chan error, 1)
	go func() { done <- c.sendAsActors(ctx, batch, tally) }()
	time.Sleep(time.Duration(rng.IntN(chaosKillDelayMax)) * time.Millisecond)
	c.serve.kill()
	c.faults["serve killed"]++
	c.checkState(c.stoppedState())
	if torn {
		c.tearJournal(rng)
	}
	c.serve.start()
	if err := <-done; err != nil {
		c.t.Fatalf("send across a kill: %v", err)
	}
	for k, v := range tally {
		c.tally[k] += v
	}
}

func (c *chaos) toggleRedis() {
	if c.redis.Running() {
		c.redis.Kill()
		c.faults["redis killed"]++
		return
	}
	c.redis.Start()
	c.faults["redis restarted empty"]++
}

// Torn tails of the journal file, as a crash in the middle of a commit or
// of a file extension may leave it.
const (
	tearAppend   = iota // garbage appended after the end of the file
	tearScribble        // garbage over the pages past the committed high-water mark
	tearTruncate        // the file's last page cut off
	tearCutInUse        // the file cut at its last page in use: committed pages lost
	tearKinds
)

var tearNames = [tearKinds]string{"append garbage", "scribble past the high-water mark", "truncate the last page", "cut the last page in use"}

// tearJournal damages the tail of the stopped deployment's journal file.
// bbolt must open it with every committed batch, or refuse it loudly
// (`state` and `serve` exit non-zero): it must never open it with fewer
// records. A refused file is put back as it was, as an operator would
// restore it, so the round goes on.
func (c *chaos) tearJournal(rng *rand.Rand) {
	t := c.t
	path := filepath.Join(c.data, bolt.File)
	before, err := c.stateCmd()
	if err != nil {
		t.Fatalf("state of the killed deployment before the tear: %v", err)
	}
	intact, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize, hwm := boltHighWaterMark(t, intact)
	kind := rng.IntN(tearKinds)
	torn := append([]byte(nil), intact...)
	garbage := make([]byte, 1+rng.IntN(chaosGarbageMax))
	for i := range garbage {
		garbage[i] = byte(rng.Uint32())
	}
	switch kind {
	case tearScribble:
		if hwm < len(torn) {
			copy(torn[hwm+rng.IntN(len(torn)-hwm):], garbage)
			break
		}
		kind = tearAppend // nothing past the high-water mark: the file ends there
		fallthrough
	case tearAppend:
		torn = append(torn, garbage...)
	case tearTruncate:
		torn = torn[:len(torn)-pageSize]
	case tearCutInUse:
		torn = torn[:lastPageInUse(t, path)*pageSize]
	}
	if err := os.WriteFile(path, torn, 0o640); err != nil {
		t.Fatal(err)
	}
	name := tearNames[kind]
	if kind == tearTruncate && len(torn) < hwm {
		name += " below the high-water mark"
	}
	after, err := c.stateCmd()
	switch {
	case err == nil && bytes.Equal(after, before):
		c.faults["torn tail kept every batch: "+name]++
		return
	case err == nil:
		t.Fatalf("torn tail (%s, file %d -> %d bytes, high-water mark %d): the journal opened with a different state: %d inputs before, now:\n%s",
			name, len(intact), len(torn), hwm, stateInputs(before), after)
	}
	// Refused: with the reason, never a crash; serve must refuse it too
	// rather than start on less.
	c.faults["torn tail refused loudly: "+name]++
	t.Logf("torn tail (%s, file %d -> %d bytes, high-water mark %d): state refuses it: %v", name, len(intact), len(torn), hwm, firstLine(err.Error()))
	if !strings.Contains(err.Error(), "journal file is truncated") {
		t.Fatalf("state refused a torn journal without saying why: %v", err)
	}
	code, stderr := c.serve.runToExit(chaosRefusalWithin)
	if code == 0 || !strings.Contains(stderr, "journal file is truncated") {
		t.Fatalf("serve on a journal that state refuses: exit %d, want a refusal naming the truncation:\n%s", code, stderr)
	}
	t.Logf("serve refuses it too: exit %d: %s", code, firstLine(stderr))
	if err := os.WriteFile(path, intact, 0o640); err != nil {
		t.Fatal(err)
	}
}

// boltHighWaterMark reads the page size and the end of the pages the
// newest valid meta page uses (bbolt's on-disk layout: a 16-byte page
// header, then magic, version, page size, flags, root bucket (16 bytes),
// freelist, pgid, txid, checksum).
func boltHighWaterMark(t *testing.T, file []byte) (pageSize, hwm int) {
	t.Helper()
	const magic = 0xED0CDAED
	meta := func(off int) (pgid, txid uint64, pageSize int, ok bool) {
		if off+80 > len(file) || binary.LittleEndian.Uint32(file[off+16:]) != magic {
			return 0, 0, 0, false
		}
		return binary.LittleEndian.Uint64(file[off+56:]), binary.LittleEndian.Uint64(file[off+64:]),
			int(binary.LittleEndian.Uint32(file[off+24:])), true
	}
	pgid0, tx0, ps, ok0 := meta(0)
	if !ok0 {
		t.Fatal("journal file: no meta page at offset 0")
	}
	pgid1, tx1, _, ok1 := meta(ps)
	if ok1 && tx1 > tx0 {
		pgid0 = pgid1
	}
	return ps, int(pgid0) * ps
}

// lastPageInUse returns the id of the highest page of the journal file
// that the newest meta page does not list as free.
func lastPageInUse(t *testing.T, path string) int {
	t.Helper()
	// Read-write: a read-only open does not load the freelist.
	db, err := bbolt.Open(path, 0o640, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	last := 0
	err = db.View(func(tx *bbolt.Tx) error {
		for id := int(tx.Size()/int64(db.Info().PageSize)) - 1; id > 1; id-- {
			p, err := tx.Page(id)
			if err != nil {
				return err
			}
			if p != nil && p.Type != "free" {
				last = id
				return nil
			}
		}
		return errors.New("no page in use after the meta pages")
	})
	if err != nil {
		t.Fatal(err)
	}
	return last
}

// liveState reads the running serve's state through its control socket.
func (c *chaos) liveState() []byte {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b, err := fetchControlState(ctx, filepath.Join(c.data, controlSocket))
	if err != nil {
		c.t.Fatalf("state through the control socket: %v", err)
	}
	return b
}

// stoppedState folds the journal of the stopped deployment.
func (c *chaos) stoppedState() []byte {
	b, err := c.stateCmd()
	if err != nil {
		c.t.Fatalf("state of the stopped deployment: %v", err)
	}
	return b
}

// stateCmd runs `techcredit state --data` in a process of its own: a
// damaged file may crash it.
func (c *chaos) stateCmd() ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(c.bin, "state", "--data", c.data, "--timeout", "1m")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%v: %s", err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// checkState checks the invariants of a state document, and that it has
// at least the inputs of the previous check.
func (c *chaos) checkState(doc []byte) {
	c.t.Helper()
	checkInvariants(c.t, doc, &c.inputs)
	if strings.Contains(c.serve.stderr.String(), "invariant") {
		c.t.Errorf("serve broke an invariant:\n%s", c.serve.stderr.String())
	}
}

// checkInvariants checks the invariants of a state document (balanced
// books, no negative pool, paid ≤ payable, inputs = applied + duplicates
// + rejected), and that it has at least *inputs inputs, the count of the
// previous check, which it then updates.
func checkInvariants(t *testing.T, doc []byte, inputs *int64) *ledger.State {
	t.Helper()
	st, err := ledger.UnmarshalState(doc)
	if err != nil {
		t.Fatalf("state document: %v", err)
	}
	if st.Inputs != st.Applied+st.Duplicates+int64(len(st.Rejected)) {
		t.Errorf("inputs %d != applied %d + duplicates %d + rejected %d", st.Inputs, st.Applied, st.Duplicates, len(st.Rejected))
	}
	if st.Inputs < *inputs {
		t.Errorf("inputs went down from %d to %d: committed inputs were lost", *inputs, st.Inputs)
	}
	*inputs = st.Inputs
	if !st.Ledger.Balanced {
		t.Errorf("ledger not balanced after %d inputs", st.Inputs)
	}
	for _, p := range st.Programs {
		if mustDecimal(t, p.PoolBalance).IsNegative() {
			t.Errorf("program %s: pool balance %s is negative", p.ID, p.PoolBalance)
		}
	}
	for _, cl := range st.Claims {
		if mustDecimal(t, cl.Paid).Cmp(mustDecimal(t, cl.Payable)) > 0 {
			t.Errorf("claim %s: paid %s > payable %s", cl.ID, cl.Paid, cl.Payable)
		}
	}
	return st
}

func mustDecimal(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	return d
}

func stateInputs(doc []byte) int64 {
	st, err := ledger.UnmarshalState(doc)
	if err != nil {
		return -1
	}
	return st.Inputs
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// finish stops serve and checks the end: the Redis read model serves
// what the state shows, the state equals a replay of the journaled inputs
// in journal order, and every line sent is journaled.
func (c *chaos) finish() {
	t := c.t
	live := c.liveState()
	if !c.redis.Running() {
		c.redis.Start() // empty: serve rebuilds the read model once it answers
	}
	waitReadModel(t, []string{"http://" + c.serve.addr}, "tok-admin:chaos", live, readModelWithin)
	// Redis lost while nothing arrives: the idle engine notices and rebuilds.
	c.redis.Kill()
	c.redis.Start()
	waitReadModel(t, []string{"http://" + c.serve.addr}, "tok-admin:chaos", live, readModelWithin)
	c.serve.stop()
	final := c.stoppedState()
	if !bytes.Equal(live, final) {
		t.Errorf("state through the control socket differs from the state of the stopped journal")
	}
	c.checkState(final)

	j, err := bolt.Open(c.data, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	cfg, err := risk.ParsePrograms(bytes.NewReader(c.programs))
	if err != nil {
		t.Fatal(err)
	}
	engine := ledger.NewEngine(cfg)
	journaled := map[string]int{}
	var replayErr error
	r := stream.NewRunner(j, nil, stream.RunnerConfig{Logger: newLogger(io.Discard, "error"),
		Observe: func(rec journal.Record) {
			if rec.Kind != journal.KindInput || replayErr != nil {
				return
			}
			raw := append([]byte(nil), rec.Raw()...)
			journaled[string(raw)]++
			if rec.Transport {
				code, _ := ledger.CodeFromString(rec.Code)
				engine.Reject(raw, ledger.Meta{Source: rec.Source}, code, rec.Message)
				return
			}
			_, replayErr = engine.Apply(raw, ledger.Meta{Source: rec.Source})
		}})
	if err := r.Recover(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if replayErr != nil {
		t.Fatal(replayErr)
	}
	want, err := ledger.MarshalState(engine.State())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(final, want) {
		t.Errorf("final state (%d inputs) differs from the replay of the journaled inputs (%d inputs)", stateInputs(final), stateInputs(want))
	}
	lost := 0
	for line, n := range c.sent {
		if journaled[line] < n {
			lost++
			if lost <= 3 {
				t.Errorf("line sent %d times, acknowledged, journaled %d times: %s", n, journaled[line], line)
			}
		}
	}
	for line := range journaled {
		if c.sent[line] == 0 {
			t.Errorf("journaled line that was never sent: %s", line)
		}
	}
	if lost > 0 {
		t.Errorf("%d distinct lines lost", lost)
	}
	st, _ := ledger.UnmarshalState(final)
	t.Logf("seed %d: %d lines, %d inputs journaled (%d applied, %d duplicates, %d rejected); faults %v",
		c.seed, len(c.lines), st.Inputs, st.Applied, st.Duplicates, len(st.Rejected), c.faults)
}

// chaosSoakRun loops rounds on one serve process until d has passed.
func chaosSoakRun(t *testing.T, seed uint64, d time.Duration) {
	defer func() {
		if t.Failed() {
			t.Logf("seed %d: rerun with -chaos.seed=%d", seed, seed)
		}
	}()
	c := newChaos(t, seed)
	var samples []soakSample
	deadline := time.Now().Add(d)
	for round := uint64(0); time.Now().Before(deadline); round++ {
		c.round(rand.New(rand.NewPCG(seed, round)), false)
		samples = append(samples, c.serve.soakSample())
		t.Logf("round %d: %s", round, samples[len(samples)-1])
	}
	c.finish()
	judgeSoak(t, "serve", samples)
}

// soakSample is what a soak samples of a serve process after a round.
type soakSample struct{ rss, heap, goroutines float64 }

func (s soakSample) String() string {
	return fmt.Sprintf("VmRSS %.0f kB, heap in use %.0f kB, %.0f goroutines", s.rss/1024, s.heap/1024, s.goroutines)
}

func (s *chaosServe) soakSample() soakSample {
	return soakSample{rss: float64(s.rss()), heap: s.metric("go_memstats_heap_inuse_bytes"), goroutines: s.metric("go_goroutines")}
}

// judgeSoak fails when a process's mean heap in use or goroutines grew
// past the soak bounds between the first and the last quarter of its
// samples.
func judgeSoak(t *testing.T, name string, samples []soakSample) {
	t.Helper()
	if len(samples) < soakSamplesMin {
		t.Fatalf("%s: only %d rounds: want at least %d to compare quarters", name, len(samples), soakSamplesMin)
	}
	q := len(samples) / 4
	mean := func(s []soakSample) (m soakSample) {
		for _, x := range s {
			m.rss += x.rss / float64(len(s))
			m.heap += x.heap / float64(len(s))
			m.goroutines += x.goroutines / float64(len(s))
		}
		return m
	}
	first, last := mean(samples[:q]), mean(samples[len(samples)-q:])
	t.Logf("%s: first quarter: %s; last quarter: %s", name, first, last)
	if last.heap > first.heap*(1+soakHeapGrowthMax)+soakHeapSlackBytes {
		t.Errorf("%s leaks memory: heap in use %.0f -> %.0f kB between the first and the last quarter", name, first.heap/1024, last.heap/1024)
	}
	if last.goroutines > first.goroutines+soakGoroutinesGrowthMax {
		t.Errorf("%s leaks goroutines: %.1f -> %.1f between the first and the last quarter", name, first.goroutines, last.goroutines)
	}
}

// chaosServe is the serve process, restarted on the same address.
type chaosServe struct {
	t      *testing.T
	bin    string
	addr   string
	ops    string // the operations listener (--metrics-addr)
	args   []string
	cmd    *exec.Cmd
	exited chan error // the process's exit, once
	stderr *testsvc.LockedBuffer
}

// start runs serve and waits until it is ready, failing at once if it exits.
func (s *chaosServe) start() {
	s.t.Helper()
	s.stderr = &testsvc.LockedBuffer{}
	s.cmd = exec.Command(s.bin, s.args...)
	s.cmd.Stderr = s.stderr
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.exited = make(chan error, 1)
	go func(cmd *exec.Cmd, exited chan error) { exited <- cmd.Wait() }(s.cmd, s.exited)
	s.waitReady()
}

// waitReady polls GET /readyz until serve answers 200, failing at once if
// it exits.
func (s *chaosServe) waitReady() {
	s.t.Helper()
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(chaosReadyWithin)
	for {
		if resp, err := client.Get("http://" + s.addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-s.exited:
			s.cmd = nil
			s.t.Fatalf("serve exited before it was ready: %v\n%s", err, s.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("serve was not ready within %s:\n%s", chaosReadyWithin, s.stderr.String())
		}
	}
}

func (s *chaosServe) kill() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.exited
	s.cmd = nil
}

// stop ends serve as SIGTERM does: it must exit 0.
func (s *chaosServe) stop() {
	s.t.Helper()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.exited:
		s.cmd = nil
		if err != nil {
			s.t.Errorf("serve after SIGTERM: %v\n%s", err, s.stderr.String())
		}
	case <-time.After(chaosStopWithin):
		s.kill()
		s.t.Fatalf("serve did not stop within %s", chaosStopWithin)
	}
}

// runToExit starts serve expecting it to refuse to start: it returns its
// exit code, or 0 if it was still running (and killed) after within.
func (s *chaosServe) runToExit(within time.Duration) (int, string) {
	var stderr bytes.Buffer
	cmd := exec.Command(s.bin, s.args...)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), stderr.String()
		}
		return 0, stderr.String()
	case <-time.After(within):
		_ = cmd.Process.Signal(syscall.SIGKILL)
		<-done
		return 0, stderr.String()
	}
}

// rss reads the serve process's VmRSS in bytes.
func (s *chaosServe) rss() int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		s.t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				s.t.Fatalf("VmRSS %q: %v", v, err)
			}
			return kb << 10
		}
	}
	s.t.Fatal("no VmRSS in /proc/<pid>/status")
	return 0
}

// metric reads one unlabelled metric (go_goroutines, go_memstats_heap_inuse_bytes)
// from GET /metrics on the operations listener.
func (s *chaosServe) metric(name string) float64 {
	resp, err := http.Get("http://" + s.ops + "/metrics")
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				s.t.Fatalf("%s %q: %v", name, v, err)
			}
			return n
		}
	}
	s.t.Fatalf("no %s in /metrics", name)
	return 0
}
