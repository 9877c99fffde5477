package verify

import (
	"math"
	"sync/atomic"
	"time"
)

// monoClock reads a clock that may step back (a wall clock corrected by
// NTP, a virtual machine resumed from a snapshot, a test's fake clock) and
// never runs backwards itself: a reading earlier than the latest one it has
// returned counts as no time passing, and the latest one is returned
// instead. A Verifier judges a token's age by one and a MemoryStore judges
// its entries by one, so that a used token cannot pass again when the clock
// steps back.
//
// The latest reading is kept as Unix nanoseconds in one atomic integer;
// a reading that advances it costs one compare-and-swap, one that does not
// a load. A monoClock is safe for concurrent use.
type monoClock struct {
	read   func() time.Time
	latest atomic.Int64 // Unix nanoseconds of the latest reading returned
}

func newMonoClock(read func() time.Time) *monoClock {
	c := &monoClock{read: read}
	c.latest.Store(math.MinInt64)
	return c
}

// now reads the clock and returns the reading and the latest reading
// returned so far, this one included, in Unix nanoseconds: latest is the
// time by the never-backwards clock, reading what the clock said.
func (c *monoClock) now() (reading, latest int64) {
	r := c.read().UnixNano()
	for {
		l := c.latest.Load()
		if r <= l {
			return r, l
		}
		if c.latest.CompareAndSwap(l, r) {
			return r, r
		}
	}
}

// unixSeconds returns the whole second that Unix nanoseconds ns falls in
// (rounding towards minus infinity).
func unixSeconds(ns int64) int64 {
	s := ns / 1e9
	if ns%1e9 < 0 {
		s--
	}
	return s
}
