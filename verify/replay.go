package verify

import (
	"context"
	"time"
)

// ReplayStore remembers the jti of every token a [Verifier] has accepted,
// so that the same token is accepted only once.
//
// FirstUse records jti until the time until and reports whether this is the
// first use of jti among those still recorded. It must be atomic: when
// several callers (goroutines, processes or servers sharing the store)
// present the same jti at once, exactly one of them gets true. It may keep
// an entry longer than until but never shorter; the Verifier refuses the
// token by its iat from until on, so nothing needs remembering after that.
//
// "Never shorter" is measured by the Verifier's clock, not by the store's
// or its server's. A store should judge time by a clock that never runs
// backwards (a reading earlier than the latest one it has seen counts as
// no time passing) and refuse, with an error, an until at or before its
// latest reading: otherwise a clock that steps back can bring a used token
// back to life. A store on a server with a clock of its own should send
// the server a relative lifetime (until minus its own latest reading)
// rather than an absolute time that a server clock running ahead would
// cut short.
//
// FirstUse must honour ctx (the Verifier passes the caller's context) and
// return an error rather than guess when it cannot answer: the Verifier
// refuses the token with [ErrReplayStoreUnavailable] on any error, which
// keeps it closed while the store is down. A shared store (Redis SET with
// NX and PX, an INSERT into a table with a unique key) lets several
// servers refuse each other's replays; [MemoryStore] serves one process.
type ReplayStore interface {
	FirstUse(ctx context.Context, jti string, until time.Time) (bool, error)
}

// ReplayStoreFunc adapts an ordinary function to [ReplayStore].
type ReplayStoreFunc func(ctx context.Context, jti string, until time.Time) (bool, error)

// FirstUse calls f(ctx, jti, until).
func (f ReplayStoreFunc) FirstUse(ctx context.Context, jti string, until time.Time) (bool, error) {
	return f(ctx, jti, until)
}
