package jwtssotest_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/supportsso/jwtsso/jwtssotest"
	"github.com/supportsso/jwtsso/verify"
)

// TestRetryAfterStoreStall: after a replay store stalls, the timed-out
// write may still have landed, so the same token URL then reads "already
// used". The store-unavailable page therefore does not offer a retry of
// the same URL: it says that a fresh token is needed and links to the
// support centre's Login, which starts a new sign-in through the host's
// Remote Login URL. The replay page links there too.
func TestRetryAfterStoreStall(t *testing.T) {
	clock := jwtssotest.NewClock(start)
	mem := verify.NewMemoryStore(verify.WithStoreClock(clock.Now))
	var stall atomic.Bool
	stall.Store(true)
	// A store whose first write lands but answers too late, as a Redis SET
	// that times out on the client after the server applied it.
	store := verify.ReplayStoreFunc(func(ctx context.Context, jti string, until time.Time) (bool, error) {
		first, err := mem.FirstUse(ctx, jti, until)
		if stall.Swap(false) {
			return false, errors.New("redis: i/o timeout")
		}
		return first, err
	})
	tests := []struct {
		name  string
		login bool
	}{{"with a Remote Login URL", true}, {"without one", false}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stall.Store(true)
			opts := []jwtssotest.Option{jwtssotest.WithReplayStore(store)}
			if tt.login {
				opts = append(opts, jwtssotest.WithRemoteLoginURL("http://127.0.0.1:8080/sso/happyfox"))
			}
			srv := newServer(t, clock, opts...)
			u := mintURL(t, testKey, srv.URL, clock.Now, jo)
			b := newBrowser(t)

			p := b.get(t, u)
			assert.Equal(t, http.StatusServiceUnavailable, p.status)
			assert.Contains(t, p.body, "Login is temporarily unavailable")
			assert.Contains(t, p.body, "this link may now be refused as already used")
			assert.Contains(t, p.body, "You need a fresh token")
			assert.NotContains(t, p.body, "try again")
			assertLoginLink(t, p.body, tt.login)

			p = b.get(t, u)
			assert.Equal(t, http.StatusForbidden, p.status, "the stalled write landed")
			assert.Contains(t, p.body, "Remote token has already been used")
			assertLoginLink(t, p.body, tt.login)
		})
	}
}

func assertLoginLink(t *testing.T, body string, want bool) {
	t.Helper()
	const link = `<a class="button" href="/login">Login</a> starts a new sign-in through your application, with a fresh token.`
	if want {
		assert.Contains(t, body, link)
	} else {
		assert.NotContains(t, body, `href="/login"`)
		assert.Contains(t, body, "Start again from the page that sent you here.")
	}
}
