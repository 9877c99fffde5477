package jwtssotest

import (
	"sync"
	"time"
)

// Clock is a clock that a test sets and moves by hand while servers run.
// Pass its Now method to [WithClock], and to jwtsso.WithClock for the host
// application's handler, so that both sides share one time; then
// [Clock.Advance] lets a token expire without waiting.
//
// A Clock is safe for concurrent use: requests read it while the test moves
// it. The zero Clock stands at the zero time; use [NewClock].
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a Clock that stands at t until it is moved.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time. It does not move by itself.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d (backward for a negative d) and
// returns the new time.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}
