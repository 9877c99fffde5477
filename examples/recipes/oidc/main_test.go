package main

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/oauth2-proxy/mockoidc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/examples/recipes/internal/flowtest"
	"github.com/supportsso/jwtsso/examples/recipes/internal/site"
	"github.com/supportsso/jwtsso/jwtssotest"
)

// world is one application, its fake support centre and a real OpenID
// provider (mockoidc), all on loopback.
type world struct {
	host     *flowtest.Host
	support  *jwtssotest.Server
	provider *mockoidc.MockOIDC
}

// runProvider starts mockoidc on a loopback port until the test ends.
func runProvider(t *testing.T) *mockoidc.MockOIDC {
	t.Helper()
	m, err := mockoidc.Run()
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Shutdown() }) // a test may have stopped it already
	return m
}

func providerConfigOf(m *mockoidc.MockOIDC) providerConfig {
	c := m.Config()
	return providerConfig{Issuer: c.Issuer, ClientID: c.ClientID, ClientSecret: c.ClientSecret}
}

func start(t *testing.T) *world {
	t.Helper()
	w := &world{host: flowtest.Listen(t), provider: runProvider(t)}
	w.support = flowtest.Support(t, flowtest.KeyA, w.host, site.LoginPath, site.LogoutPath)
	cfg := site.Config{Key: flowtest.KeyA, SupportURL: w.support.URL, PublicURL: w.host.URL}
	a, err := newApp(context.Background(), cfg, providerConfigOf(w.provider))
	require.NoError(t, err)
	w.host.Start(t, a)
	return w
}

func (w *world) browser(t *testing.T) *flowtest.Browser {
	return flowtest.NewBrowser(t, map[string]string{
		w.host.URL: "host", w.support.URL: "support", w.provider.Addr(): "provider",
	})
}

// toProvider are the hops from the support centre's Login link to the
// application's callback.
var toProvider = []string{"support /login", "host /sso/happyfox", "host /login", "provider /oidc/authorize", "host /auth/callback"}

func TestSignIn(t *testing.T) {
	tests := []struct {
		name     string
		verified bool
	}{
		{"verified email", true},
		{"unverified email", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := start(t)
			user := &providerUser{Subject: "u-42", Name: "Katherine Johnson", Email: "katherine@example.com", EmailVerified: tt.verified}
			w.provider.QueueUser(user)
			b := w.browser(t)
			page := b.Get(t, w.support.URL+"/login")

			if !tt.verified {
				assert.Equal(t, append(toProvider, "host /sso/happyfox"), page.Hops)
				assert.Equal(t, http.StatusForbidden, page.Status, "refused: jwtsso.ErrEmailUnverified")
				assert.Contains(t, page.Body, "has not verified your email address")
				assert.Empty(t, w.support.Logins(), "no token reached the support centre")
				return
			}
			assert.Equal(t, append(toProvider, "host /sso/happyfox", "support /jwt/", "support /"), page.Hops)
			flowtest.RequireSignedIn(t, w.support, page, jwtsso.Identity{Name: user.Name, Email: user.Email, EmailVerified: true})
		})
	}
}

// TestProviderDown: a provider that cannot be reached signs nobody in, and
// says so.
func TestProviderDown(t *testing.T) {
	t.Run("at start-up", func(t *testing.T) {
		m := runProvider(t)
		require.NoError(t, m.Shutdown())
		cfg := site.Config{Key: flowtest.KeyA, Account: "acme", PublicURL: "http://localhost:8080"}
		a, err := newApp(context.Background(), cfg, providerConfigOf(m))
		assert.Nil(t, a)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "discover the OpenID provider")
	})

	t.Run("during sign-in", func(t *testing.T) {
		w := start(t)
		w.provider.QueueUser(&providerUser{Subject: "u-7", Name: "Dorothy Vaughan", Email: "dorothy@example.com", EmailVerified: true})
		b := w.browser(t)
		// The provider has issued a code; it goes down before the
		// application can exchange it.
		b.BeforeRedirect(func(req *http.Request) {
			if req.URL.Path == callbackPath {
				require.NoError(t, w.provider.Shutdown())
			}
		})
		page := b.Get(t, w.support.URL+"/login")
		assert.Equal(t, toProvider, page.Hops)
		assert.Equal(t, http.StatusBadGateway, page.Status)
		assert.Contains(t, page.Body, "could not be reached")
		assert.Empty(t, w.support.Logins())

		// Nobody is signed in: the next attempt goes to the provider
		// again, which does not answer.
		b.BeforeRedirect(nil)
		page, err := b.Try(http.MethodGet, w.host.URL+site.LoginPath, nil)
		require.Error(t, err)
		assert.Equal(t, []string{"host /sso/happyfox", "host /login", "provider /oidc/authorize"}, page.Hops)
		assert.Empty(t, w.support.Logins())
	})
}

func TestCallbackRefused(t *testing.T) {
	w := start(t)
	tests := []struct {
		name, query string
		status      int
	}{
		{"no sign-in started", "state=abc&code=xyz", http.StatusBadRequest},
		{"no state", "code=xyz", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := w.browser(t).Get(t, w.host.URL+callbackPath+"?"+tt.query)
			assert.Equal(t, tt.status, page.Status)
		})
	}

	t.Run("state of another browser", func(t *testing.T) {
		mallory := w.browser(t)
		res, err := mallory.NoFollow().Get(w.host.URL + "/login")
		require.NoError(t, err)
		res.Body.Close()
		loc, err := url.Parse(res.Header.Get("Location"))
		require.NoError(t, err)
		// Victim's browser gets Mallory's state: it started no sign-in.
		page := w.browser(t).Get(t, w.host.URL+callbackPath+"?state="+url.QueryEscape(loc.Query().Get("state"))+"&code=xyz")
		assert.Equal(t, http.StatusBadRequest, page.Status)
	})

	t.Run("callback replayed", func(t *testing.T) {
		b := w.browser(t)
		var callback string
		b.BeforeRedirect(func(req *http.Request) {
			if req.URL.Path == callbackPath {
				callback = req.URL.String()
			}
		})
		page := b.Get(t, w.host.URL+"/login")
		require.Equal(t, "host /", page.Where)
		page = b.Get(t, callback)
		assert.Equal(t, http.StatusBadRequest, page.Status, "state is single-use")
	})
}

// TestHostileReturnPath: the sign-in goes through, but back to "/", never
// to another site.
func TestHostileReturnPath(t *testing.T) {
	w := start(t)
	for _, tt := range flowtest.HostileReturnPaths {
		t.Run(tt.Name, func(t *testing.T) {
			b := w.browser(t)
			page := b.Get(t, w.host.URL+"/login?"+url.Values{site.ReturnParam: {tt.Value}}.Encode())
			assert.Equal(t, []string{"host /login", "provider /oidc/authorize", "host /auth/callback", "host /"}, page.Hops)
			assert.Equal(t, http.StatusOK, page.Status)
		})
	}
}

func TestLogout(t *testing.T) {
	w := start(t)
	b := w.browser(t)
	page := b.Get(t, w.support.URL+"/login")
	require.Equal(t, "support /", page.Where)
	page = b.Get(t, w.support.URL+"/logout")
	assert.Equal(t, []string{"support /logout", "host /sso/logout", "host /"}, page.Hops)
	assert.Contains(t, page.Body, "Not signed in")
}
