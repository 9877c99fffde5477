package verify

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// DefaultMemoryStoreCapacity is how many entries a [MemoryStore] holds
// unless [WithCapacity] says otherwise: with the default window of 125
// seconds, a sustained 8,000 sign-ins a second, in about 50 MB.
const DefaultMemoryStoreCapacity = 1_000_000

// MemoryStore is a [ReplayStore] that keeps its entries in the memory of
// one process; a Verifier built without [WithReplayStore] makes its own.
// Several servers behind a load balancer need a shared store instead, or a
// token refused as a replay on one is accepted on another.
//
// Each entry takes a fixed size whatever the length of the jti: a 64-bit
// keyed hash of it (hash/maphash, with a seed drawn at random when the
// store is made; its top 12 bits also choose the shard) and its expiry in
// whole seconds, rounded up: 12 bytes in the queue of arrival order, and a
// slot of the shard's map. Two jti values whose hashes collide count as
// one, which can only refuse a token, never accept one; with 64 bits that
// does not happen in practice (with a million entries live, about once in
// 2×10^13 sign-ins). hash/maphash is not a cryptographic hash, but nobody
// outside chooses the jti values to aim for a collision: a Verifier
// records only the jti of a token whose signature it has checked, which
// only the key's holder can make. Expired entries are dropped in arrival
// order, a few on each call (amortised O(1), never a full scan); an entry
// whose expiry has passed is treated as gone even while it waits behind a
// later one to be dropped. Arrival order is kept per shard (see below).
//
// The store judges time by a clock that never runs backwards: it keeps the
// latest reading of its clock ([WithStoreClock]), and a reading earlier
// than that counts as no time passing. An entry lives until that latest
// reading passes its until, and FirstUse refuses an until at or before it
// as already past, so a clock that steps back neither revives a dropped
// entry nor lets its jti be recorded again as new.
//
// A MemoryStore is safe for concurrent use, and built to scale with cores:
// the entries are spread by their hash over 64 shards, each with its own
// mutex, map and queue, so that concurrent calls rarely wait for each
// other (the shards get unequal shares, within a factor of two, so that
// their maps grow at different times). A shard's map grows table by table
// and its queue in fixed-size segments that are never copied, so no call
// stalls while the store grows. The capacity
// ([WithCapacity]) is a total over all shards, kept in one atomic counter:
// a FirstUse is refused with [ErrReplayStoreFull] only when the store as a
// whole holds capacity entries, after the entries that have expired in
// every shard have been dropped. It never evicts a live entry.
type MemoryStore struct {
	seed     maphash.Seed
	read     func() time.Time // the clock as WithStoreClock gives it
	clock    *monoClock       // read, never running backwards
	capacity int              // at most this many entries; < 1 means no limit
	base     int64            // Unix seconds that expiry 0 stands for
	errFull  error

	count  atomic.Int64 // entries in all queues, kept when capacity > 0
	shards [storeShards]shard
}

// storeShards is how many shards a MemoryStore has: a power of two, enough
// that a few dozen cores seldom meet on one mutex, few enough that a small
// store wastes little (an empty shard takes a few hundred bytes).
const storeShards = 64

// shardOfBucket maps 12 bits of a jti's hash to its shard. The shards do
// not get equal shares: shard i gets a share proportional to 2^(i/64), so
// the largest gets about twice the smallest. A Go map grows table by table,
// and the tables of maps that fill at one rate all split within a few
// percent of one another each time their size doubles; with equal shares,
// every table of every shard would split in the same stretch of inserts,
// and that stretch would run several times slower than the rest. With the
// shares spread over a factor of two, the shards reach their doublings at
// different times, and the splits spread evenly over all inserts.
var shardOfBucket = func() (t [1 << 12]uint8) {
	var weights [storeShards]float64
	total := 0.0
	for i := range weights {
		weights[i] = math.Exp2(float64(i) / storeShards)
		total += weights[i]
	}
	bucket, cum := 0, 0.0
	for i := range weights {
		cum += weights[i]
		for end := int(math.Round(cum / total * float64(len(t)))); bucket < end; bucket++ {
			t[bucket] = uint8(i)
		}
	}
	return t
}()

// shard is one part of a MemoryStore: the entries whose hash chooses its
// index. It is padded to a multiple of 128 bytes, so that two shards never
// share a cache line (or the pair of lines a CPU may fetch together).
type shard struct {
	shardState
	_ [128 - unsafe.Sizeof(shardState{})%128]byte
}

type shardState struct {
	mu    sync.Mutex
	now   int64              // latest clock reading used here, Unix ns
	live  map[jtiHash]uint32 // hash to expiry, relative to base
	queue expiryQueue
	peak  int // most entries held since the map was last made
}

var _ ReplayStore = (*MemoryStore)(nil)

// MemoryStoreOption configures a [MemoryStore] built by [NewMemoryStore].
type MemoryStoreOption func(*MemoryStore)

// WithCapacity bounds how many entries a [MemoryStore] holds in all, across
// its shards, counting expired entries that wait behind a live one in their
// shard's queue. When a new entry would pass the bound, FirstUse first drops
// what has expired at the front of every shard's queue, and then, if the
// store is still full, refuses with [ErrReplayStoreFull] rather than forget
// a live entry (a Verifier then refuses the token). The bound is exact: the
// count is one atomic total, never a share per shard. n < 1 removes the
// bound, which lets memory grow with the rate of sign-ins. Default:
// [DefaultMemoryStoreCapacity].
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
		seed:     maphash.MakeSeed(),
		read:     time.Now,
		capacity: DefaultMemoryStoreCapacity,
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
	for i := range s.shards {
		s.shards[i].live = make(map[jtiHash]uint32)
	}
	// Expiries are kept as uint32 seconds from 68 years before now, so
	// they cover 68 years either side of the store's start.
	_, latest := s.clock.now()
	s.base = unixSeconds(latest) - math.MaxInt32
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
	key, shard := s.hash(jti)
	return s.record(key, shard, exp, until.UnixNano(), false, 0, 0)
}

// firstUseAt is FirstUse for a Verifier that shares the store's clock and
// has read it already: reading and latest are what s.clock.now() returned.
func (s *MemoryStore) firstUseAt(jti string, until time.Time, reading, latest int64) (bool, error) {
	exp, ok := s.expiry(until)
	if !ok {
		return false, errUntilRange
	}
	key, shard := s.hash(jti)
	return s.record(key, shard, exp, until.UnixNano(), true, reading, latest)
}

// record is FirstUse after the checks of its arguments. With preRead, the
// caller (a Verifier sharing the store's clock) has read the clock already:
// reading and latest are the two values of s.clock.now(). Otherwise the
// clock is read under the shard's lock. When the store is full it drops
// what has expired in every shard and tries once more.
func (s *MemoryStore) record(key jtiHash, shard int, exp uint32, untilNs int64, preRead bool, reading, latest int64) (bool, error) {
	sh := &s.shards[shard]
	for swept := false; ; swept = true {
		sh.mu.Lock()
		if !preRead {
			// A reading taken before the lock could be older than one
			// another caller has since used to drop entries here: the shard
			// keeps its latest reading for that reason too (see firstUse).
			reading, latest = s.clock.now()
		}
		first, err := sh.firstUse(s, key, exp, untilNs, reading, latest)
		sh.mu.Unlock()
		if err != s.errFull || swept {
			return first, err
		}
		s.sweep()
	}
}

// firstUse does FirstUse's work in sh, whose lock is held. The shard judges
// its entries by the latest reading it has seen (never by an earlier one
// that a caller may bring), and refuses an until that the store's latest
// reading, or the shard's, has passed.
func (sh *shard) firstUse(s *MemoryStore, key jtiHash, exp uint32, untilNs, reading, latest int64) (bool, error) {
	now := max(sh.now, reading)
	sh.now = now
	nowRel := unixSeconds(now) - s.base
	sh.dropExpired(s, nowRel)
	if e, found := sh.live[key]; found && int64(e) > nowRel {
		return false, nil
	}
	if untilNs <= max(latest, now) {
		return false, errUntilPast
	}
	if !s.reserve() {
		return false, s.errFull
	}
	sh.live[key] = exp
	sh.queue.push(key, exp)
	sh.peak = max(sh.peak, sh.queue.n)
	return true, nil
}

// reserve counts one more entry if the store has room for it.
func (s *MemoryStore) reserve() bool {
	if s.capacity <= 0 {
		return true
	}
	for {
		n := s.count.Load()
		if n >= int64(s.capacity) {
			return false
		}
		if s.count.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// sweep drops the expired entries of every shard, one shard at a time, and
// returns how many entries the shards hold after it.
func (s *MemoryStore) sweep() int {
	reading, _ := s.clock.now()
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		sh.now = max(sh.now, reading)
		sh.dropExpired(s, unixSeconds(sh.now)-s.base)
		n += sh.queue.n
		sh.mu.Unlock()
	}
	return n
}

// Len reports how many entries the store holds, counting expired entries
// that wait behind a live one to be dropped. It drops what has expired in
// every shard first.
func (s *MemoryStore) Len() int { return s.sweep() }

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

// jtiHash is the 64-bit keyed hash a MemoryStore keeps instead of a jti.
// As a map key of eight bytes it takes the runtime's fast path for 64-bit
// keys.
type jtiHash uint64

// hash returns the keyed hash of jti and the index of its shard, chosen by
// the hash's top 12 bits.
func (s *MemoryStore) hash(jti string) (jtiHash, int) {
	h := maphash.String(s.seed, jti)
	return jtiHash(h), int(shardOfBucket[h>>(64-12)])
}

// shrinkAbove is how many entries a shard must have held for its map to be
// made afresh once it is empty: Go maps do not shrink, so this gives back
// the memory of a burst of sign-ins after it has expired. The map then
// grows again table by table, without a pause.
const shrinkAbove = 1024

// dropExpired removes the entries at the front of the queue whose expiry is
// not after nowRel. sh.mu must be held. Each entry is pushed once and popped
// once, so the cost is O(1) per FirstUse on average.
func (sh *shard) dropExpired(s *MemoryStore, nowRel int64) {
	dropped := 0
	for sh.queue.n > 0 {
		key, exp := sh.queue.front()
		if int64(exp) > nowRel {
			break
		}
		sh.queue.pop()
		dropped++
		// The same jti may have been recorded again after this entry
		// expired; only the latest record counts.
		if sh.live[key] == exp {
			delete(sh.live, key)
		}
	}
	if dropped > 0 && s.capacity > 0 {
		s.count.Add(int64(-dropped))
	}
	if sh.queue.n == 0 && sh.peak > shrinkAbove {
		sh.live = make(map[jtiHash]uint32)
		sh.peak = 0
	}
}
