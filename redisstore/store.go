package redisstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/supportsso/jwtsso/verify"
)

// Store is a [verify.ReplayStore] kept in Redis, so that any number of
// Verifiers, in any number of processes, accept each token once between
// them. See the package documentation for the command it sends, its key
// format and its failure modes.
//
// A Store is immutable after [New] and safe for concurrent use. It does not
// own the client: closing the client is the caller's business, and a Store
// whose client is closed fails every check with [ErrUnavailable].
type Store struct {
	client     redis.UniversalClient
	prefix     string
	timeout    time.Duration
	errTimeout error // the cause of our own deadline, for context.Cause
	owned      bool  // the client was made by Open, and Close closes it

	// latest is the latest reading of this machine's clock that FirstUse
	// has used, in Unix nanoseconds: a reading earlier than it (the clock
	// stepped back) counts as no time passing.
	latest atomic.Int64
}

var _ verify.ReplayStore = (*Store)(nil)

// New returns a Store that keeps its entries in the Redis that client
// talks to: a standalone, Sentinel (redis.NewFailoverClient) or Cluster
// client, as redis.NewUniversalClient returns.
//
// The client must honour context deadlines (ContextTimeoutEnabled: true in
// its options); otherwise go-redis waits out its own ReadTimeout, 5 seconds
// by default, whatever [WithTimeout] says. New checks this for *redis.Client,
// *redis.ClusterClient and *redis.Ring; other implementations of
// redis.UniversalClient are taken at their word.
//
// New refuses a nil client, a client that ignores context deadlines or an
// invalid option value with an error that wraps [jwtsso.ErrInvalidConfig];
// it skips nil options, as the root package does. New sends nothing to
// Redis: a Redis that is down at start-up shows as [ErrUnavailable] on the
// first check.
//
// Defaults: prefix [DefaultPrefix], timeout [DefaultTimeout].
func New(client redis.UniversalClient, opts ...Option) (*Store, error) {
	if err := checkClient(client); err != nil {
		return nil, err
	}
	s := defaultSettings()
	for _, opt := range opts {
		if opt != nil {
			opt(&s)
		}
	}
	if err := s.err(); err != nil {
		return nil, err
	}
	return &Store{
		client:     client,
		prefix:     s.prefix,
		timeout:    s.timeout,
		errTimeout: fmt.Errorf("no answer within %v: %w", s.timeout, context.DeadlineExceeded),
	}, nil
}

// checkClient refuses a nil client and one whose options show that it
// ignores context deadlines.
func checkClient(client redis.UniversalClient) error {
	var honoursContext bool
	switch c := client.(type) {
	case nil:
		return configError("nil client")
	case *redis.Client:
		if c == nil {
			return configError("nil client")
		}
		honoursContext = c.Options().ContextTimeoutEnabled
	case *redis.ClusterClient:
		if c == nil {
			return configError("nil client")
		}
		honoursContext = c.Options().ContextTimeoutEnabled
	case *redis.Ring:
		if c == nil {
			return configError("nil client")
		}
		honoursContext = c.Options().ContextTimeoutEnabled
	default:
		return nil
	}
	if !honoursContext {
		return configError("the client ignores context deadlines, so no timeout could bound a check: " +
			"set ContextTimeoutEnabled: true in its options (redis.Options, redis.UniversalOptions, ...)")
	}
	return nil
}

// FirstUse records jti until the time until and reports whether it was not
// recorded (or its record had expired), with one atomic Redis command:
//
//	SET <prefix><hex SHA-256 of jti> 1 NX PX <until − now in ms, rounded up, + 1>
//
// now is the latest reading of this machine's clock that the Store has
// seen: a clock that steps back counts as standing still. The expiry is
// relative, so Redis keeps the key for at least that long whatever its own
// clock says; it may keep it a little longer (the round trip, the rounding
// up, one millisecond for Redis's truncation of its own clock), never
// shorter.
//
// Redis answers OK (first use: true) or nil (a live key exists: false).
// Anything else is an error that wraps [ErrUnavailable] and its cause: no
// answer within the timeout ([WithTimeout]) or the caller's deadline, a
// connection failure, an error reply. An until that is zero or not after
// now is refused with [ErrUntilPassed] before anything is sent.
func (s *Store) FirstUse(ctx context.Context, jti string, until time.Time) (bool, error) {
	ttl, err := s.ttl(until, time.Now())
	if err != nil {
		return false, err
	}
	if ctx.Err() != nil {
		return false, s.failure(ctx, ctx.Err())
	}
	ctx, cancel := context.WithTimeoutCause(ctx, s.timeout, s.errTimeout)
	defer cancel()
	err = s.client.SetArgs(ctx, s.key(jti), "1", redis.SetArgs{Mode: "NX", TTL: ttl}).Err()
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, redis.Nil):
		return false, nil
	}
	return false, s.failure(ctx, err)
}

// ttl returns how long Redis must keep a record that has to last until
// until: until minus the latest clock reading (reading, or a later one
// seen before), rounded up to a whole millisecond, plus one. It
// refuses an until that is zero or not after that reading. go-redis sends
// a whole number of seconds as EX and anything else as PX, in milliseconds:
// the same duration either way.
func (s *Store) ttl(until, reading time.Time) (time.Duration, error) {
	if until.IsZero() {
		return 0, fmt.Errorf("%w: zero time", ErrUntilPassed)
	}
	now := s.now(reading.UnixNano())
	left := until.Sub(time.Unix(0, now))
	if left <= 0 {
		return 0, fmt.Errorf("%w: %v before the latest reading of this machine's clock (does the Verifier use a clock of its own, or has the clock stepped back?)",
			ErrUntilPassed, (-left).Round(time.Millisecond))
	}
	if left > math.MaxInt64-time.Millisecond {
		// Some 292 years: Sub saturated, so until is at least this far
		// away, and Redis's own limit is lower still.
		return left, nil
	}
	// Redis adds the TTL to its clock truncated to the millisecond, which
	// can be up to a millisecond behind: one more makes up for it.
	return (left + time.Millisecond - 1).Truncate(time.Millisecond) + time.Millisecond, nil
}

// now returns reading (Unix nanoseconds) or, if it is earlier, the latest
// reading seen before, and keeps the later of the two.
func (s *Store) now(reading int64) int64 {
	for {
		l := s.latest.Load()
		if reading <= l {
			return l
		}
		if s.latest.CompareAndSwap(l, reading) {
			return reading
		}
	}
}

// key returns the Redis key for jti: the prefix, then the SHA-256 of jti in
// lower-case hex. The hash gives every key the same length and keeps
// whatever bytes a jti holds (braces included) out of the key.
func (s *Store) key(jti string) string {
	sum := sha256.Sum256([]byte(jti))
	var hexSum [2 * sha256.Size]byte
	hex.Encode(hexSum[:], sum[:])
	var b strings.Builder
	b.Grow(len(s.prefix) + len(hexSum))
	b.WriteString(s.prefix)
	b.Write(hexSum[:])
	return b.String()
}

// failure wraps err, or the reason ctx ended, in ErrUnavailable. When ctx
// has ended, context.Cause says whose deadline it was: the Store's own
// timeout (s.errTimeout, which wraps context.DeadlineExceeded) or the
// caller's.
func (s *Store) failure(ctx context.Context, err error) error {
	cause := context.Cause(ctx)
	switch {
	case cause == nil:
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return fmt.Errorf("%w: %w", ErrUnavailable, cause)
	default:
		return fmt.Errorf("%w: %w: %w", ErrUnavailable, cause, err)
	}
}

// String describes s for logs: its prefix and timeout.
func (s *Store) String() string {
	return fmt.Sprintf("redisstore.Store{prefix: %q, timeout: %v}", s.prefix, s.timeout)
}
