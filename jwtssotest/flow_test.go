package jwtssotest_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/jwtssotest"
	"github.com/supportsso/jwtsso/verify"
)

// signIn drives the browser from the support centre's Login link through
// the host's sign-in form and back, and returns the support centre's page.
func signIn(t *testing.T, b *browser, support *jwtssotest.Server, app *hostApp, id jwtsso.Identity) page {
	t.Helper()
	form := b.get(t, support.URL+"/login")
	require.Equal(t, http.StatusOK, form.status)
	require.Equal(t, app.URL+"/signin?return_to=%2Fsso%2Fhappyfox", form.url, "the guard sends an anonymous visitor to sign in")
	require.Contains(t, form.body, `value="/sso/happyfox"`)
	return b.postForm(t, app.URL+"/signin", url.Values{
		"name": {id.Name}, "email": {id.Email}, "return_to": {"/sso/happyfox"},
	})
}

// TestFlow drives the whole protocol through a browser with a cookie jar.
func TestFlow(t *testing.T) {
	clock := jwtssotest.NewClock(start)
	support, app := startFlow(t, clock, testKey)
	b := newBrowser(t)

	home := b.get(t, support.URL+"/")
	require.Equal(t, http.StatusOK, home.status)
	assert.Contains(t, home.body, `<a class="button" href="/login">Login</a>`)

	signedIn := signIn(t, b, support, app, jo)
	require.Equal(t, http.StatusOK, signedIn.status)
	assert.Equal(t, support.URL+"/", signedIn.url)
	assert.Contains(t, signedIn.body, "Welcome, Jo Example")
	assert.Contains(t, signedIn.body, "(jo@example.com)")
	require.Len(t, b.tokenURLs(), 1)
	tokenURL := b.tokenURLs()[0]
	assert.True(t, strings.HasPrefix(tokenURL, support.URL+"/jwt/?token="), tokenURL)

	logins := support.Logins()
	require.Len(t, logins, 1)
	assert.Equal(t, jo.Name, logins[0].Claims.Name)
	assert.Equal(t, jo.Email, logins[0].Claims.Email)
	assert.Equal(t, start.Unix(), logins[0].Claims.IssuedAt)
	assert.Equal(t, start, logins[0].At)

	t.Run("replayed token", func(t *testing.T) {
		p := b.get(t, tokenURL)
		assert.Equal(t, http.StatusForbidden, p.status)
		assert.Contains(t, p.body, "Remote token has already been used")
		assert.NotContains(t, p.body, tokenOf(t, tokenURL))
		assert.Len(t, support.Logins(), 1)
	})

	t.Run("expired token", func(t *testing.T) {
		// Stop at the support centre's door with a fresh token, then let
		// 120 s + 5 s leeway pass.
		stop := newBrowser(t)
		stop.Jar = b.Jar
		stop.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
			if req.URL.Path == "/jwt/" {
				return http.ErrUseLastResponse
			}
			return nil
		}
		res := stop.get(t, support.URL+"/login")
		require.Equal(t, http.StatusFound, res.status)
		fresh := res.header.Get("Location")
		require.True(t, strings.HasPrefix(fresh, support.URL+"/jwt/?token="), fresh)

		clock.Advance(verify.DefaultMaxAge + verify.DefaultLeeway)
		p := b.get(t, fresh)
		assert.Equal(t, http.StatusForbidden, p.status)
		assert.Contains(t, p.body, "Remote token has expired")
		assert.Contains(t, p.body, "issued 2m5s ago")
		assert.NotContains(t, p.body, tokenOf(t, fresh))
		assert.Len(t, support.Logins(), 1)
	})

	t.Run("logout", func(t *testing.T) {
		p := b.get(t, support.URL+"/logout")
		assert.Equal(t, http.StatusOK, p.status)
		assert.Equal(t, app.URL+"/signed-out", p.url, "lands on the Remote Logout URL, which redirects")
		assert.Contains(t, p.body, "Signed out of the host app")

		home := b.get(t, support.URL+"/")
		assert.Contains(t, home.body, "You are not signed in.")
		again := b.get(t, support.URL+"/login")
		assert.Equal(t, app.URL+"/signin?return_to=%2Fsso%2Fhappyfox", again.url, "the host session ended too")
	})
}

// TestFlowWrongKey: a host that signs with another key gets the signature
// error page, and nobody is signed in.
func TestFlowWrongKey(t *testing.T) {
	clock := jwtssotest.NewClock(start)
	support, app := startFlow(t, clock, otherKey)
	b := newBrowser(t)

	p := signIn(t, b, support, app, jo)
	assert.Equal(t, http.StatusForbidden, p.status)
	assert.True(t, strings.HasPrefix(p.url, support.URL+"/jwt/?token="))
	assert.Contains(t, p.body, "Remote token signature is invalid")
	assert.NotContains(t, p.body, tokenOf(t, p.url))
	assert.Empty(t, support.Logins())
	assert.Contains(t, b.get(t, support.URL+"/").body, "You are not signed in.")
}

// TestFlowClockSkew: a host whose clock runs ahead of the support centre's
// by more than the leeway gets the future-iat page; within the leeway it
// signs in.
func TestFlowClockSkew(t *testing.T) {
	tests := []struct {
		name   string
		ahead  time.Duration
		status int
		want   string
	}{
		{"within leeway", verify.DefaultLeeway, http.StatusOK, "Welcome, Jo Example"},
		{"beyond leeway", verify.DefaultLeeway + time.Second, http.StatusForbidden, "Remote token is not valid yet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := jwtssotest.NewClock(start)
			support := newServer(t, clock)
			loc := mintURL(t, testKey, support.URL, func() time.Time { return start.Add(tt.ahead) }, jo)
			p := newBrowser(t).get(t, loc)
			assert.Equal(t, tt.status, p.status)
			assert.Contains(t, p.body, tt.want)
		})
	}
}
