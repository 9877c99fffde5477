package redisstore_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/supportsso/jwtsso/redisstore/internal/redistest"
	"github.com/supportsso/jwtsso/verify"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/redisstore"
)

// Two Verifiers, each with its own client and Store as two servers behind a
// load balancer would have, share one Redis; 8 goroutines on each submit
// the same 1,000 tokens in their own order. Rows V1 and V2.
func TestVerifiersShareRedisAcceptEachTokenOnce(t *testing.T) {
	const (
		nTokens     = 1000
		perVerifier = 8
	)
	srv := redistest.Start(t)
	tokens := mintN(t, nTokens)
	verifiers := []*verify.Verifier{
		newVerifier(t, keyAcme, newStore(t, redistest.NewClient(t, srv.Addr()))),
		newVerifier(t, keyAcme, newStore(t, redistest.NewClient(t, srv.Addr()))),
	}

	var accepted [nTokens]atomic.Int32
	var replayed, other atomic.Int64
	var firstOther atomic.Value
	var wg sync.WaitGroup
	for g := range perVerifier * len(verifiers) {
		v := verifiers[g%len(verifiers)]
		wg.Go(func() {
			for _, i := range rand.Perm(nTokens) {
				_, err := v.Verify(context.Background(), tokens[i])
				switch {
				case err == nil:
					accepted[i].Add(1)
				case errors.Is(err, verify.ErrTokenReplayed):
					replayed.Add(1)
				default:
					other.Add(1)
					firstOther.CompareAndSwap(nil, err.Error())
				}
			}
		})
	}
	wg.Wait()

	require.Zero(t, other.Load(), "errors other than replays, the first: %v", firstOther.Load())
	total := 0
	for i := range accepted {
		n := int(accepted[i].Load())
		require.Equal(t, 1, n, "token %d accepted %d times", i, n)
		total += n
	}
	assert.Equal(t, nTokens, total)
	assert.EqualValues(t, nTokens*(perVerifier*len(verifiers)-1), replayed.Load())
	assert.EqualValues(t, nTokens, redistest.NewClient(t, srv.Addr()).DBSize(context.Background()).Val(), "one key per token")
}

// A stored jti expires on the server at the end of the token's window, and
// after that the token is still refused, by its age (rows V1 and V18).
func TestKeyExpiresWithTheWindow(t *testing.T) {
	srv := redistest.Start(t)
	c := redistest.NewClient(t, srv.Addr())
	v := newVerifier(t, keyAcme, newStore(t, c), verify.WithMaxAge(time.Second), verify.WithLeeway(0))

	// iat is in whole seconds: mint just after a second starts, so that the
	// one-second window has most of its length left.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 20*time.Millisecond)))
	token := mintN(t, 1)[0]
	claims, err := v.Verify(context.Background(), token)
	require.NoError(t, err)

	key := redisKey(redisstore.DefaultPrefix, claims.ID)
	until := time.Unix(claims.IssuedAt, 0).Add(time.Second)
	assertExpiresFrom(t, c, key, until.UnixMilli())
	_, err = v.Verify(context.Background(), token)
	require.ErrorIs(t, err, verify.ErrTokenReplayed, "within the window")

	// The key expires at until plus the SET's round trip at most.
	time.Sleep(time.Until(until) + 50*time.Millisecond)
	require.Eventually(t, func() bool { return c.PTTL(context.Background(), key).Val() == -2 },
		expirySlack, 10*time.Millisecond, "PTTL -2: the key is gone")
	assert.EqualValues(t, 0, c.Exists(context.Background(), key).Val())
	assert.EqualValues(t, 0, c.DBSize(context.Background()).Val())

	_, err = v.Verify(context.Background(), token)
	require.ErrorIs(t, err, verify.ErrTokenExpired, "after the window: refused by iat, not stored again")
	assert.EqualValues(t, 0, c.DBSize(context.Background()).Val())
}

// Two accounts on one Redis, each with its own prefix: a jti used on one
// is still new on the other. Their issuers are given the same clock and
// entropy, so they mint the same jti.
func TestPrefixIsolatesAccounts(t *testing.T) {
	srv := redistest.Start(t)
	c := redistest.NewClient(t, srv.Addr())
	now := time.Now()
	sameJTI := func(key, account string) string {
		h := newIssuer(t, key, account,
			jwtsso.WithClock(func() time.Time { return now }),
			jwtsso.WithEntropy(bytes.NewReader(bytes.Repeat([]byte{0x5a}, 64))))
		return mint(t, h, 1)
	}
	acmeToken, globexToken := sameJTI(keyAcme, "acme"), sameJTI(keyGlobex, "globex")

	tests := []struct {
		name                     string
		acmePrefix, globexPrefix string
		wantGlobex               error
	}{
		{"own prefixes: both first use", "jwtsso:acme:jti:", "jwtsso:globex:jti:", nil},
		{"one prefix: the second account is refused", "jwtsso:jti:", "jwtsso:jti:", verify.ErrTokenReplayed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			redistest.Flush(t, c)
			acme := newVerifier(t, keyAcme, newStore(t, c, redisstore.WithPrefix(tt.acmePrefix)))
			globex := newVerifier(t, keyGlobex, newStore(t, c, redisstore.WithPrefix(tt.globexPrefix)))

			a, err := acme.Verify(context.Background(), acmeToken)
			require.NoError(t, err)
			g, err := globex.Verify(context.Background(), globexToken)
			if tt.wantGlobex != nil {
				require.ErrorIs(t, err, tt.wantGlobex)
				return
			}
			require.NoError(t, err)
			require.Equal(t, a.ID, g.ID, "the issuers minted one jti")
			assert.EqualValues(t, 1, c.Exists(context.Background(), redisKey(tt.acmePrefix, a.ID)).Val())
			assert.EqualValues(t, 1, c.Exists(context.Background(), redisKey(tt.globexPrefix, g.ID)).Val())

			_, err = acme.Verify(context.Background(), acmeToken)
			assert.ErrorIs(t, err, verify.ErrTokenReplayed)
			_, err = globex.Verify(context.Background(), globexToken)
			assert.ErrorIs(t, err, verify.ErrTokenReplayed)
		})
	}
}

// V22: the clock of a shared Redis disagrees with the verifiers' by minutes.
// Two Verifiers, each with its own client and Store, take turns at one
// token six times: it is accepted exactly once, and the key lives for what
// is left of the token's window by the verifiers' clock, whatever Redis's
// clock says. (An absolute expiry, PXAT, judged by a Redis 200 s ahead,
// is already past: Redis stores nothing and every submission is a first
// use.)
func TestRedisClockSkew(t *testing.T) {
	tests := []struct {
		name   string
		offset time.Duration
	}{
		{"redis 200 s ahead", 200 * time.Second},
		{"redis 200 s behind", -200 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := redistest.StartSkewed(t, tt.offset)
			c := redistest.NewClient(t, srv.Addr())
			verifiers := []*verify.Verifier{
				newVerifier(t, keyAcme, newStore(t, redistest.NewClient(t, srv.Addr()))),
				newVerifier(t, keyAcme, newStore(t, redistest.NewClient(t, srv.Addr()))),
			}
			token := mintN(t, 1)[0]
			var first jwtsso.Claims
			accepted := 0
			for i := range 6 {
				claims, err := verifiers[i%2].Verify(context.Background(), token)
				if err == nil {
					first = claims
					accepted++
					continue
				}
				require.ErrorIs(t, err, verify.ErrTokenReplayed, "submission %d", i+1)
			}
			require.Equal(t, 1, accepted, "one token, accepted %d times", accepted)

			until := time.Unix(first.IssuedAt, 0).Add(verify.DefaultMaxAge + verify.DefaultLeeway)
			before := time.Now()
			ttl, err := c.PTTL(context.Background(), redisKey(redisstore.DefaultPrefix, first.ID)).Result()
			require.NoError(t, err)
			assert.GreaterOrEqual(t, ttl, until.Sub(time.Now()), "the key outlives the window")
			assert.LessOrEqual(t, ttl, until.Sub(before)+expirySlack, "by no more than the round trip")
		})
	}
}
