package simulate

import (
	"iter"
	"math/rand/v2"
)

// Stats counts what a stream holds so far. A replay of the whole stream
// gives inputs = Inputs, duplicates = Resent, rejected = Σ Bad and applied =
// the rest.
type Stats struct {
	Inputs    int64            // lines written
	Types     map[string]int64 // valid inputs by type
	Loans     int64
	Borrowers int64
	Projects  int64
	// Claims counts the claims the engine opens, by program kind.
	Claims         map[string]int64
	DualApprovals  int64 // claims approved by two finance users
	ClaimsRejected int64 // claims the finance office rejected
	Resent         int64 // inputs sent again with the same id and content
	// Bad counts the inputs the engine rejects, by reject code.
	Bad map[string]int64
}

// Rejected is Σ Bad.
func (s Stats) Rejected() int64 {
	var n int64
	for _, c := range s.Bad {
		n += c
	}
	return n
}

func (s Stats) clone() Stats {
	out := s
	out.Types, out.Claims, out.Bad = cloneCounts(s.Types), cloneCounts(s.Claims), cloneCounts(s.Bad)
	return out
}

func cloneCounts(m map[string]int64) map[string]int64 {
	out := make(map[string]int64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// resendRing is how many recent valid lines a retry may repeat.
const resendRing = 64

// Stream produces the inputs of one simulation, one line at a time.
type Stream struct {
	opts  Options
	seed  uint64
	rng   *rand.Rand
	w     *world
	queue eventQueue
	seq   uint64
	now   int64    // at of the event being processed (Unix seconds)
	cur   *loanSim // the loan of the event being processed, if any

	// Lines of the current event, each ending in '\n'; ends[i] is the
	// offset after line i, next the line Next returns next.
	buf   []byte
	ends  []int
	next  int
	ln    line
	valid int // valid lines written by the current event

	recent     [resendRing][]byte
	recentSeen int

	stats                     Stats
	spawned, borrowers, projs int64
	activeLoans               int64
}

// Generate returns the programs file and the input stream of opts. It
// panics on options that Validate refuses.
func Generate(opts Options) (programsJSON []byte, inputs *Stream) {
	if err := opts.Validate(); err != nil {
		panic(err)
	}
	opts = opts.withDefaults()
	s := &Stream{opts: opts, seed: opts.Seed, w: newWorld(),
		rng:   rand.New(rand.NewPCG(opts.Seed, 0x7ec4_c4ed_17_5eed)),
		stats: Stats{Types: map[string]int64{}, Claims: map[string]int64{}, Bad: map[string]int64{}}}
	s.schedule(event{at: opts.Start.Unix() + 9*3600, kind: evSetup})
	return []byte(ProgramsJSON), s
}

// Next returns the next input line without its newline, valid until the
// following call, and false at the end of the stream.
func (s *Stream) Next() ([]byte, bool) {
	for s.next >= len(s.ends) {
		if len(s.queue) == 0 || (!s.opts.Until.IsZero() && s.queue[0].at > s.opts.Until.Unix()) {
			return nil, false
		}
		s.buf, s.ends, s.next, s.valid = s.buf[:0], s.ends[:0], 0, 0
		s.step()
	}
	start := 0
	if s.next > 0 {
		start = s.ends[s.next-1]
	}
	end := s.ends[s.next]
	s.next++
	return s.buf[start : end-1], true
}

// All iterates over the remaining lines; each is valid during its iteration.
func (s *Stream) All() iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for {
			l, ok := s.Next()
			if !ok || !yield(l) {
				return
			}
		}
	}
}

// Stats returns the counts of the lines generated so far.
func (s *Stream) Stats() Stats { return s.stats.clone() }

// Done reports how many of the loans have been disbursed so far.
func (s *Stream) Done() (disbursed, total int64) { return s.spawned, int64(s.opts.Loans) }

// step processes the earliest event: it writes its lines and schedules
// what follows, then perhaps some bad inputs.
func (s *Stream) step() {
	ev := s.queue.pop()
	s.now, s.cur = ev.at, ev.loan
	switch ev.kind {
	case evSetup:
		s.setup()
	case evSpawn:
		s.disburse()
	case evLoan:
		s.advanceLoan(ev.loan)
	case evFinance:
		s.financeCycle()
	case evNetAssets:
		s.netAssetsReports()
	case evProject:
		s.advanceProject(ev.proj)
	}
	for n := s.valid; n > 0; n-- {
		if s.opts.BadInputRate > 0 && s.rng.Float64() < s.opts.BadInputRate {
			s.badInput()
		}
	}
}

// begin starts a valid input from a; finish ends it.
func (s *Stream) begin(a *actor, typ, program string) *line {
	s.ln.b = s.buf
	s.ln.begin(a.nextID(), typ, a.source, program, s.now)
	return &s.ln
}

func (s *Stream) finish(typ string) {
	s.ln.end()
	s.commit()
	s.valid++
	s.stats.Types[typ]++
	last := s.buf[s.lineStart(len(s.ends)-1) : len(s.buf)-1]
	slot := s.recentSeen % resendRing
	s.recent[slot] = append(s.recent[slot][:0], last...)
	s.recentSeen++
}

// commit ends the line in s.ln.
func (s *Stream) commit() {
	s.buf = append(s.ln.b, '\n')
	s.ends = append(s.ends, len(s.buf))
	s.stats.Inputs++
}

func (s *Stream) lineStart(i int) int {
	if i == 0 {
		return 0
	}
	return s.ends[i-1]
}

// active reports whether loans are still to come or running: the periodic
// events stop once the last loan has closed.
func (s *Stream) active() bool { return s.spawned < int64(s.opts.Loans) || s.activeLoans > 0 }

// Event kinds.
const (
	evSetup uint8 = iota
	evSpawn
	evLoan
	evFinance
	evNetAssets
	evProject
)

type event struct {
	at   int64
	seq  uint64
	kind uint8
	loan *loanSim
	proj *projectSim
}

func (s *Stream) schedule(ev event) {
	s.seq++
	ev.seq = s.seq
	s.queue.push(ev)
}

// eventQueue is a binary min-heap by (at, seq): events of the same second
// run in the order they were scheduled.
type eventQueue []event

func (q eventQueue) less(i, j int) bool {
	return q[i].at < q[j].at || (q[i].at == q[j].at && q[i].seq < q[j].seq)
}

func (q *eventQueue) push(ev event) {
	*q = append(*q, ev)
	h := *q
	for i := len(h) - 1; i > 0; {
		parent := (i - 1) / 2
		if !h.less(i, parent) {
			break
		}
		h[i], h[parent] = h[parent], h[i]
		i = parent
	}
}

func (q *eventQueue) pop() event {
	h := *q
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h[last] = event{}
	h = h[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h) && h.less(l, m) {
			m = l
		}
		if r < len(h) && h.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	*q = h
	return top
}
