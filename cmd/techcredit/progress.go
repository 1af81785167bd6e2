package main

import (
	"fmt"
	"io"
	"time"
)

// progressEvery is how often a long command reports progress on stderr.
const progressEvery = 2 * time.Second

// progressLine prints a status line to stderr at most every progressEvery
// (checking the clock every checkEvery ticks), and once more at the end of
// a run that lasted longer than that.
type progressLine struct {
	w           io.Writer
	quiet       bool
	checkEvery  int
	start, last time.Time
	n           int
	line        func(n int, elapsed time.Duration) string
}

func newProgressLine(w io.Writer, quiet bool, checkEvery int, line func(n int, elapsed time.Duration) string) *progressLine {
	now := time.Now()
	return &progressLine{w: w, quiet: quiet, checkEvery: checkEvery, start: now, last: now, line: line}
}

// tick counts one unit of work.
func (p *progressLine) tick() {
	p.n++
	if p.quiet || p.n%p.checkEvery != 0 || time.Since(p.last) < progressEvery {
		return
	}
	p.last = time.Now()
	p.print()
}

// done prints the final line of a long run.
func (p *progressLine) done() {
	if !p.quiet && time.Since(p.start) >= progressEvery {
		p.print()
	}
}

func (p *progressLine) print() { fmt.Fprintln(p.w, p.line(p.n, time.Since(p.start))) }

// perSecond is n per second of elapsed time.
func perSecond(n int64, elapsed time.Duration) float64 {
	return float64(n) / max(elapsed.Seconds(), 1e-9)
}
