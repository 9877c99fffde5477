package main

import (
	"context"
	"flag"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/jwtssotest"
	"github.com/supportsso/jwtsso/redisstore/internal/redistest"
	"github.com/supportsso/jwtsso/verify"
)

const key = "Rd7Lp2Xw9Rt4Mv8Kc3Nb6Hd1Fy5Gs0Je"

// openStore parses args as serve's Redis flags would and opens the store.
func openStore(t *testing.T, env map[string]string, args ...string) (verify.ReplayStore, func(), error) {
	t.Helper()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	open := redisFlags(func(k string) (string, bool) { v, ok := env[k]; return v, ok })(fs)
	require.NoError(t, fs.Parse(args))
	return open()
}

// Two fake support centres given the same --redis-url share one replay
// memory: a token accepted by one is refused by the other.
func TestRedisURLSharesReplayMemory(t *testing.T) {
	srv := redistest.Start(t)
	redisURL := "redis://" + srv.Addr() + "/0"

	var centres []*jwtssotest.Server
	for i, args := range [][]string{{"--redis-url", redisURL}, nil} {
		env := map[string]string{envRedisURL: redisURL} // the second takes the URL from the environment
		store, closeStore, err := openStore(t, env, args...)
		require.NoError(t, err, "centre %d", i)
		require.NotNil(t, store)
		t.Cleanup(closeStore)
		c, err := jwtssotest.NewServer(key, jwtssotest.WithReplayStore(store))
		require.NoError(t, err)
		t.Cleanup(c.Close)
		centres = append(centres, c)
	}

	sso, err := jwtsso.New(key, jwtsso.RedirectURLOnly, jwtsso.WithSupportURL(centres[0].URL))
	require.NoError(t, err)
	loc, err := sso.RedirectURL(context.Background(), jwtsso.Identity{Name: "Jo", Email: "jo@example.com", EmailVerified: true})
	require.NoError(t, err)
	u, err := url.Parse(loc)
	require.NoError(t, err)

	client := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for i, want := range []int{http.StatusSeeOther, http.StatusForbidden} {
		res, err := client.Get(centres[i].URL + "/jwt/?" + u.RawQuery)
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, want, res.StatusCode, "centre %d", i)
	}
	assert.Len(t, centres[0].Logins(), 1)
	assert.Empty(t, centres[1].Logins(), "the replay was refused through Redis")
}

func TestNoRedisURLKeepsMemory(t *testing.T) {
	store, closeStore, err := openStore(t, nil)
	require.NoError(t, err)
	assert.Nil(t, store)
	assert.Nil(t, closeStore)
}

func TestBadRedisURL(t *testing.T) {
	_, _, err := openStore(t, nil, "--redis-url", "http://user:s3cret@127.0.0.1:6379")
	require.ErrorIs(t, err, jwtsso.ErrInvalidConfig)
	assert.NotContains(t, err.Error(), "s3cret")
}
