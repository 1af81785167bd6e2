// Package benchmark measures the engine against its nearest physical limit:
// it replays a synthetic stream held in memory and decodes the same bytes
// with plain encoding/json, in the same process, so that the ratio of the
// two rates means something on any machine. It also measures the heap the
// engine keeps per loan. `go test -bench Replay ./ledger/` and
// `techcredit bench` both use it.
package benchmark

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
)

// Stream is a whole synthetic stream in memory: its lines are slices of
// one buffer, so holding a million of them costs little beyond their bytes.
type Stream struct {
	Programs *risk.Config
	Lines    [][]byte
	Bytes    int64
	Stats    simulate.Stats
}

// Load generates the stream of opts into memory.
func Load(opts simulate.Options) (*Stream, error) {
	programs, gen := simulate.Generate(opts)
	cfg, err := risk.ParsePrograms(bytes.NewReader(programs))
	if err != nil {
		return nil, err
	}
	var buf []byte
	var ends []int
	for line := range gen.All() {
		buf = append(buf, line...)
		ends = append(ends, len(buf))
	}
	s := &Stream{Programs: cfg, Lines: make([][]byte, len(ends)), Bytes: int64(len(buf)), Stats: gen.Stats()}
	start := 0
	for i, end := range ends {
		s.Lines[i] = buf[start:end:end]
		start = end
	}
	return s, nil
}

// Replay applies every line to a new engine.
func Replay(s *Stream) (*ledger.Engine, error) {
	e := ledger.NewEngine(s.Programs)
	for i, line := range s.Lines {
		if _, err := e.Apply(line, ledger.Meta{}); err != nil {
			return e, fmt.Errorf("line %d: %w", i+1, err)
		}
	}
	return e, nil
}

// FloorInput is the floor's target: the envelope and the union of the data
// fields the engine reads, as plain strings and integers.
type FloorInput struct {
	ID      string    `json:"id"`
	Type    string    `json:"type"`
	Source  string    `json:"source"`
	Program string    `json:"program"`
	At      string    `json:"at"`
	Data    FloorData `json:"data"`
}

// FloorData has the fields of ledger.Data with plain types.
type FloorData struct {
	Loan                 string         `json:"loan"`
	Borrower             *FloorBorrower `json:"borrower"`
	Principal            string         `json:"principal"`
	AnnualRate           string         `json:"annual_rate"`
	TermMonths           int64          `json:"term_months"`
	DisbursedOn          string         `json:"disbursed_on"`
	Currency             string         `json:"currency"`
	Guarantor            string         `json:"guarantor"`
	Interest             string         `json:"interest"`
	PaidOn               string         `json:"paid_on"`
	DaysPastDue          int64          `json:"days_past_due"`
	AsOf                 string         `json:"as_of"`
	OutstandingPrincipal string         `json:"outstanding_principal"`
	UnpaidInterest       string         `json:"unpaid_interest"`
	Amount               string         `json:"amount"`
	Costs                string         `json:"costs"`
	RecoveredOn          string         `json:"recovered_on"`
	ClosedOn             string         `json:"closed_on"`
	Funder               string         `json:"funder"`
	Claim                string         `json:"claim"`
	Reason               string         `json:"reason"`
	NetAssets            string         `json:"net_assets"`
	Project              string         `json:"project"`
	Enterprise           string         `json:"enterprise"`
	Title                string         `json:"title"`
	Sector               string         `json:"sector"`
	Stage                string         `json:"stage"`
	FundingSought        string         `json:"funding_sought"`
	RoadshowOn           string         `json:"roadshow_on"`
	Status               string         `json:"status"`
	Summary              string         `json:"summary"`
}

// FloorBorrower is ledger.BorrowerData.
type FloorBorrower struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Sector string `json:"sector"`
	Size   string `json:"size"`
}

// DecodeFloor decodes every line into a fresh FloorInput, as any consumer
// of these inputs must at least do, and counts the lines that are not
// valid (the stream's garbage).
func DecodeFloor(lines [][]byte) (invalid int) {
	for _, line := range lines {
		var in FloorInput
		if json.Unmarshal(line, &in) != nil {
			invalid++
		}
	}
	return invalid
}

// Result is one measurement.
type Result struct {
	Inputs      int
	Loans       int64
	Engine      time.Duration // the fastest replay of the whole stream
	Floor       time.Duration // the fastest decoding of the whole stream
	EngineCPU   time.Duration // processor time of the least costly replay
	FloorCPU    time.Duration // processor time of the least costly decoding
	Allocs      uint64        // heap allocations of one replay
	AllocBytes  uint64        // bytes allocated by one replay
	HeapPerLoan float64       // live heap the engine keeps, per loan, after the replay
}

// InputsPerSecond is the engine's replay rate.
func (r Result) InputsPerSecond() float64 { return float64(r.Inputs) / r.Engine.Seconds() }

// FloorPerSecond is the encoding/json decoding rate of the same lines.
func (r Result) FloorPerSecond() float64 { return float64(r.Inputs) / r.Floor.Seconds() }

// Ratio is the engine's rate ÷ the floor's: 1 would mean the engine costs
// no more than decoding its inputs.
func (r Result) Ratio() float64 { return r.InputsPerSecond() / r.FloorPerSecond() }

// CPURatio is Ratio measured in processor time instead of wall time: the
// steadier figure on a machine that other work shares. 0 when unmeasured.
func (r Result) CPURatio() float64 {
	if r.EngineCPU <= 0 {
		return 0
	}
	return r.FloorCPU.Seconds() / r.EngineCPU.Seconds()
}

// AllocsPerInput and BytesPerInput are per input of one replay.
func (r Result) AllocsPerInput() float64 { return float64(r.Allocs) / float64(r.Inputs) }
func (r Result) BytesPerInput() float64  { return float64(r.AllocBytes) / float64(r.Inputs) }

// Measure replays the stream and decodes it rounds times each, alternating,
// and keeps the fastest of each: the least disturbed run of a noisy
// machine. The heap per loan is measured after the first replay.
func Measure(s *Stream, rounds int) (Result, error) {
	r := Result{Inputs: len(s.Lines), Loans: s.Stats.Loans}
	for i := 0; i < max(rounds, 1); i++ {
		base := HeapAfterGC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start, cpu := time.Now(), CPUTime()
		e, err := Replay(s)
		elapsed, cpu := time.Since(start), CPUTime()-cpu
		runtime.ReadMemStats(&after)
		if err != nil {
			return r, err
		}
		if i == 0 {
			r.Allocs, r.AllocBytes = after.Mallocs-before.Mallocs, after.TotalAlloc-before.TotalAlloc
			r.HeapPerLoan = float64(int64(HeapAfterGC())-int64(base)) / float64(max(r.Loans, 1))
		}
		runtime.KeepAlive(e)
		r.Engine, r.EngineCPU = fastest(r.Engine, elapsed), fastest(r.EngineCPU, cpu)
		runtime.GC()
		start, cpu = time.Now(), CPUTime()
		DecodeFloor(s.Lines)
		r.Floor, r.FloorCPU = fastest(r.Floor, time.Since(start)), fastest(r.FloorCPU, CPUTime()-cpu)
	}
	return r, nil
}

func fastest(best, d time.Duration) time.Duration {
	if best == 0 || d < best {
		return d
	}
	return best
}

// HeapAfterGC is the live heap after a full collection.
func HeapAfterGC() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
