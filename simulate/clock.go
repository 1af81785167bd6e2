package simulate

import (
	"math/bits"
	"time"
)

const (
	day           = 24 * 3600
	utcOffset     = 8 * 3600
	businessStart = 9 * 3600
	businessHours = 8 * 3600
)

// midnight is the start of the local day of at.
func midnight(at int64) int64 {
	return at - (at+utcOffset)%day
}

// addMonths moves a local midnight by whole calendar months.
func addMonths(midnightAt int64, months int) int64 {
	return time.Unix(midnightAt, 0).In(chinaTime).AddDate(0, months, 0).Unix()
}

// onDay is a time during business hours on the local day `days` after the
// day of base; never earlier than a minute after now, so that the events of
// one loan keep their order.
func (s *Stream) onDay(base int64, days int64) int64 {
	at := midnight(base) + days*day + businessStart + s.rng.Int64N(businessHours)
	if at <= s.now {
		at = s.now + 60 + s.rng.Int64N(600)
	}
	return at
}

// later is a business-hours time between minDays and maxDays after now.
func (s *Stream) later(minDays, maxDays int64) int64 {
	return s.onDay(s.now, minDays+s.rng.Int64N(maxDays-minDays+1))
}

// between draws an integer in [lo, hi].
func (s *Stream) between(lo, hi int64) int64 { return lo + s.rng.Int64N(hi-lo+1) }

// mulPPM is cents × ppm / 1,000,000 rounded half-up, as the engine rounds a
// computed amount (SPEC §3), without overflow for any amount.
func mulPPM(cents, ppm int64) int64 {
	if cents < 0 || ppm < 0 {
		panic("simulate: mulPPM of a negative number")
	}
	hi, lo := bits.Mul64(uint64(cents), uint64(ppm))
	lo, carry := bits.Add64(lo, 500_000, 0)
	hi += carry
	q, _ := bits.Div64(hi, lo, 1_000_000)
	return int64(q)
}

// roundUp rounds cents up to a multiple of unit.
func roundUp(cents, unit int64) int64 {
	if cents <= 0 {
		return 0
	}
	return (cents + unit - 1) / unit * unit
}
