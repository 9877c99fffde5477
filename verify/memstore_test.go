package verify

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newTestStore(clock *vClock, opts ...MemoryStoreOption) *MemoryStore {
	return NewMemoryStore(append([]MemoryStoreOption{WithStoreClock(clock.Now)}, opts...)...)
}

func firstUse(t testing.TB, s *MemoryStore, jti string, until time.Time) bool {
	t.Helper()
	first, err := s.FirstUse(context.Background(), jti, until)
	require.NoError(t, err)
	return first
}

func TestMemoryStoreFirstUse(t *testing.T) {
	clock := newVClock(vNow)
	s := newTestStore(clock)
	until := vNow.Add(125 * time.Second)
	assert.True(t, firstUse(t, s, "a", until))
	assert.False(t, firstUse(t, s, "a", until))
	assert.False(t, firstUse(t, s, "a", until.Add(time.Hour)), "a later until does not make it new")
	assert.True(t, firstUse(t, s, "b", until))
	assert.True(t, firstUse(t, s, "A", until), "jti is case-sensitive")
	assert.True(t, firstUse(t, s, "a ", until))
	assert.Equal(t, 4, s.Len())
}

// An entry lives while until is after the store's clock, to the second
// rounded up: never shorter than asked.
func TestMemoryStoreExpiry(t *testing.T) {
	clock := newVClock(vNow)
	s := newTestStore(clock)
	until := vNow.Add(10*time.Second + 300*time.Millisecond)
	require.True(t, firstUse(t, s, "a", until))

	clock.Set(until.Add(-time.Nanosecond))
	assert.False(t, firstUse(t, s, "a", until.Add(time.Minute)), "live just before until")
	assert.Equal(t, 1, s.Len())

	clock.Set(vNow.Add(11 * time.Second))
	assert.Equal(t, 0, s.Len(), "gone once the rounded-up second has passed")
	assert.True(t, firstUse(t, s, "a", vNow.Add(time.Minute)), "new again")
}

// Expiries out of arrival order: an entry whose until has passed counts as
// gone even while it waits behind a later one.
//
// Arrival order is kept per shard, so the three jti values are chosen to
// fall in one shard.
func TestMemoryStoreOutOfOrder(t *testing.T) {
	clock := newVClock(vNow)
	s := newTestStore(clock)
	jti := sameShardJTIs(s, "long", "short", "mid")
	long, short, mid := jti[0], jti[1], jti[2]
	require.True(t, firstUse(t, s, long, vNow.Add(100*time.Second)))
	require.True(t, firstUse(t, s, short, vNow.Add(10*time.Second)))
	require.True(t, firstUse(t, s, mid, vNow.Add(50*time.Second)))

	clock.Set(vNow.Add(20 * time.Second))
	assert.Equal(t, 3, s.Len(), "short waits behind long")
	assert.True(t, firstUse(t, s, short, vNow.Add(120*time.Second)), "but counts as gone")
	assert.False(t, firstUse(t, s, short, vNow.Add(120*time.Second)), "and its new record counts")
	assert.False(t, firstUse(t, s, mid, vNow.Add(120*time.Second)))

	clock.Set(vNow.Add(101 * time.Second))
	// long, the old short and mid are dropped; the new short stays.
	assert.Equal(t, 1, s.Len())
	assert.False(t, firstUse(t, s, short, vNow.Add(200*time.Second)), "the old record did not delete the new one")
	assert.True(t, firstUse(t, s, mid, vNow.Add(200*time.Second)))
}

// A full store refuses rather than evict a live entry, and takes entries
// again once old ones have expired.
func TestMemoryStoreCapacity(t *testing.T) {
	clock := newVClock(vNow)
	s := newTestStore(clock, WithCapacity(3))
	until := vNow.Add(time.Minute)
	for _, jti := range []string{"a", "b", "c"} {
		require.True(t, firstUse(t, s, jti, until))
	}
	_, err := s.FirstUse(context.Background(), "d", until)
	require.ErrorIs(t, err, ErrReplayStoreFull)
	assert.False(t, firstUse(t, s, "a", until), "a full store still answers for what it holds")
	assert.Equal(t, 3, s.Len())

	clock.Set(until)
	assert.True(t, firstUse(t, s, "d", until.Add(time.Minute)))
	assert.Equal(t, 1, s.Len())

	unlimited := newTestStore(clock, WithCapacity(0))
	for i := range 2000 {
		require.True(t, firstUse(t, unlimited, jtiN(i), until.Add(time.Minute)))
	}
	assert.Equal(t, 2000, unlimited.Len())
}

func TestMemoryStoreRefusals(t *testing.T) {
	clock := newVClock(vNow)
	s := newTestStore(clock)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.FirstUse(cancelled, "a", vNow.Add(time.Minute))
	require.ErrorIs(t, err, context.Canceled)

	for _, until := range []time.Time{vNow, vNow.Add(-time.Second), {}} {
		_, err = s.FirstUse(context.Background(), "a", until)
		require.Error(t, err, "until %v is not after the clock", until)
	}
	_, err = s.FirstUse(context.Background(), "a", vNow.Add(100*365*24*time.Hour))
	require.Error(t, err, "until beyond the uint32 range")
	assert.Equal(t, 0, s.Len(), "nothing recorded")
	assert.True(t, firstUse(t, s, "a", vNow.Add(60*365*24*time.Hour)), "60 years is in range")
}

// The store's memory goes back after a burst has expired: each shard's
// queue keeps at most one segment and a spare, and a shard that held more
// than shrinkAbove entries gets a fresh map.
func TestMemoryStoreShrinks(t *testing.T) {
	clock := newVClock(vNow)
	s := newTestStore(clock)
	n := 3 * shrinkAbove * storeShards
	for i := range n {
		require.True(t, firstUse(t, s, jtiN(i), vNow.Add(time.Minute)))
	}
	grown := 0
	for i := range s.shards {
		if s.shards[i].peak > shrinkAbove {
			grown++
		}
	}
	require.Positive(t, grown)
	clock.Set(vNow.Add(2 * time.Minute))
	require.Equal(t, 0, s.Len())
	for i := range s.shards {
		sh := &s.shards[i]
		assert.Zero(t, sh.peak, "shard %d", i)
		assert.Empty(t, sh.live, "shard %d", i)
		assert.LessOrEqual(t, len(sh.queue.segs), 1, "shard %d keeps one segment", i)
	}
	assert.True(t, firstUse(t, s, jtiN(0), vNow.Add(3*time.Minute)))
	assert.Equal(t, 1, s.Len())
}

// Under -race: many goroutines with distinct and shared jti values; each
// shared jti is accepted exactly once.
func TestMemoryStoreConcurrent(t *testing.T) {
	clock := newVClock(vNow)
	s := newTestStore(clock)
	const workers, perWorker = 8, 500
	var firsts [perWorker]atomic.Int32
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				// Half the jti values are shared by all workers.
				jti := jtiN(i)
				if i%2 == 1 {
					jti = jtiN(w*perWorker + i + 1_000_000)
				}
				first, err := s.FirstUse(context.Background(), jti, vNow.Add(time.Hour))
				if !assert.NoError(t, err) {
					return
				}
				if first && i%2 == 0 {
					firsts[i].Add(1)
				}
				if i%100 == 0 {
					runtime.Gosched()
				}
			}
		}()
	}
	wg.Wait()
	for i := 0; i < perWorker; i += 2 {
		assert.EqualValues(t, 1, firsts[i].Load(), "shared jti %d", i)
	}
	assert.Equal(t, perWorker/2+workers*perWorker/2, s.Len())
}

// The default clock is time.Now, and a nil clock option leaves it.
func TestMemoryStoreDefaults(t *testing.T) {
	s := NewMemoryStore(WithStoreClock(nil), nil)
	assert.Equal(t, DefaultMemoryStoreCapacity, s.capacity)
	assert.True(t, firstUse(t, s, "a", time.Now().Add(time.Minute)))
}

// A replay checked just before the window's end must not be accepted because
// another caller, whose clock reading is later, dropped the entry between the
// replay's clock reading and its taking the lock.
func TestMemoryStoreReplayAtWindowEdge(t *testing.T) {
	until := time.Unix(1_800_000_000, 0)
	ctx := context.Background()
	const (
		early  = iota // the store's start and the first use: two minutes before the end
		replay        // the replay's clock reading, one nanosecond before the end
		late          // the other caller, at the very end
	)
	var (
		mu    sync.Mutex
		state = early
		other = make(chan struct{})
		s     *MemoryStore
		// otherJTI falls in used-jti's shard: only there can the other
		// caller drop used-jti's entry.
		otherJTI string
	)
	s = NewMemoryStore(WithStoreClock(func() time.Time {
		mu.Lock()
		st := state
		if st == replay {
			state = late
		}
		mu.Unlock()
		switch st {
		case early:
			return until.Add(-2 * time.Minute)
		case replay:
			// Let the other caller run now. It can finish first only if the
			// replay holds no lock while it reads the clock.
			go func() {
				defer close(other)
				_, _ = s.FirstUse(ctx, otherJTI, until.Add(time.Minute))
			}()
			select {
			case <-other:
			case <-time.After(100 * time.Millisecond):
			}
			return until.Add(-time.Nanosecond)
		}
		return until
	}))
	otherJTI = sameShardJTIs(s, "used-jti", "other-jti")[1]

	first, err := s.FirstUse(ctx, "used-jti", until)
	require.NoError(t, err)
	require.True(t, first)

	mu.Lock()
	state = replay
	mu.Unlock()
	again, err := s.FirstUse(ctx, "used-jti", until)
	require.NoError(t, err)
	assert.False(t, again, "the replay must be refused")
	<-other
}

// V21: the store judges time by the latest reading of its clock. A clock
// that steps back after an entry has been dropped does not let the entry's
// jti be recorded again as new, and one that steps back while the entry is
// live does not shorten or lengthen its life.
func TestMemoryStoreClockStepsBack(t *testing.T) {
	until := vNow.Add(125 * time.Second)
	tests := []struct {
		name  string
		steps []time.Duration // clock readings after the first use at vNow
		want  bool            // FirstUse of the same jti at the last reading
		err   bool            // refused as already past
	}{
		{"dropped, then back inside the window", []time.Duration{130 * time.Second, 100 * time.Second}, false, true},
		{"dropped, then back to the first use", []time.Duration{126 * time.Second, 0}, false, true},
		{"dropped, then back by a nanosecond", []time.Duration{125 * time.Second, 125*time.Second - 1}, false, true},
		{"live, back, then forward inside the window", []time.Duration{124 * time.Second, 10 * time.Second, 124*time.Second + 999*time.Millisecond}, false, false},
		{"live, back twice", []time.Duration{60 * time.Second, -time.Hour, 30 * time.Second}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newVClock(vNow)
			s := newTestStore(clock)
			require.True(t, firstUse(t, s, "used", until))
			for _, d := range tt.steps {
				clock.Set(vNow.Add(d))
				s.Len() // the store reads its clock (and drops what has expired)
			}
			first, err := s.FirstUse(context.Background(), "used", until)
			if tt.err {
				require.ErrorIs(t, err, errUntilPast, "an until at or before the latest reading is past")
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.want, first)
		})
	}

	t.Run("an entry lives until the latest reading passes its until", func(t *testing.T) {
		clock := newVClock(vNow)
		s := newTestStore(clock)
		require.True(t, firstUse(t, s, "a", vNow.Add(10*time.Second)))
		require.True(t, firstUse(t, s, "b", vNow.Add(20*time.Second)))
		clock.Set(vNow.Add(15 * time.Second))
		assert.Equal(t, 1, s.Len(), "a has expired")
		clock.Set(vNow.Add(5 * time.Second))
		assert.Equal(t, 1, s.Len(), "a stays gone, b stays")
		_, err := s.FirstUse(context.Background(), "a", vNow.Add(12*time.Second))
		require.ErrorIs(t, err, errUntilPast, "an until before the latest reading")
		assert.True(t, firstUse(t, s, "a", vNow.Add(30*time.Second)), "a with a later until is new")
		assert.False(t, firstUse(t, s, "b", vNow.Add(30*time.Second)))
		clock.Set(vNow.Add(21 * time.Second))
		assert.Equal(t, 1, s.Len(), "b has expired; a lives on")
	})
}

// sameShardJTIs returns one jti per prefix, each the prefix and a number,
// all of which fall in the same shard of s.
func sameShardJTIs(s *MemoryStore, prefixes ...string) []string {
	want := shardOf(s, prefixes[0])
	out := []string{prefixes[0]}
	for _, p := range prefixes[1:] {
		for i := 0; ; i++ {
			if jti := p + strconv.Itoa(i); shardOf(s, jti) == want {
				out = append(out, jti)
				break
			}
		}
	}
	return out
}

// The capacity is a total over all shards: a store of capacity n takes n
// entries wherever they fall, and a full store first drops what has expired
// in shards that no call has touched since.
func TestMemoryStoreCapacityIsATotal(t *testing.T) {
	t.Run("fills to the total", func(t *testing.T) {
		for _, capacity := range []int{1, 3, storeShards - 1, 1000} {
			t.Run(strconv.Itoa(capacity), func(t *testing.T) {
				s := newTestStore(newVClock(vNow), WithCapacity(capacity))
				for i := range capacity {
					require.True(t, firstUse(t, s, jtiN(i), vNow.Add(time.Minute)), "entry %d of %d", i+1, capacity)
				}
				_, err := s.FirstUse(context.Background(), jtiN(capacity), vNow.Add(time.Minute))
				require.ErrorIs(t, err, ErrReplayStoreFull)
				assert.Equal(t, capacity, s.Len())
			})
		}
	})
	t.Run("expired entries in other shards make room", func(t *testing.T) {
		clock := newVClock(vNow)
		s := newTestStore(clock, WithCapacity(2))
		short, long, other := otherShardJTIs(s)
		require.True(t, firstUse(t, s, short, vNow.Add(10*time.Second)))
		require.True(t, firstUse(t, s, long, vNow.Add(time.Minute)))
		clock.Set(vNow.Add(20 * time.Second))
		// other's shard holds nothing; short's shard has not been touched
		// since short expired.
		assert.True(t, firstUse(t, s, other, vNow.Add(time.Minute)))
		_, err := s.FirstUse(context.Background(), short, vNow.Add(time.Minute))
		require.ErrorIs(t, err, ErrReplayStoreFull, "long and other are live")
	})
	t.Run("concurrent", func(t *testing.T) {
		const capacity, workers, each = 500, 8, 200
		s := newTestStore(newVClock(vNow), WithCapacity(capacity))
		var accepted, full atomic.Int32
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					first, err := s.FirstUse(context.Background(), jtiN(w*each+i), vNow.Add(time.Minute))
					switch {
					case err == nil && first:
						accepted.Add(1)
					case errors.Is(err, ErrReplayStoreFull):
						full.Add(1)
					default:
						t.Errorf("FirstUse: %v, %v", first, err)
					}
				}
			}()
		}
		wg.Wait()
		assert.EqualValues(t, capacity, accepted.Load())
		assert.EqualValues(t, workers*each-capacity, full.Load())
		assert.Equal(t, capacity, s.Len())
	})
}

// otherShardJTIs returns three jti values: the first two in one shard, the
// third in another.
func otherShardJTIs(s *MemoryStore) (a, b, c string) {
	same := sameShardJTIs(s, "short", "long")
	for i := 0; ; i++ {
		if c = "other" + strconv.Itoa(i); shardOf(s, c) != shardOf(s, same[0]) {
			return same[0], same[1], c
		}
	}
}

func shardOf(s *MemoryStore, jti string) int {
	_, shard := s.hash(jti)
	return shard
}
