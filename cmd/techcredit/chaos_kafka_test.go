package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/techcredit/techcredit/internal/retry"
	"github.com/techcredit/techcredit/internal/testsvc"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/kafka"
)

// chaosKafkaSeeds are the seeds CI runs (-chaos.seed=N runs N only).
var chaosKafkaSeeds = []uint64{1}

// Limits of a Kafka chaos run.
const (
	chaosKafkaLoans         = 300 // loans of the simulated stream, cut at chaosKafkaUntil (about 2000 inputs)
	chaosKafkaSteps         = 12  // chunks of the stream, each followed by a check
	chaosKafkaPartitions    = 3   // partitions of every topic: shared by the two instances
	chaosKafkaCommandsMax   = 3   // HTTP commands per step, at most
	chaosKafkaDelayMax      = 120 // ms after a chunk is produced before its fault falls, at most (a chunk takes about that long)
	chaosKafkaBrokerDown    = 800 // ms the broker stays away, at most
	chaosKafkaSettleWithin  = 2 * time.Minute
	chaosKafkaCommandWithin = time.Minute
	chaosKafkaStateTimeout  = time.Minute
)

// The fault plan of a seed: how many of each fault fall in one run.
const (
	chaosKafkaKills       = 3 // SIGKILL of either instance mid-chunk, restarted at once
	chaosKafkaStops       = 1 // SIGTERM of one instance, started again at a later step
	chaosKafkaRedisLosses = 1 // redis-server SIGKILLed, started again empty at a later step
	chaosKafkaBrokerLoss  = 1 // the broker stopped mid-chunk and started again from its data
)

// TestChaosKafkaServe drives two real `techcredit serve --kafka-brokers
// --redis-addr` processes in one consumer group (the partitions shared
// between them) with a seeded simulated stream produced to the bank-events
// and commands topics as banks and the finance office would (murmur2 keys
// by program; resends and duplicated stretches included), and finance and
// admin commands over HTTP to either instance (approvals, rejections,
// top-ups, projects). At seeded points it SIGKILLs an instance while it
// applies a chunk and restarts it, stops one with SIGTERM (its partitions
// move to the other) and starts it again later, kills Redis and starts it
// again empty, and stops the broker and starts it again from its data
// directory. After every step, from outside: both instances ready, the
// journal caught up with the input topics, and the state that `techcredit
// state --kafka-brokers` folds keeps the invariants and never loses an
// input. At the end every message of the input topics is journaled exactly
// once, every line sent is in the journal of each partition it went to and
// nothing else is, the state equals a replay of the journal byte for byte,
// and the Redis read model serves what the state shows.
//
// TECHCREDIT_TEST_KAFKA_BROKERS runs it against a real cluster; the broker
// loss is then skipped (and logged).
func TestChaosKafkaServe(t *testing.T) {
	runChaosSeeds(t, chaosKafkaSeeds, chaosKafkaSoakRun, func(t *testing.T, seed uint64) {
		var c *chaosKafka
		defer func() {
			if t.Failed() && c != nil {
				c.dumpLogs()
			}
		}()
		rng := rand.New(rand.NewPCG(seed, 0x4af4a))
		plan := chaosKafkaPlan(rng)
		t.Logf("seed %d: fault plan %s", seed, plan)
		c = newChaosKafka(t, seed)
		for i, f := range plan {
			c.step(rng, i, f)
			if t.Failed() {
				t.FailNow()
			}
		}
		c.finish()
	})
}

// Faults of the Kafka chaos test.
type kafkaFaultKind int

const (
	kafkaFaultNone       kafkaFaultKind = iota
	kafkaFaultKill                      // SIGKILL an instance while it applies the chunk; start it again
	kafkaFaultStop                      // SIGTERM an instance: its partitions move to the other
	kafkaFaultStart                     // start the stopped instance again
	kafkaFaultRedisKill                 // SIGKILL redis-server
	kafkaFaultRedisStart                // start redis-server again, empty
	kafkaFaultBroker                    // stop the broker while the chunk is applied; start it from its data
)

var kafkaFaultNames = map[kafkaFaultKind]string{kafkaFaultNone: "-", kafkaFaultKill: "kill", kafkaFaultStop: "stop",
	kafkaFaultStart: "start", kafkaFaultRedisKill: "redis-kill", kafkaFaultRedisStart: "redis-start", kafkaFaultBroker: "broker-bounce"}

// kafkaFault is the fault of one step.
type kafkaFault struct {
	kind     kafkaFaultKind
	instance int           // kill, stop, start
	delay    time.Duration // after the chunk is produced (kill, broker)
	down     time.Duration // how long the broker stays away
}

type kafkaPlan []kafkaFault

func (p kafkaPlan) String() string {
	var parts []string
	for i, f := range p {
		s := fmt.Sprintf("%d:%s", i, kafkaFaultNames[f.kind])
		switch f.kind {
		case kafkaFaultKill:
			s += fmt.Sprintf("(%d,+%s)", f.instance, f.delay)
		case kafkaFaultStop, kafkaFaultStart:
			s += fmt.Sprintf("(%d)", f.instance)
		case kafkaFaultBroker:
			s += fmt.Sprintf("(+%s,down %s)", f.delay, f.down)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// chaosKafkaPlan places the faults at seeded steps: a stop before its
// start, a Redis loss before its restart, kills on a running instance.
func chaosKafkaPlan(rng *rand.Rand) kafkaPlan {
	var events []kafkaFaultKind
	for range chaosKafkaKills {
		events = append(events, kafkaFaultKill)
	}
	for range chaosKafkaStops {
		events = append(events, kafkaFaultStop, kafkaFaultStart)
	}
	for range chaosKafkaRedisLosses {
		events = append(events, kafkaFaultRedisKill, kafkaFaultRedisStart)
	}
	for range chaosKafkaBrokerLoss {
		events = append(events, kafkaFaultBroker)
	}
	if len(events) > chaosKafkaSteps {
		panic("more faults than steps")
	}
	steps := rng.Perm(chaosKafkaSteps)[:len(events)]
	// Pairs in order: the first of a pair at the earlier of its two steps.
	for i := 0; i+1 < len(events); i++ {
		if (events[i] == kafkaFaultStop || events[i] == kafkaFaultRedisKill) && steps[i] > steps[i+1] {
			steps[i], steps[i+1] = steps[i+1], steps[i]
		}
	}
	plan := make(kafkaPlan, chaosKafkaSteps)
	for i, e := range events {
		plan[steps[i]] = kafkaFault{kind: e}
	}
	running := [2]bool{true, true}
	stopped := -1
	for i := range plan {
		f := &plan[i]
		switch f.kind {
		case kafkaFaultKill:
			f.instance = rng.IntN(2)
			if !running[f.instance] {
				f.instance = 1 - f.instance
			}
			f.delay = time.Duration(rng.IntN(chaosKafkaDelayMax)) * time.Millisecond
		case kafkaFaultStop:
			f.instance = rng.IntN(2)
			running[f.instance], stopped = false, f.instance
		case kafkaFaultStart:
			f.instance = stopped
			running[f.instance] = true
		case kafkaFaultBroker:
			f.delay = time.Duration(rng.IntN(chaosKafkaDelayMax)) * time.Millisecond
			f.down = time.Duration(rng.IntN(chaosKafkaBrokerDown)) * time.Millisecond
		}
	}
	return plan
}

// chaosBroker is the Kafka of the test: an in-process kfake broker on a
// fixed loopback port with its data in a directory, so that it can stop
// and start again with its topics and offsets, or the cluster named by
// TECHCREDIT_TEST_KAFKA_BROKERS, which the test never stops.
type chaosBroker struct {
	t        *testing.T
	external bool
	addrs    []string
	dir      string
	port     int
	cluster  *kfake.Cluster
}

func startChaosBroker(t *testing.T) (*chaosBroker, string) {
	if b := os.Getenv("TECHCREDIT_TEST_KAFKA_BROKERS"); b != "" {
		return &chaosBroker{t: t, external: true, addrs: strings.Split(b, ",")}, "6s" // a real broker's minimum
	}
	b := &chaosBroker{t: t, dir: t.TempDir(), port: testsvc.FreePort(t)}
	b.start()
	t.Cleanup(b.stop)
	// A killed engine holds its partitions until its session times out.
	return b, "1s"
}

func (b *chaosBroker) start() {
	b.t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(b.port), kfake.DataDir(b.dir), kfake.SyncWrites(),
		kfake.GroupMinSessionTimeout(time.Second))
	if err != nil {
		b.t.Fatalf("start the broker again on port %d: %v", b.port, err)
	}
	b.cluster, b.addrs = c, c.ListenAddrs()
}

func (b *chaosBroker) stop() {
	if b.cluster != nil {
		b.cluster.Close()
		b.cluster = nil
	}
}

// chaosKafka is one Kafka deployment under test: the broker, a
// redis-server, two serve instances, and what was sent to them.
type chaosKafka struct {
	t        *testing.T
	seed     uint64
	bin      string
	programs []byte
	lines    [][]byte
	next     int // lines[:next] were sent
	broker   *chaosBroker
	redis    *testsvc.Redis
	cfg      kafka.Config
	serves   [2]*chaosServe
	send     *kafka.Producer

	// sentAcked and sentTried count, per journal partition, each line the
	// producer had acknowledged and each one it tried to send (a failed
	// produce may have written part of its batch).
	sentAcked, sentTried [chaosKafkaPartitions]map[string]int
	commands             map[[2]string]*chaosCommand // by (source, id)
	state                *ledger.State               // at the last check
	stateDoc             []byte
	inputs               int64 // inputs at the last check: never decreases
	faults               map[string]int
	logs                 map[string]int // counts of the instances' log messages
	shared               int            // checks at which both instances owned partitions
}

func newChaosKafka(t *testing.T, seed uint64) *chaosKafka {
	c := &chaosKafka{t: t, seed: seed, bin: techcreditBinary(t), commands: map[[2]string]*chaosCommand{},
		faults: map[string]int{}, logs: map[string]int{}}
	for p := range c.sentAcked {
		c.sentAcked[p], c.sentTried[p] = map[string]int{}, map[string]int{}
	}
	dir := t.TempDir()
	programs, inputs := simulate.Generate(simulate.Options{Loans: chaosKafkaLoans, Seed: seed, BadInputRate: 0.05,
		Until: chaosKafkaUntil})
	c.programs = programs
	for l := range inputs.All() {
		c.lines = append(c.lines, append([]byte(nil), l...))
	}
	programsPath := filepath.Join(dir, "programs.json")
	if err := os.WriteFile(programsPath, programs, 0o644); err != nil {
		t.Fatal(err)
	}
	broker, sessionTimeout := startChaosBroker(t)
	c.broker = broker
	c.redis = testsvc.StartRedis(t)
	prefix := fmt.Sprintf("chaos%d-%d-%d.", os.Getpid(), seed, time.Now().UnixNano())
	c.cfg = kafka.Config{Brokers: broker.addrs, Partitions: chaosKafkaPartitions, TopicPrefix: prefix}
	if err := c.cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := kafka.EnsureTopics(context.Background(), c.cfg); err != nil {
		t.Fatal(err)
	}
	send, err := kafka.NewProducer(c.cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.send = send
	t.Cleanup(func() { c.send.Close() })
	tokens := writeTokens(t, dir, chaosFinance[0], chaosFinance[1], chaosAdmin)
	for i := range c.serves {
		addr := localAddr(t)
		ops := localAddr(t)
		c.serves[i] = &chaosServe{t: t, bin: c.bin, addr: addr, ops: ops, args: []string{"serve", "--http", addr, "--metrics-addr", ops,
			"--kafka-brokers", strings.Join(broker.addrs, ","), "--kafka-partitions", strconv.Itoa(chaosKafkaPartitions),
			"--kafka-topic-prefix", prefix, "--kafka-group", prefix + "engines", "--kafka-session-timeout", sessionTimeout,
			"--programs", programsPath, "--tokens", tokens,
			"--redis-addr", c.redis.Addr(), "--redis-prefix", prefix, "--snapshot-every", "50", "--snapshot-interval", "100ms",
			"--batch-max", "16", "--log-level", "info"}} // info: generations, restores and rebuilds are counted
	}
	t.Cleanup(func() {
		for _, s := range c.serves {
			s.kill()
		}
	})
	for _, s := range c.serves {
		s.start()
	}
	return c
}

// chaosKafkaUntil cuts the simulated stream while its programs are in
// flight (loans running, claims open, guarantors liable), so that the
// state and the read model compared are not all zeros.
var chaosKafkaUntil = time.Date(2026, 11, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)) // before the servers' clock: an `at` past arrival + 24 h is bad_date

// Subjects of the HTTP commands (tokens "tok-<subject>").
var (
	chaosFinance = [2]string{"finance:chaos-a", "finance:chaos-b"}
	chaosAdmin   = "admin:chaos"
)

// step sends the next chunk of the stream (with resends) to the input
// topics and a few HTTP commands to a running instance, lets the step's
// fault fall while the chunk is applied, then waits until the deployment
// has settled and checks its state.
func (c *chaosKafka) step(rng *rand.Rand, i int, f kafkaFault) {
	start := time.Now()
	hi := len(c.lines) * (i + 1) / chaosKafkaSteps
	batch := append([][]byte(nil), c.lines[c.next:hi]...)
	if c.next > 0 {
		for range rng.IntN(4) { // lines sent earlier, again
			batch = append(batch, c.lines[rng.IntN(c.next)])
		}
		if rng.IntN(3) == 0 { // a whole earlier stretch again
			lo := rng.IntN(c.next)
			batch = append(batch, c.lines[lo:min(lo+1+rng.IntN(chaosBatchMax), c.next)]...)
		}
	}
	c.next = hi
	cmds := c.planCommands(rng, i)
	target := c.runningServe(rng)
	results := make(chan []commandResult, 1)
	go func() { results <- runCommands(target, cmds) }()
	if f.kind != kafkaFaultKill {
		c.collect(<-results)
	}
	c.produce(batch)
	c.inject(f)
	if f.kind == kafkaFaultKill {
		c.collect(<-results)
	}
	c.settle(fmt.Sprintf("step %d (%s), %s", i, kafkaFaultNames[f.kind], time.Since(start).Round(time.Millisecond)))
}

// runningServe picks an instance that runs.
func (c *chaosKafka) runningServe(rng *rand.Rand) *chaosServe {
	i := rng.IntN(2)
	if c.serves[i].cmd == nil {
		i = 1 - i
	}
	return c.serves[i]
}

// produce sends lines to the input topics as `ingest --kafka-brokers`
// does, each batch retried until the broker acknowledges it.
func (c *chaosKafka) produce(lines [][]byte) {
	ctx := context.Background()
	dest := make([][]int, len(lines))
	for i, l := range lines {
		dest[i] = c.partitionsOf(l)
	}
	for lo := 0; lo < len(lines); lo += kafka.ProduceBatchMax {
		hi := min(lo+kafka.ProduceBatchMax, len(lines))
		err := retry.Do(ctx, func() error {
			for i := lo; i < hi; i++ {
				for _, p := range dest[i] {
					c.sentTried[p][string(lines[i])]++
				}
			}
			_, err := c.send.Produce(ctx, lines[lo:hi])
			return err
		})
		if err != nil {
			c.t.Fatalf("produce: %v", err)
		}
		for i := lo; i < hi; i++ {
			for _, p := range dest[i] {
				c.sentAcked[p][string(lines[i])]++
			}
		}
	}
}

// partitionsOf is where kafka.Producer puts a line: its program's partition,
// or every partition when it names none.
func (c *chaosKafka) partitionsOf(line []byte) []int {
	var env struct{ Program string }
	_ = json.Unmarshal(line, &env)
	return programPartitions(env.Program)
}

// programPartitions is the partition of a program, or every partition for
// an input without one.
func programPartitions(program string) []int {
	if program != "" {
		return []int{kafka.ProgramPartition(program, chaosKafkaPartitions)}
	}
	all := make([]int, chaosKafkaPartitions)
	for p := range all {
		all[p] = p
	}
	return all
}

// inject makes the step's fault fall.
func (c *chaosKafka) inject(f kafkaFault) {
	t := c.t
	switch f.kind {
	case kafkaFaultKill:
		time.Sleep(f.delay) // the seeded point of the kill in the chunk's processing
		s := c.serves[f.instance]
		s.kill()
		c.faults["serve killed"]++
		c.retire(s)
		c.checkState("after a kill")
		t.Logf("instance %d killed %s after its chunk was produced, with %d inputs journaled", f.instance, f.delay, c.inputs)
		s.start()
	case kafkaFaultStop:
		s := c.serves[f.instance]
		s.stop()
		c.faults["serve stopped (rebalance)"]++
		c.retire(s)
	case kafkaFaultStart:
		c.serves[f.instance].start()
		c.faults["serve started again"]++
	case kafkaFaultRedisKill:
		c.redis.Kill()
		c.faults["redis killed"]++
	case kafkaFaultRedisStart:
		c.redis.Start()
		c.faults["redis restarted empty"]++
	case kafkaFaultBroker:
		if c.broker.external {
			t.Logf("broker loss skipped: TECHCREDIT_TEST_KAFKA_BROKERS names a cluster this test does not stop")
			c.faults["broker loss skipped"]++
			return
		}
		time.Sleep(f.delay) // the seeded point of the loss in the chunk's processing
		c.broker.stop()
		time.Sleep(f.down) // how long the broker stays away: a fault, not a wait for anything
		c.broker.start()
		c.faults["broker stopped and restarted"]++
	}
}

// settle waits until every running instance is ready and the journal
// holds every message of the input topics, then checks the state and,
// while Redis runs, the read model.
func (c *chaosKafka) settle(when string) {
	t := c.t
	start := time.Now()
	for _, s := range c.serves {
		if s.cmd != nil {
			s.waitReady()
		}
	}
	deadline := time.Now().Add(chaosKafkaSettleWithin)
	var lastErr error
	var journaled, end int64
	for {
		end, lastErr = c.inputEnd()
		var doc []byte
		if lastErr == nil {
			doc, lastErr = c.stateCmd()
		}
		if lastErr == nil {
			if journaled = stateInputs(doc); journaled == end {
				c.check(doc)
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the journal did not catch up with the input topics within %s: %d inputs journaled, %d in the topics (last error: %v)",
				when, chaosKafkaSettleWithin, journaled, end, lastErr)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// At rest every partition has exactly one writer, on one instance or
	// the other (techcredit_partitions_owned, summed).
	var counts []int
	for deadline := time.Now().Add(chaosKafkaSettleWithin); ; {
		counts = make([]int, len(c.serves))
		sum := 0
		for i, s := range c.serves {
			if s.cmd != nil {
				counts[i] = int(s.metric("techcredit_partitions_owned"))
				sum += counts[i]
			}
		}
		if sum == chaosKafkaPartitions {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the instances own %v partitions, want %d in all", when, counts, chaosKafkaPartitions)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if counts[0] > 0 && counts[1] > 0 { // the group is shared
		c.shared++
	}
	if c.redis.Running() {
		c.checkReadModel()
	}
	t.Logf("%s: %d inputs journaled, settled in %s; partitions owned %v", when, journaled,
		time.Since(start).Round(time.Millisecond), counts)
}

// checkReadModel waits until every running instance serves the state of
// the last check from the Redis read model.
func (c *chaosKafka) checkReadModel() {
	var bases []string
	for _, s := range c.serves {
		if s.cmd != nil {
			bases = append(bases, "http://"+s.addr)
		}
	}
	waitReadModel(c.t, bases, "tok-"+chaosAdmin, c.stateDoc, readModelWithin)
}

// checkState checks the state of the journal as it is now.
func (c *chaosKafka) checkState(when string) {
	doc, err := c.stateCmd()
	if err != nil {
		c.t.Fatalf("%s: state: %v", when, err)
	}
	c.check(doc)
}

func (c *chaosKafka) check(doc []byte) {
	c.t.Helper()
	c.state = checkInvariants(c.t, doc, &c.inputs)
	c.stateDoc = doc
	for _, s := range c.serves {
		c.checkLogs(s)
	}
}

// retire checks the logs of an instance that has exited and counts what
// they tell: partitions restored from a snapshot, read models rebuilt.
func (c *chaosKafka) retire(s *chaosServe) {
	c.checkLogs(s)
	log := s.stderr.String()
	for _, msg := range []string{"snapshot restored", "no snapshot: replaying the whole journal", "read model rebuilt after failures"} {
		c.logs[msg] += strings.Count(log, `"msg":"`+msg+`"`)
	}
}

// checkLogs fails when an instance reported a broken invariant.
func (c *chaosKafka) checkLogs(s *chaosServe) {
	if s.stderr != nil && strings.Contains(s.stderr.String(), "invariant") {
		c.t.Errorf("serve %s broke an invariant:\n%s", s.addr, s.stderr.String())
	}
}

func (c *chaosKafka) dumpLogs() {
	for i, s := range c.serves {
		if s.stderr != nil {
			log := s.stderr.String()
			c.t.Logf("serve %d (%s) stderr, last 4 KiB:\n%s", i, s.addr, log[max(0, len(log)-4096):])
		}
	}
}

// stateCmd runs `techcredit state --kafka-brokers`: the partitions of the
// journal folded and merged.
func (c *chaosKafka) stateCmd() ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(c.bin, "state", "--kafka-brokers", strings.Join(c.broker.addrs, ","),
		"--kafka-partitions", strconv.Itoa(chaosKafkaPartitions), "--kafka-topic-prefix", c.cfg.TopicPrefix,
		"--timeout", chaosKafkaStateTimeout.String())
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%v: %s", err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// inputEnd counts the messages of the input topics (the topics are the
// run's own: they start at offset 0).
func (c *chaosKafka) inputEnd() (int64, error) {
	ends, err := c.inputEnds()
	if err != nil {
		return 0, err
	}
	var n int64
	for _, e := range ends {
		n += e
	}
	return n, nil
}

// inputEnds is, per partition, the messages of both input topics.
func (c *chaosKafka) inputEnds() ([chaosKafkaPartitions]int64, error) {
	var ends [chaosKafkaPartitions]int64
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client := &kafkago.Client{Addr: kafkago.TCP(c.broker.addrs...), Timeout: 10 * time.Second}
	req := &kafkago.ListOffsetsRequest{Topics: map[string][]kafkago.OffsetRequest{}}
	topics := []string{c.cfg.Topic(kafka.TopicBankEvents), c.cfg.Topic(kafka.TopicCommands)}
	for _, topic := range topics {
		for p := range chaosKafkaPartitions {
			req.Topics[topic] = append(req.Topics[topic], kafkago.LastOffsetOf(p))
		}
	}
	resp, err := client.ListOffsets(ctx, req)
	if err != nil {
		return ends, err
	}
	for _, topic := range topics {
		for _, po := range resp.Topics[topic] {
			if po.Error != nil {
				return ends, fmt.Errorf("%s/%d: %w", topic, po.Partition, po.Error)
			}
			ends[po.Partition] += po.LastOffset
		}
	}
	return ends, nil
}

// An HTTP command of the finance office or the admin.
type chaosCommand struct {
	subject string // who sends it (its token is "tok-" + subject)
	method  string
	path    string
	key     string // Idempotency-Key: the input id is derived from it
	body    string
	program string // "" for a project: it goes to every partition

	acked bool // answered with the engine's outcome: journaled
}

// inputID is the id the API gives an input with this Idempotency-Key.
func (cmd *chaosCommand) inputID() string {
	h := sha256.Sum256([]byte(cmd.key))
	return "idem-" + hex.EncodeToString(h[:16])
}

// programFunders are the funders of the simulated programs' pools.
var programFunders = map[string]string{"sd-lukedai": "province", "sd-lukedan": "province", "qd-portfolio": "city"}

// planCommands draws the step's commands from the state of the last check:
// approvals (by either finance user) and rejections of open claims, pool
// top-ups and roadshow projects.
func (c *chaosKafka) planCommands(rng *rand.Rand, step int) []*chaosCommand {
	var open []ledger.ClaimDoc
	if c.state != nil {
		for _, cl := range c.state.Claims {
			if cl.Status == "pending" || cl.Status == "awaiting_second_approval" {
				open = append(open, cl)
			}
		}
	}
	programs := make([]string, 0, len(programFunders))
	for p := range programFunders {
		programs = append(programs, p)
	}
	slices.Sort(programs)
	var cmds []*chaosCommand
	for k := range rng.IntN(chaosKafkaCommandsMax + 1) {
		key := fmt.Sprintf("chaos-%d-%d-%d", c.seed, step, k)
		x := rng.IntN(100)
		switch {
		case x < 55 && len(open) > 0:
			cl := open[rng.IntN(len(open))]
			verb := "approve"
			body := "{}"
			if rng.IntN(8) == 0 {
				verb, body = "reject", `{"reason":"chaos: documents incomplete"}`
			}
			cmds = append(cmds, &chaosCommand{subject: chaosFinance[rng.IntN(2)], method: http.MethodPost,
				path: "/v1/claims/" + url.PathEscape(cl.Program) + "/" + url.PathEscape(cl.Loan) + "/" + verb,
				key:  key, body: body, program: cl.Program})
		case x < 80:
			p := programs[rng.IntN(len(programs))]
			cmds = append(cmds, &chaosCommand{subject: chaosFinance[rng.IntN(2)], method: http.MethodPost,
				path: "/v1/programs/" + url.PathEscape(p) + "/funding", key: key, program: p,
				body: fmt.Sprintf(`{"funder":%q,"amount":"%d.00"}`, programFunders[p], 100_000*(1+rng.IntN(50)))})
		default:
			id := fmt.Sprintf("chaos-prj-%d-%d-%d", c.seed, step, k)
			cmds = append(cmds, &chaosCommand{subject: chaosAdmin, method: http.MethodPost, path: "/v1/pipeline", key: key,
				body: fmt.Sprintf(`{"project":%q,"enterprise":"chaos-ent-%d","title":"chaos project","sector":"semiconductors",`+
					`"stage":"pilot","funding_sought":"5000000.00","roadshow_on":"2026-03-01","status":"listed"}`, id, rng.IntN(20))})
		}
	}
	return cmds
}

// commandResult is what became of one command.
type commandResult struct {
	cmd    *chaosCommand
	status int
	err    error
}

// runCommands sends the commands to one instance in order. Each is tried
// again (same Idempotency-Key) while the instance is away or not ready,
// within chaosKafkaCommandWithin; it runs on its own goroutine, so it
// reports rather than fails.
func runCommands(s *chaosServe, cmds []*chaosCommand) []commandResult {
	client := &http.Client{Timeout: 15 * time.Second}
	var out []commandResult
	for _, cmd := range cmds {
		res := commandResult{cmd: cmd}
		deadline := time.Now().Add(chaosKafkaCommandWithin)
		for {
			var retry bool
			res.status, retry, res.err = sendCommand(client, "http://"+s.addr, cmd)
			if !retry || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		out = append(out, res)
	}
	return out
}

// sendCommand posts one command. It is acknowledged once the API answers
// with the engine's outcome (a 200, a 201 or a rejection), or with 503
// because the read model could not show the result of an input it has
// journaled; it is tried again on a transport error or any other 503.
func sendCommand(client *http.Client, base string, cmd *chaosCommand) (status int, retry bool, err error) {
	req, err := http.NewRequest(cmd.method, base+cmd.path, strings.NewReader(cmd.body))
	if err != nil {
		return 0, false, err
	}
	req.Header.Set("Authorization", "Bearer tok-"+cmd.subject)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", cmd.key)
	resp, err := client.Do(req)
	if err != nil {
		return 0, true, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode == http.StatusServiceUnavailable {
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		_ = json.Unmarshal(body, &e)
		if e.Error.Code == "unavailable" && strings.Contains(e.Error.Message, "read model") {
			return resp.StatusCode, false, nil // journaled; the read model could not show it
		}
		return resp.StatusCode, true, fmt.Errorf("%s", bytes.TrimSpace(body))
	}
	if resp.StatusCode >= 500 || resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden ||
		resp.StatusCode == http.StatusBadRequest {
		return resp.StatusCode, false, fmt.Errorf("%s %s: %s", cmd.method, cmd.path, bytes.TrimSpace(body))
	}
	return resp.StatusCode, false, nil
}

// collect records the commands' results: a command answered with the
// engine's outcome must be journaled; one left unanswered may be.
func (c *chaosKafka) collect(results []commandResult) {
	for _, r := range results {
		k := [2]string{r.cmd.subject, r.cmd.inputID()}
		c.commands[k] = r.cmd
		if r.err == nil {
			r.cmd.acked = true
			c.faults[fmt.Sprintf("http %d", r.status)]++
			continue
		}
		if r.status >= 500 && r.status != http.StatusServiceUnavailable || r.status == http.StatusBadRequest ||
			r.status == http.StatusUnauthorized || r.status == http.StatusForbidden {
			c.t.Errorf("command %s %s: %d %v", r.cmd.method, r.cmd.path, r.status, r.err)
			continue
		}
		c.faults["http unanswered"]++
		c.t.Logf("command %s %s unanswered within %s: %v", r.cmd.method, r.cmd.path, chaosKafkaCommandWithin, r.err)
	}
}

// finish checks the end: the read model serves the state, every message of
// the input topics is journaled exactly once, every line sent is journaled
// and nothing else is, and the state equals a replay of the journal.
func (c *chaosKafka) finish() {
	t := c.t
	if !c.redis.Running() {
		c.redis.Start()
	}
	for _, s := range c.serves {
		if s.cmd == nil {
			s.start()
		}
	}
	c.settle("the end")
	live := c.stateDoc
	// Redis lost while nothing arrives: the idle engines notice and rebuild.
	c.redis.Kill()
	c.redis.Start()
	c.checkReadModel()
	for _, s := range c.serves {
		s.stop()
		c.retire(s)
	}
	final, err := c.stateCmd()
	if err != nil {
		t.Fatalf("state of the stopped deployment: %v", err)
	}
	if !bytes.Equal(final, live) {
		t.Errorf("state after the instances stopped differs from the state while they ran")
	}
	c.checkJournal(final)
	t.Logf("seed %d: %d lines, %d inputs journaled (%d applied, %d duplicates, %d rejected), %d HTTP commands; faults %v; logs %v",
		c.seed, len(c.lines), c.state.Inputs, c.state.Applied, c.state.Duplicates, len(c.state.Rejected), len(c.commands), c.faults, c.logs)
	// The run must have exercised a shared group: both instances owned
	// partitions at several checks.
	if c.shared < 2 {
		t.Errorf("both instances owned partitions at only %d checks (want at least 2): the group was not shared", c.shared)
	}
}

// checkJournal replays every journal partition into a fresh engine and
// checks the journal against what was sent and the state against the
// replay.
func (c *chaosKafka) checkJournal(final []byte) {
	t := c.t
	cfgPrograms, err := risk.ParsePrograms(bytes.NewReader(c.programs))
	if err != nil {
		t.Fatal(err)
	}
	ends, err := c.inputEnds()
	if err != nil {
		t.Fatal(err)
	}
	var states []*ledger.State
	seenCommands := map[[2]string]map[int]bool{}
	for p := range chaosKafkaPartitions {
		engine := ledger.NewEngine(cfgPrograms)
		journaled := map[string]int{}
		origins := map[journal.Origin]bool{}
		var replayErr error
		j := kafka.NewJournal(c.cfg, p)
		r := stream.NewRunner(j, nil, stream.RunnerConfig{Logger: newLogger(io.Discard, "error"),
			Observe: func(rec journal.Record) {
				if rec.Kind != journal.KindInput || replayErr != nil {
					return
				}
				raw := append([]byte(nil), rec.Raw()...)
				if rec.Origin == nil {
					replayErr = fmt.Errorf("input without its origin: %s", raw)
					return
				}
				if origins[*rec.Origin] {
					t.Errorf("partition %d: the message %s/%d/%d is journaled twice", p, rec.Origin.Topic, rec.Origin.Partition, rec.Origin.Offset)
				}
				origins[*rec.Origin] = true
				journaled[string(raw)]++
				var env struct{ ID, Source string }
				_ = json.Unmarshal(raw, &env)
				if rec.Source != "" {
					env.Source = rec.Source
				}
				k := [2]string{env.Source, env.ID}
				if c.commands[k] != nil {
					if seenCommands[k] == nil {
						seenCommands[k] = map[int]bool{}
					}
					seenCommands[k][p] = true
				}
				if rec.Transport {
					code, _ := ledger.CodeFromString(rec.Code)
					engine.Reject(raw, ledger.Meta{Source: rec.Source}, code, rec.Message)
					return
				}
				_, replayErr = engine.Apply(raw, ledger.Meta{Source: rec.Source})
			}})
		err := r.Recover(context.Background(), nil)
		j.Close()
		if err != nil {
			t.Fatalf("replay of journal partition %d: %v", p, err)
		}
		if replayErr != nil {
			t.Fatalf("replay of journal partition %d: %v", p, replayErr)
		}
		states = append(states, engine.State())
		// Exactly once: every message of the partition's input topics has
		// one journal record.
		if int64(len(origins)) != ends[p] {
			t.Errorf("partition %d: %d messages in the input topics, %d journaled", p, ends[p], len(origins))
		}
		c.compareSent(p, journaled)
	}
	for k, cmd := range c.commands {
		for _, p := range programPartitions(cmd.program) {
			if cmd.acked && !seenCommands[k][p] {
				t.Errorf("command %s %s (%s %s), acknowledged, is not in journal partition %d", cmd.method, cmd.path, k[0], k[1], p)
			}
		}
	}
	want, err := ledger.MarshalState(ledger.MergeStates(states))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(final, want) {
		t.Errorf("final state (%d inputs) differs from the replay of the journaled inputs (%d inputs)", stateInputs(final), stateInputs(want))
	}
}

// compareSent checks one journal partition against what was produced to
// it: every line acknowledged is journaled at least as often as it was
// acknowledged and at most as often as it was tried; any other input is an
// HTTP command of the test.
func (c *chaosKafka) compareSent(p int, journaled map[string]int) {
	t := c.t
	lost := 0
	for line, n := range c.sentAcked[p] {
		if journaled[line] < n {
			lost++
			if lost <= 3 {
				t.Errorf("partition %d: line acknowledged %d times, journaled %d times: %s", p, n, journaled[line], line)
			}
		}
	}
	if lost > 0 {
		t.Errorf("partition %d: %d distinct lines lost", p, lost)
	}
	for line, n := range journaled {
		if tried := c.sentTried[p][line]; tried > 0 {
			if n > tried {
				t.Errorf("partition %d: line sent %d times, journaled %d times: %s", p, tried, n, line)
			}
			continue
		}
		var env struct{ ID, Source string }
		_ = json.Unmarshal([]byte(line), &env)
		if c.commands[[2]string{env.Source, env.ID}] == nil {
			t.Errorf("partition %d: journaled input that was never sent: %s", p, line)
		}
	}
}

// chaosKafkaSoakRun keeps one deployment (two instances, Redis, the broker)
// for d: each round sends the whole stream again (its inputs come back as
// duplicates), with Redis killed and started empty every fourth round,
// waits until everything is journaled and checked, and samples both
// instances; either one's heap or goroutines growing fails the run.
func chaosKafkaSoakRun(t *testing.T, seed uint64, d time.Duration) {
	defer func() {
		if t.Failed() {
			t.Logf("seed %d: rerun with -chaos.seed=%d", seed, seed)
		}
	}()
	c := newChaosKafka(t, seed)
	samples := make([][]soakSample, len(c.serves))
	deadline := time.Now().Add(d)
	for round := 0; time.Now().Before(deadline); round++ {
		switch round % 4 {
		case 1:
			c.redis.Kill()
		case 2:
			c.redis.Start()
		}
		c.produce(c.lines)
		c.settle(fmt.Sprintf("soak round %d", round))
		for i, s := range c.serves {
			samples[i] = append(samples[i], s.soakSample())
			t.Logf("round %d, instance %d: %s", round, i, samples[i][len(samples[i])-1])
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	c.finish()
	for i := range c.serves {
		judgeSoak(t, fmt.Sprintf("instance %d", i), samples[i])
	}
}
