package tally

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/verify"
)

const testKey = "Rk3Vp8Nw2Qz6Lc1Xm5Hb9Tf4Dy7Gs0Ja"

var testNow = time.Unix(1717740457, 0)

// drive sends real requests through a guarded Handler and its tokens
// through a Verifier, both counted by c.
func drive(t *testing.T, c *Counter) {
	t.Helper()
	users := map[string]jwtsso.Identity{
		"jo":         {Name: "Jo Example", Email: "jo@example.com", EmailVerified: true},
		"unverified": {Name: "Un Verified", Email: "un@example.com"},
	}
	sso, err := jwtsso.New(testKey, jwtsso.IdentityResolverFunc(func(r *http.Request) (jwtsso.Identity, error) {
		if id, ok := users[r.Header.Get("X-User")]; ok {
			return id, nil
		}
		return jwtsso.Identity{}, jwtsso.ErrNoIdentity
	}), jwtsso.WithAccount("acme"), jwtsso.WithLoginURL("/login", "next"),
		jwtsso.WithClock(func() time.Time { return testNow }),
		jwtsso.WithLogger(slog.New(slog.DiscardHandler)), jwtsso.WithObserver(c))
	require.NoError(t, err)
	v, err := verify.New(testKey, verify.WithClock(func() time.Time { return testNow }), verify.WithObserver(c))
	require.NoError(t, err)
	guarded := sso.Middleware(sso)
	get := func(user string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, "/sso/happyfox", nil)
		r.Header.Set("X-User", user)
		w := httptest.NewRecorder()
		guarded.ServeHTTP(w, r)
		return w
	}
	for range 2 {
		u, err := url.Parse(get("jo").Header().Get("Location"))
		require.NoError(t, err)
		token := u.Query().Get("token")
		_, err = v.Verify(t.Context(), token)
		require.NoError(t, err)
		_, err = v.Verify(t.Context(), token)
		require.ErrorIs(t, err, verify.ErrTokenReplayed)
	}
	get("unverified")
	get("")
	_, err = v.Verify(t.Context(), "x")
	require.ErrorIs(t, err, verify.ErrTokenMalformed)
}

func TestCounterCountsRealFlow(t *testing.T) {
	var c Counter
	drive(t, &c)
	require.Equal(t, Snapshot{
		Minted: 2, Accepted: 2,
		Issuer:   map[string]uint64{"minted": 2, "refused": 1, "login_required": 1},
		Refused:  map[string]uint64{"email_unverified": 1},
		Verifier: map[string]uint64{"accepted": 2, "refused": 3},
		Rejected: map[string]uint64{"token_replayed": 2, "token_malformed": 1},
	}, c.Snapshot())
}

func TestCounterZeroValue(t *testing.T) {
	var c Counter
	require.Equal(t, Snapshot{Issuer: map[string]uint64{}, Refused: map[string]uint64{},
		Verifier: map[string]uint64{}, Rejected: map[string]uint64{}}, c.Snapshot())
}

func TestCounterConcurrent(t *testing.T) {
	var c Counter
	const goroutines, each = 8, 500
	var wg sync.WaitGroup
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				c.ObserveIssuer(context.Background(), jwtsso.Event{Outcome: jwtsso.OutcomeMinted})
				c.ObserveVerifier(context.Background(), verify.Event{Outcome: verify.OutcomeRefused, Reason: "token_expired"})
				_ = c.Snapshot()
			}
		}()
	}
	wg.Wait()
	s := c.Snapshot()
	require.Equal(t, uint64(goroutines*each), s.Minted)
	require.Equal(t, uint64(goroutines*each), s.Rejected["token_expired"])
}

func TestCounterBoundsNames(t *testing.T) {
	var c Counter
	for i := range 3 * maxNames {
		c.ObserveIssuer(context.Background(), jwtsso.Event{Outcome: jwtsso.OutcomeRefused, Reason: "r" + strconv.Itoa(i)})
	}
	s := c.Snapshot()
	require.Len(t, s.Refused, maxNames+1)
	require.Equal(t, uint64(2*maxNames), s.Refused["other"])
	require.Equal(t, uint64(3*maxNames), s.Issuer["refused"])
}

func TestPage(t *testing.T) {
	var c Counter
	drive(t, &c)
	tests := []struct {
		method string
		body   []string
	}{
		{http.MethodGet, []string{`<strong id="minted">2</strong>`, `<strong id="accepted">2</strong>`,
			`<td>email_unverified</td><td class="n">1</td>`, `<td>token_replayed</td><td class="n">2</td>`,
			`<td>login_required</td><td class="n">1</td>`}},
		{http.MethodHead, nil},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			w := httptest.NewRecorder()
			c.ServeHTTP(w, httptest.NewRequest(tt.method, "/debug/jwtsso", nil))
			require.Equal(t, http.StatusOK, w.Code)
			require.Equal(t, "no-store", w.Header().Get("Cache-Control"))
			require.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"))
			for _, s := range tt.body {
				require.Contains(t, w.Body.String(), s)
			}
			if tt.body == nil {
				require.Empty(t, w.Body.String())
			}
			require.NotContains(t, w.Body.String(), "jo@example.com")
		})
	}
}

func TestPageEmpty(t *testing.T) {
	w := httptest.NewRecorder()
	new(Counter).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	require.Contains(t, w.Body.String(), "None yet.")
}

// A site that only verifies (jwtsso serve) shows no host application part.
func TestPageVerifierOnly(t *testing.T) {
	for _, verifierOnly := range []bool{false, true} {
		w := httptest.NewRecorder()
		(&Counter{VerifierOnly: verifierOnly}).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
		body := w.Body.String()
		require.Contains(t, body, `id="accepted"`)
		require.Equal(t, !verifierOnly, strings.Contains(body, `id="minted"`), "verifierOnly %v", verifierOnly)
		require.Contains(t, body, `http-equiv="refresh"`, "the page follows the flow live")
	}
}
