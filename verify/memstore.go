package verify

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"sync"
	"time"
)

// DefaultMemoryStoreCapacity is how many entries a [MemoryStore] holds
// unless [WithCapacity] says otherwise: with the default window of 125
// seconds, a sustained 8,000 sign-ins a second, in at most about 50 MB.
const DefaultMemoryStoreCapacity = 1_000_000

// MemoryStore is a [ReplayStore] that keeps its entries in the memory of
// one process; a Verifier built without [WithReplayStore] makes its own.
// Several servers behind a load balancer need a shared store instead, or a
// token refused as a replay on one is accepted on another.
//
// Each entry takes a fixed size whatever the length of the jti: a 128-bit
// keyed hash of it (two hash/maphash values with seeds drawn at random when
// the store is made) and its expiry in whole seconds, rounded up. Two jti
// values whose hashes collide count as one, which can only refuse a token,
// never accept one; with 128 bits and secret seeds that does not happen in
// practice. Expired entries are dropped in arrival order, a few on each call
// (amortised O(1), never a full scan); an entry whose expiry has passed is
// treated as gone even while it waits behind a later one to be dropped.
//
// The store judges time by a clock that never runs backwards: it keeps the
// latest reading of its clock ([WithStoreClock]), and a reading earlier
// than that counts as no time passing. An entry lives until that latest
// reading passes its until, and FirstUse refuses an until at or before it
// as already past, so a clock that steps back neither revives a dropped
// entry nor lets its jti be recorded again as new.
//
// A MemoryStore is safe for concurrent use: FirstUse hashes outside and
// holds one mutex for its O(1) amortised bookkeeping. It never evicts a live
// entry: when full it refuses with [ErrReplayStoreFull].
type MemoryStore struct {
	seed1, seed2 maphash.Seed
	read         func() time.Time // the clock as WithStoreClock gives it
	clock        *monoClock       // read, never running backwards
	capacity     int              // at most this many entries; < 1 means no limit
	base         int64            // Unix seconds that expiry 0 stands for
	errFull      error

	mu    sync.Mutex
	live  map[jtiHash]uint32 // hash to expiry, relative to base
	queue expiryQueue
}

var _ ReplayStore = (*MemoryStore)(nil)

// MemoryStoreOption configures a [MemoryStore] built by [NewMemoryStore].
type MemoryStoreOption func(*MemoryStore)

// WithCapacity bounds how many entries a [MemoryStore] holds, expired ones
// not yet dropped included; when it is full, FirstUse refuses with
// [ErrReplayStoreFull] rather than forget a live entry (a Verifier then
// refuses the token). n < 1 removes the bound, which lets memory grow with
// the rate of sign-ins. Default: [DefaultMemoryStoreCapacity].
func WithCapacity(n int) MemoryStoreOption {
	return func(s *MemoryStore) { s.capacity = n }
}

// WithStoreClock sets the clock against which a [MemoryStore] expires
// entries. It is meant for tests, and must be the clock of the Verifier that
// uses the store (see [WithClock]), and safe to call concurrently. The
// store never lets its time run backwards: a reading earlier than the
// latest one it has seen counts as that latest one. A nil clock leaves the
// default. Default: time.Now.
func WithStoreClock(now func() time.Time) MemoryStoreOption {
	return func(s *MemoryStore) {
		if now != nil {
			s.read = now
		}
	}
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore(opts ...MemoryStoreOption) *MemoryStore {
	return newMemoryStore(nil, opts...)
}

// newMemoryStore returns an empty MemoryStore that judges time by clock,
// or, when clock is nil, by a monoClock of its own over the clock the
// options set. A Verifier shares its own clock with the store it makes.
func newMemoryStore(clock *monoClock, opts ...MemoryStoreOption) *MemoryStore {
	s := &MemoryStore{
		seed1:    maphash.MakeSeed(),
		seed2:    maphash.MakeSeed(),
		read:     time.Now,
		capacity: DefaultMemoryStoreCapacity,
		live:     make(map[jtiHash]uint32),
	}
	for _, opt := range opts {
		if opt != nil {
			opt(s)
		}
	}
	if clock == nil {
		clock = newMonoClock(s.read)
	}
	s.clock = clock
	// Expiries are kept as uint32 seconds from 68 years before now, so
	// they cover 68 years either side of the store's start.
	s.base = unixSeconds(s.clock.now()) - math.MaxInt32
	s.errFull = fmt.Errorf("%w: %d entries", ErrReplayStoreFull, s.capacity)
	return s
}

var (
	errUntilPast  = errors.New("jwtsso: memory store: until is not after the latest reading of the store's clock (has the clock stepped back, or do the verifier and the store use different clocks?)")
	errUntilRange = errors.New("jwtsso: memory store: until is more than 68 years from the store's start")
)

// FirstUse records jti until the time until and reports whether it was not
// recorded (or its record had expired). It returns ctx's error if ctx is
// done, [ErrReplayStoreFull] when the store is full, and an error when until
// is not after the latest reading of the store's clock: the clock has
// stepped back since the token's window passed, or the store and its
// Verifier disagree about the time; either way recording it would forget it
// at once.
func (s *MemoryStore) FirstUse(ctx context.Context, jti string, until time.Time) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	exp, ok := s.expiry(until)
	if !ok {
		return false, errUntilRange
	}
	key := s.hash(jti)

	s.mu.Lock()
	defer s.mu.Unlock()
	// The clock is read under the lock. A reading taken before it could be
	// older than one another caller has since used to drop expired entries:
	// this call would then miss the entry that makes it a replay.
	now := s.clock.now()
	if until.UnixNano() <= now {
		return false, errUntilPast
	}
	nowRel := unixSeconds(now) - s.base
	s.dropExpired(nowRel)
	if e, found := s.live[key]; found && int64(e) > nowRel {
		return false, nil
	}
	if s.capacity > 0 && s.queue.n >= s.capacity {
		return false, s.errFull
	}
	s.live[key] = exp
	s.queue.push(queueEntry{key: key, exp: exp}, s.capacity)
	return true, nil
}

// Len reports how many entries the store holds, counting expired entries
// that wait behind a live one to be dropped.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropExpired(unixSeconds(s.clock.now()) - s.base)
	return s.queue.n
}

// expiry converts until to whole seconds after base, rounded up so that an
// entry never expires early.
func (s *MemoryStore) expiry(until time.Time) (uint32, bool) {
	sec := until.Unix()
	if until.Nanosecond() > 0 {
		sec++
	}
	rel := sec - s.base
	if rel <= 0 || rel > math.MaxUint32 {
		return 0, false
	}
	return uint32(rel), true
}

// jtiHash is the 128-bit keyed hash a MemoryStore keeps instead of a jti.
type jtiHash [16]byte

func (s *MemoryStore) hash(jti string) jtiHash {
	var h jtiHash
	binary.LittleEndian.PutUint64(h[:8], maphash.String(s.seed1, jti))
	binary.LittleEndian.PutUint64(h[8:], maphash.String(s.seed2, jti))
	return h
}

// shrinkAbove is the queue capacity past which an empty store gives its
// memory back, after a burst of sign-ins has expired.
const shrinkAbove = 4096

// dropExpired removes the entries at the front of the queue whose expiry is
// not after nowRel. s.mu must be held. Each entry is pushed once and popped
// once, so the cost is O(1) per FirstUse on average.
func (s *MemoryStore) dropExpired(nowRel int64) {
	for s.queue.n > 0 {
		e := s.queue.front()
		if int64(e.exp) > nowRel {
			break
		}
		s.queue.pop()
		// The same jti may have been recorded again after this entry
		// expired; only the latest record counts.
		if s.live[e.key] == e.exp {
			delete(s.live, e.key)
		}
	}
	if s.queue.n == 0 && len(s.queue.buf) > shrinkAbove {
		s.queue = expiryQueue{}
		s.live = make(map[jtiHash]uint32)
	}
}
