package redisstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/supportsso/jwtsso/redisstore/internal/redistest"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/redisstore"
)

func TestNewRefusesBadConfig(t *testing.T) {
	good := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = good.Close() })
	noCtx := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	t.Cleanup(func() { _ = noCtx.Close() })
	clusterNoCtx := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{"127.0.0.1:1"}})
	t.Cleanup(func() { _ = clusterNoCtx.Close() })
	failoverNoCtx := redis.NewFailoverClient(&redis.FailoverOptions{MasterName: "m", SentinelAddrs: []string{"127.0.0.1:1"}})
	t.Cleanup(func() { _ = failoverNoCtx.Close() })

	tests := []struct {
		name   string
		client redis.UniversalClient
		opts   []redisstore.Option
		want   string // in the message
	}{
		{"nil client", nil, nil, "nil client"},
		{"typed nil client", (*redis.Client)(nil), nil, "nil client"},
		{"typed nil cluster client", (*redis.ClusterClient)(nil), nil, "nil client"},
		{"client ignores context deadlines", noCtx, nil, "ContextTimeoutEnabled"},
		{"cluster client ignores context deadlines", clusterNoCtx, nil, "ContextTimeoutEnabled"},
		{"sentinel client ignores context deadlines", failoverNoCtx, nil, "ContextTimeoutEnabled"},
		{"empty prefix", good, []redisstore.Option{redisstore.WithPrefix("")}, "empty prefix"},
		{"prefix with a space", good, []redisstore.Option{redisstore.WithPrefix("jwtsso: acme:")}, "space"},
		{"prefix with a newline", good, []redisstore.Option{redisstore.WithPrefix("jwtsso:\nacme:")}, "control"},
		{"prefix with NUL", good, []redisstore.Option{redisstore.WithPrefix("jwtsso:\x00")}, "control"},
		{"prefix with DEL", good, []redisstore.Option{redisstore.WithPrefix("jwtsso:\x7f")}, "control"},
		{"prefix not ASCII", good, []redisstore.Option{redisstore.WithPrefix("jwtsso:café:")}, "non-ASCII"},
		{"prefix with a hash tag", good, []redisstore.Option{redisstore.WithPrefix("{jwtsso}:")}, "brace"},
		{"prefix too long", good, []redisstore.Option{redisstore.WithPrefix(strings.Repeat("a", 129))}, "longer than 128"},
		{"zero timeout", good, []redisstore.Option{redisstore.WithTimeout(0)}, "WithTimeout"},
		{"negative timeout", good, []redisstore.Option{redisstore.WithTimeout(-time.Second)}, "WithTimeout"},
		{"timeout over a minute", good, []redisstore.Option{redisstore.WithTimeout(time.Minute + 1)}, "WithTimeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := redisstore.New(tt.client, tt.opts...)
			require.Error(t, err)
			assert.Nil(t, s)
			assert.ErrorIs(t, err, jwtsso.ErrInvalidConfig)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestNewAcceptsGoodConfig(t *testing.T) {
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = c.Close() })
	u := redis.NewUniversalClient(&redis.UniversalOptions{Addrs: []string{"127.0.0.1:1", "127.0.0.1:2"}, ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = u.Close() })

	tests := []struct {
		name   string
		client redis.UniversalClient
		opts   []redisstore.Option
		want   string
	}{
		{"defaults", c, nil, `redisstore.Store{prefix: "jwtsso:jti:", timeout: 500ms}`},
		{"options, nil skipped", c, []redisstore.Option{nil, redisstore.WithPrefix("jwtsso:acme:jti:"), redisstore.WithTimeout(50 * time.Millisecond)},
			`redisstore.Store{prefix: "jwtsso:acme:jti:", timeout: 50ms}`},
		{"cluster client from NewUniversalClient", u, nil, `redisstore.Store{prefix: "jwtsso:jti:", timeout: 500ms}`},
		{"longest prefix", c, []redisstore.Option{redisstore.WithPrefix(strings.Repeat("a", 128))}, strings.Repeat("a", 128)},
		{"a later option wins", c, []redisstore.Option{redisstore.WithTimeout(time.Second), redisstore.WithTimeout(time.Minute)}, "timeout: 1m0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := redisstore.New(tt.client, tt.opts...)
			require.NoError(t, err)
			assert.Contains(t, s.String(), tt.want)
		})
	}
}

func TestFirstUse(t *testing.T) {
	srv := redistest.Start(t)
	c := redistest.NewClient(t, srv.Addr())
	store := newStore(t, c)
	ctx := context.Background()

	t.Run("first use, then replay", func(t *testing.T) {
		redistest.Flush(t, c)
		until := time.Now().Add(10 * time.Second)
		first, err := store.FirstUse(ctx, "01HZRMYK18B9D5MPJTB9D5MPJT", until)
		require.NoError(t, err)
		assert.True(t, first)
		first, err = store.FirstUse(ctx, "01HZRMYK18B9D5MPJTB9D5MPJT", until)
		require.NoError(t, err)
		assert.False(t, first)
		first, err = store.FirstUse(ctx, "01HZRMYK18B9D5MPJTB9D5MPJV", until)
		require.NoError(t, err)
		assert.True(t, first, "another jti")
	})

	t.Run("key format, value, and an expiry not before until", func(t *testing.T) {
		redistest.Flush(t, c)
		for _, extra := range []time.Duration{0, 500 * time.Microsecond, 1500 * time.Microsecond, 999_999_999} {
			jti := "jti-" + extra.String()
			// A whole second, then sub-millisecond and sub-second parts.
			until := time.Now().Truncate(time.Second).Add(10*time.Second + extra)
			first, err := store.FirstUse(ctx, jti, until)
			require.NoError(t, err)
			require.True(t, first)

			key := redisKey(redisstore.DefaultPrefix, jti)
			assert.Len(t, key, len(redisstore.DefaultPrefix)+64)
			assert.Equal(t, "1", c.Get(ctx, key).Val())
			wantMs := until.Add(time.Millisecond - 1).Truncate(time.Millisecond).UnixMilli() // ceil
			assertExpiresFrom(t, c, key, wantMs)
		}
		assert.EqualValues(t, 4, c.DBSize(ctx).Val())
	})

	t.Run("weird jti bytes stay out of the key", func(t *testing.T) {
		redistest.Flush(t, c)
		for _, jti := range []string{"{tag}", "a b\r\nc", "\x00\xff", strings.Repeat("x", 64)} {
			first, err := store.FirstUse(ctx, jti, time.Now().Add(5*time.Second))
			require.NoError(t, err)
			assert.True(t, first)
			assert.EqualValues(t, 1, c.Exists(ctx, redisKey(redisstore.DefaultPrefix, jti)).Val())
		}
	})

	t.Run("until not in the future is refused and nothing is stored", func(t *testing.T) {
		redistest.Flush(t, c)
		for _, until := range []time.Time{{}, time.Now().Add(-time.Second), time.Now()} {
			first, err := store.FirstUse(ctx, "past", until)
			assert.False(t, first)
			assert.ErrorIs(t, err, redisstore.ErrUntilPassed)
			assert.NotErrorIs(t, err, redisstore.ErrUnavailable)
		}
		assert.EqualValues(t, 0, c.DBSize(ctx).Val())
	})

	t.Run("cancelled caller context", func(t *testing.T) {
		redistest.Flush(t, c)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		first, err := store.FirstUse(cctx, "cancelled", time.Now().Add(time.Second))
		assert.False(t, first)
		assert.ErrorIs(t, err, redisstore.ErrUnavailable)
		assert.ErrorIs(t, err, context.Canceled)
		assert.EqualValues(t, 0, c.DBSize(ctx).Val())
	})

	t.Run("closed client", func(t *testing.T) {
		closed := redistest.NewClient(t, srv.Addr())
		s := newStore(t, closed)
		require.NoError(t, closed.Close())
		first, err := s.FirstUse(ctx, "closed", time.Now().Add(time.Second))
		assert.False(t, first)
		assert.ErrorIs(t, err, redisstore.ErrUnavailable)
		assert.ErrorIs(t, err, redis.ErrClosed)
	})
}

// expirySlack is how much later than asked a key may expire on a Redis
// whose clock agrees with this machine's: the round trip of the SET, on a
// loaded machine, plus the rounding up to a millisecond.
const expirySlack = 2 * time.Second

// assertExpiresFrom checks on the server (whose clock agrees with this
// machine's) that key expires at wantMs (Unix milliseconds) or at most
// expirySlack later: with PEXPIRETIME where the server has it (Redis 7),
// and with PTTL in any case.
func assertExpiresFrom(t *testing.T, c *redis.Client, key string, wantMs int64) {
	t.Helper()
	ctx := context.Background()
	slack := expirySlack.Milliseconds()
	if at, err := c.Do(ctx, "PEXPIRETIME", key).Int64(); err == nil {
		assert.GreaterOrEqual(t, at, wantMs, "PEXPIRETIME of %s: never before until", key)
		assert.LessOrEqual(t, at, wantMs+slack, "PEXPIRETIME of %s", key)
	} else {
		assert.ErrorContains(t, err, "unknown command")
	}
	before := time.Now().UnixMilli()
	ttl, err := c.PTTL(ctx, key).Result()
	require.NoError(t, err)
	after := time.Now().UnixMilli()
	assert.Positive(t, ttl)
	assert.GreaterOrEqual(t, ttl.Milliseconds(), wantMs-after-1, "PTTL")
	assert.LessOrEqual(t, ttl.Milliseconds(), wantMs+slack-before+1, "PTTL")
}
