package kafka

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/internal/testsvc"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

// fundLine is a finance input funding program's pool.
func fundLine(id, program, amount string) []byte {
	return fmt.Appendf(nil, `{"id":%q,"type":"pool.funded","source":"finance:li","program":%q,"at":"2026-01-01T00:00:00Z","data":{"funder":"city","amount":%q}}`,
		id, program, amount)
}

// threePrograms is one program on each of 3 partitions: lev on 0,
// dz-lukedai on 1, gp on 2.
func threePrograms(t testing.TB) []byte {
	t.Helper()
	var all []json.RawMessage
	for _, d := range []string{"6-pool-leverage", "1-lukedai-default", "7-guarantor-limit"} {
		p, _ := testsvc.ExampleInputs(t, examples+d)
		var file struct{ Programs []json.RawMessage }
		if err := json.Unmarshal(p, &file); err != nil {
			t.Fatal(err)
		}
		all = append(all, file.Programs...)
	}
	programs, _ := json.Marshal(map[string]any{"programs": all})
	for want, p := range []string{"lev", "dz-lukedai", "gp"} {
		if got := ProgramPartition(p, 3); got != want {
			t.Fatalf("program %s on partition %d, want %d", p, got, want)
		}
	}
	return programs
}

// newTestSubmitter returns a submitter closed at the end of the test.
func newTestSubmitter(t *testing.T, cfg Config, programs []byte) *Submitter {
	t.Helper()
	sub, err := NewSubmitter(cfg, programs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sub.Close() })
	return sub
}

type statusCode struct {
	status ledger.Status
	code   ledger.Code
}

func (s statusCode) String() string { return s.status.String() + " " + s.code.String() }

// submitConcurrently submits each request from its own goroutine and
// returns the outcomes by request.
func submitConcurrently(t *testing.T, ctx context.Context, sub *Submitter, reqs [][]journal.Item) [][]ledger.Outcome {
	t.Helper()
	outs := make([][]ledger.Outcome, len(reqs))
	errs := make([]error, len(reqs))
	var wg sync.WaitGroup
	for i, items := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = sub.Submit(ctx, items)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	return outs
}

// TestKafkaSubmitterConcurrentAcrossPartitions: many requests at once over
// 3 partitions, each answered with its own input's outcome: applied,
// rejected with its code, duplicate with the original's code, the same id
// sent twice at once (one applied, one duplicate), an input without a
// program (every partition) and one without a readable envelope.
func TestKafkaSubmitterConcurrentAcrossPartitions(t *testing.T) {
	cfg := testKafka(t, 3)
	programs := threePrograms(t)
	startOwningAll(t, cfg, programs)
	sub := newTestSubmitter(t, cfg, programs)
	plain := streamtest.PlainEngine(t, programs) // the expected outcomes
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	var lines [][]byte
	for _, p := range []string{"lev", "dz-lukedai", "gp"} {
		for i := range 8 {
			lines = append(lines, fundLine(fmt.Sprintf("c-%s-%d", p, i), p, "100.00"))
		}
		lines = append(lines, fundLine("bad-"+p, p, "-5.00"))
	}
	lines = append(lines, fundLine("f-x", "no-such-program", "1.00"), []byte("garbage"))
	var reqs [][]journal.Item
	want := map[int]statusCode{}
	for i, l := range lines {
		out, _ := plain.Apply(l, ledger.Meta{})
		reqs, want[i] = append(reqs, []journal.Item{{Raw: l}}), statusCode{out.Status, out.Code}
	}
	// The test means what it says: applied, rejected with codes.
	if w := want[0]; w.status != ledger.StatusApplied {
		t.Fatalf("plain engine: %s", w)
	}
	if w := want[8]; w.status != ledger.StatusRejected || w.code == ledger.CodeNone {
		t.Fatalf("plain engine on a negative amount: %s", w)
	}
	if w := want[len(lines)-2]; w.code != ledger.CodeUnknownProgram {
		t.Fatalf("plain engine on an unknown program: %s", w)
	}
	// One request of inputs on all three partitions, and the same id twice at once.
	multi := []journal.Item{{Raw: fundLine("m-lev", "lev", "1.00")}, {Raw: fundLine("m-dz", "dz-lukedai", "1.00")},
		{Raw: fundLine("m-gp", "gp", "1.00")}}
	twin := fundLine("twin", "gp", "2.00")
	reqs = append(reqs, multi, []journal.Item{{Raw: twin}}, []journal.Item{{Raw: twin}})

	outs := submitConcurrently(t, ctx, sub, reqs)
	for i := range lines {
		if got := (statusCode{outs[i][0].Status, outs[i][0].Code}); got != want[i] {
			t.Errorf("input %d (%s): got %s, want %s", i, lines[i], got, want[i])
		}
	}
	for i, o := range outs[len(lines)] {
		if o.Status != ledger.StatusApplied || o.ID != []string{"m-lev", "m-dz", "m-gp"}[i] {
			t.Errorf("multi-partition request, input %d: got %s %s %s, want applied", i, o.ID, o.Status, o.Code)
		}
	}
	twins := []string{outs[len(lines)+1][0].Status.String(), outs[len(lines)+2][0].Status.String()}
	sort.Strings(twins)
	if twins[0] != "applied" || twins[1] != "duplicate" {
		t.Errorf("the same input twice at once: got %v, want one applied and one duplicate", twins)
	}

	// Every input again, at once: duplicates that keep the original's code
	// (the garbage has no id: rejected again).
	outs = submitConcurrently(t, ctx, sub, reqs[:len(lines)])
	for i := range lines {
		w := statusCode{ledger.StatusDuplicate, want[i].code}
		if i == len(lines)-1 {
			w = want[i]
		}
		if got := (statusCode{outs[i][0].Status, outs[i][0].Code}); got != w {
			t.Errorf("resent input %d: got %s, want %s", i, got, w)
		}
	}
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if sub.waiting != 0 || len(sub.tailers) != 3 {
		t.Errorf("after the requests: %d waiters, %d tailers; want 0 and 3", sub.waiting, len(sub.tailers))
	}
}

// TestKafkaSubmitterRegistersBeforeProducing: an outcome journaled before
// the producer's call even returns (here: while it is still in it) is not
// missed, since the waiter is registered before anything is produced.
func TestKafkaSubmitterRegistersBeforeProducing(t *testing.T) {
	cfg := testKafka(t, 3)
	programs := threePrograms(t)
	ctx := ensureTopics(t, cfg, 30*time.Second)
	sub := newTestSubmitter(t, cfg, programs)
	jr := NewJournal(cfg, 2)
	defer jr.Close()
	line := fundLine("early", "gp", "1.00")
	sub.produce = func(ctx context.Context, msgs ...kafkago.Message) error {
		// The engine's part, done before the produce call returns: journal
		// the input's record, and wait until the tailer has read it.
		rec := journal.InputRecord(journal.Item{Raw: line}, ledger.Outcome{Status: ledger.StatusRejected, Code: ledger.CodeBadAmount})
		rec.Seq = 1
		if err := jr.Append(ctx, []journal.Record{rec}); err != nil {
			return err
		}
		end, err := jr.endOffset(ctx)
		if err != nil {
			return err
		}
		sub.mu.Lock()
		tl := sub.tailers[2]
		sub.mu.Unlock()
		waitFor(t, "the tailer to read the record", 20*time.Second, func() bool { return tl.next.Load() >= end })
		return nil
	}
	outs, err := sub.Submit(ctx, []journal.Item{{Raw: line}})
	if err != nil {
		t.Fatal(err)
	}
	if o := outs[0]; o.Status != ledger.StatusRejected || o.Code != ledger.CodeBadAmount || o.ID != "early" {
		t.Errorf("got %s %s %s, want early rejected bad_amount", o.ID, o.Status, o.Code)
	}
}

// TestKafkaSubmitterLimitsAndTimeout: beyond the waiter bound a request is
// refused before anything is produced (not taken); a request whose
// context ends after producing fails with ErrOutcomeNotSeen and leaves no
// waiter behind.
func TestKafkaSubmitterLimitsAndTimeout(t *testing.T) {
	cfg := testKafka(t, 3)
	programs := threePrograms(t)
	ctx := ensureTopics(t, cfg, 30*time.Second)
	sub := newTestSubmitter(t, cfg, programs)
	sub.waitersMax = 2
	produced := 0
	produce := sub.produce
	sub.produce = func(ctx context.Context, msgs ...kafkago.Message) error {
		produced += len(msgs)
		return produce(ctx, msgs...)
	}
	three := []journal.Item{{Raw: fundLine("a", "lev", "1.00")}, {Raw: fundLine("b", "lev", "1.00")}, {Raw: fundLine("c", "lev", "1.00")}}
	if _, err := sub.Submit(ctx, three); !errors.Is(err, ErrSubmitterBusy) {
		t.Errorf("3 inputs above a bound of 2: got %v, want ErrSubmitterBusy", err)
	}
	// An input above the size limit is journaled by its digest, so its
	// record cannot be found by (source, id): it is answered at once, like
	// garbage, with the engine's verdict.
	big := fundLine("big", "lev", "1.00")
	big = append(big[:len(big)-1], fmt.Appendf(nil, `,"pad":%q}`, bytes.Repeat([]byte("x"), ledger.InputBytesMax))...)
	if outs, err := sub.Submit(ctx, []journal.Item{{Raw: big}}); err != nil || outs[0].Code != ledger.CodeBadJSON {
		t.Errorf("an input above the size limit: got %v %v, want rejected bad_json", outs, err)
	}
	produced = 0
	// No engine runs: a request waits until its context ends.
	short, cancelShort := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancelShort()
	var wg sync.WaitGroup
	wg.Add(1)
	var waitErr error
	go func() {
		defer wg.Done()
		_, waitErr = sub.Submit(short, three[:2])
	}()
	waitFor(t, "the first request to register", 10*time.Second, func() bool {
		sub.mu.Lock()
		defer sub.mu.Unlock()
		return sub.waiting == 2
	})
	if _, err := sub.Submit(ctx, three[2:]); !errors.Is(err, ErrSubmitterBusy) {
		t.Errorf("a third waiter: got %v, want ErrSubmitterBusy", err)
	}
	wg.Wait()
	if !errors.Is(waitErr, ErrOutcomeNotSeen) || !errors.Is(waitErr, context.DeadlineExceeded) {
		t.Errorf("a request past its deadline: got %v, want ErrOutcomeNotSeen and DeadlineExceeded", waitErr)
	}
	if produced != 2 {
		t.Errorf("%d messages produced, want 2 (only the request that was taken)", produced)
	}
	sub.mu.Lock()
	if sub.waiting != 0 || len(sub.tailers[0].waiters) != 0 {
		t.Errorf("after the deadline: %d waiters, want 0", sub.waiting)
	}
	sub.mu.Unlock()
}

// TestKafkaSubmitterCloseLeavesNoGoroutine: Close answers a waiting
// request with ErrSubmitterClosed and ends every goroutine the submitter
// and its tailers started.
func TestKafkaSubmitterCloseLeavesNoGoroutine(t *testing.T) {
	cfg := testKafka(t, 3)
	programs := threePrograms(t)
	ctx := ensureTopics(t, cfg, 30*time.Second)
	before := runtime.NumGoroutine()
	sub, err := NewSubmitter(cfg, programs)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		// Inputs on all three partitions; no engine answers them.
		_, err := sub.Submit(ctx, []journal.Item{{Raw: fundLine("a", "lev", "1.00")},
			{Raw: fundLine("b", "dz-lukedai", "1.00")}, {Raw: fundLine("c", "gp", "1.00")}})
		done <- err
	}()
	waitFor(t, "the request to wait on 3 tailers", 10*time.Second, func() bool {
		sub.mu.Lock()
		defer sub.mu.Unlock()
		return sub.waiting == 3 && len(sub.tailers) == 3
	})
	during := runtime.NumGoroutine()
	if err := sub.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, ErrSubmitterClosed) {
		t.Errorf("a request waiting at Close: got %v, want ErrSubmitterClosed", err)
	}
	if _, err := sub.Submit(ctx, []journal.Item{{Raw: fundLine("d", "lev", "1.00")}}); !errors.Is(err, ErrSubmitterClosed) {
		t.Errorf("Submit after Close: got %v, want ErrSubmitterClosed", err)
	}
	var now int
	deadline := time.Now().Add(10 * time.Second)
	for now = runtime.NumGoroutine(); now > before && time.Now().Before(deadline); now = runtime.NumGoroutine() {
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond) // polling a condition with a deadline
	}
	t.Logf("goroutines: %d before the submitter, %d while it waited on 3 tailers, %d after Close", before, during, now)
	if now > before {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines after Close, %d before:\n%s", now, before, buf[:runtime.Stack(buf, true)])
	}
}

// TestKafkaSubmitterTailerSurvivesBrokerRestart: the broker goes away
// and returns; the same tailers go on reading and answer the requests
// after it.
func TestKafkaSubmitterTailerSurvivesBrokerRestart(t *testing.T) {
	cfg, restartBroker := restartableBroker(t, 3)
	programs := threePrograms(t)
	rk := startOwningAll(t, cfg, programs)
	sub := newTestSubmitter(t, cfg, programs)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	round := func(name string) {
		t.Helper()
		outs, err := sub.Submit(ctx, []journal.Item{{Raw: fundLine(name+"-lev", "lev", "1.00")},
			{Raw: fundLine(name+"-dz", "dz-lukedai", "1.00")}, {Raw: fundLine(name+"-gp", "gp", "-1.00")}})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, want := range []statusCode{{ledger.StatusApplied, ledger.CodeNone}, {ledger.StatusApplied, ledger.CodeNone},
			{ledger.StatusRejected, ledger.CodeBadAmount}} {
			if got := (statusCode{outs[i].Status, outs[i].Code}); got != want {
				t.Errorf("%s input %d: got %s, want %s", name, i, got, want)
			}
		}
	}
	round("before")
	sub.mu.Lock()
	tailers := map[int]*tailer{}
	for p, tl := range sub.tailers {
		tailers[p] = tl
	}
	sub.mu.Unlock()

	restartBroker()
	waitFor(t, "the engine to rejoin", 60*time.Second, func() bool { return rk.k.Ready() && len(rk.k.Owned()) == 3 })
	round("after")
	sub.mu.Lock()
	defer sub.mu.Unlock()
	for p, tl := range sub.tailers {
		if tailers[p] != tl {
			t.Errorf("partition %d has a new tailer", p)
		}
	}
}
