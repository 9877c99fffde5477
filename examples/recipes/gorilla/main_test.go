package main

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso/examples/recipes/internal/flowtest"
	"github.com/supportsso/jwtsso/examples/recipes/internal/site"
	"github.com/supportsso/jwtsso/jwtssotest"
)

// world is one application and its fake support centre, on loopback.
type world struct {
	host    *flowtest.Host
	support *jwtssotest.Server
}

func start(t *testing.T) *world {
	t.Helper()
	w := &world{host: flowtest.Listen(t)}
	w.support = flowtest.Support(t, flowtest.KeyA, w.host, site.LoginPath, site.LogoutPath)
	a, err := newApp(w.config(), randomKeys())
	require.NoError(t, err)
	w.host.Start(t, a)
	return w
}

func (w *world) config() site.Config {
	return site.Config{Key: flowtest.KeyA, SupportURL: w.support.URL, PublicURL: w.host.URL}
}

func (w *world) browser(t *testing.T) *flowtest.Browser {
	return flowtest.NewBrowser(t, map[string]string{w.host.URL: "host", w.support.URL: "support"})
}

// sessionCookie returns the session cookie that b holds for the
// application.
func (w *world) sessionCookie(t *testing.T, b *flowtest.Browser) *http.Cookie {
	t.Helper()
	u, err := url.Parse(w.host.URL)
	require.NoError(t, err)
	for _, c := range b.Client.Jar.Cookies(u) {
		if c.Name == cookieName {
			return c
		}
	}
	return nil
}

func TestSignIn(t *testing.T) {
	w := start(t)
	b := w.browser(t)
	page := flowtest.SignIn(t, b, w.host.URL, w.support.URL, site.LoginPath, "ada")
	assert.Equal(t, []string{"host /login", "host /sso/happyfox", "support /jwt/", "support /"}, page.Hops)
	ada, _ := site.User("ada")
	flowtest.RequireSignedIn(t, w.support, page, ada)

	t.Run("cookie is sealed", func(t *testing.T) {
		c := w.sessionCookie(t, b)
		require.NotNil(t, c)
		// securecookie's format: base64(date|base64(value)|mac).
		raw, err := base64.URLEncoding.DecodeString(c.Value)
		require.NoError(t, err)
		parts := strings.SplitN(string(raw), "|", 3) // the MAC may hold a "|"
		require.Len(t, parts, 3)
		value, err := base64.URLEncoding.DecodeString(parts[1])
		require.NoError(t, err)
		assert.NotContains(t, string(value), "ada", "the user ID is encrypted")
		assert.NotContains(t, string(value), userKey)
	})

	t.Run("signed in already", func(t *testing.T) {
		page := b.Get(t, w.support.URL+"/login")
		assert.Equal(t, []string{"support /login", "host /sso/happyfox", "support /jwt/", "support /"}, page.Hops)
		flowtest.RequireSignedIn(t, w.support, page, ada)
	})

	t.Run("logout", func(t *testing.T) {
		page := b.Get(t, w.support.URL+"/logout")
		assert.Equal(t, []string{"support /logout", "host /sso/logout", "host /"}, page.Hops)
		assert.Contains(t, page.Body, "Not signed in")
		assert.Nil(t, w.sessionCookie(t, b), "the cookie is deleted")
	})
}

// TestForgedCookie: a session cookie that was changed, or sealed with
// other keys, signs nobody in.
func TestForgedCookie(t *testing.T) {
	w := start(t)
	b := w.browser(t)
	ada, _ := site.User("ada")
	flowtest.RequireSignedIn(t, w.support, flowtest.SignIn(t, b, w.host.URL, w.support.URL, site.LoginPath, "ada"), ada)
	good := w.sessionCookie(t, b)
	require.NotNil(t, good)

	other, err := newApp(w.config(), randomKeys())
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	form := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"user": {"jose"}}.Encode()))
	form.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	other.login(rec, form)
	var foreign string
	for _, c := range rec.Result().Cookies() {
		if c.Name == cookieName {
			foreign = c.Value
		}
	}
	require.NotEmpty(t, foreign)

	flip := []byte(good.Value)
	flip[len(flip)/2] ^= 1
	tests := []struct{ name, value string }{
		{"one bit changed", string(flip)},
		{"sealed with other keys", foreign},
		{"truncated", good.Value[:len(good.Value)/2]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, w.host.URL+site.LoginPath, nil)
			require.NoError(t, err)
			req.AddCookie(&http.Cookie{Name: cookieName, Value: tt.value})
			res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
			require.NoError(t, err)
			res.Body.Close()
			assert.Equal(t, http.StatusFound, res.StatusCode)
			assert.True(t, strings.HasPrefix(res.Header.Get("Location"), "/login?"), "sent to sign in, not to the support centre")
		})
	}
}

func TestUnverifiedEmailRefused(t *testing.T) {
	w := start(t)
	page := flowtest.SignIn(t, w.browser(t), w.host.URL, w.support.URL, site.LoginPath, "sam")
	assert.Equal(t, http.StatusForbidden, page.Status)
	assert.Equal(t, "host /sso/happyfox", page.Where)
	assert.Empty(t, w.support.Logins(), "no token reached the support centre")
}

func TestHostileReturnPath(t *testing.T) {
	w := start(t)
	flowtest.RequireReturnRefused(t, w.browser, w.host.URL, "ada")
}

func TestBadKeys(t *testing.T) {
	good := randomKeys()
	tests := []struct {
		name string
		keys cookieKeys
	}{
		{"short authentication key", cookieKeys{auth: good.auth[:16], encrypt: good.encrypt}},
		{"AES-128 encryption key", cookieKeys{auth: good.auth, encrypt: good.encrypt[:16]}},
		{"no encryption key", cookieKeys{auth: good.auth}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newApp(site.Config{Key: flowtest.KeyA, Account: "acme"}, tt.keys)
			assert.Error(t, err)
		})
	}
}

func TestKeysFromEnv(t *testing.T) {
	hex32 := strings.Repeat("a1", 32)
	tests := []struct {
		name    string
		env     map[string]string
		wantErr bool
	}{
		{"neither: random", map[string]string{}, false},
		{"both", map[string]string{EnvAuthKey: hex32, EnvEncryptionKey: hex32}, false},
		{"one only", map[string]string{EnvAuthKey: hex32}, true},
		{"not hex", map[string]string{EnvAuthKey: "zz" + hex32[2:], EnvEncryptionKey: hex32}, true},
		{"encryption key too short", map[string]string{EnvAuthKey: hex32, EnvEncryptionKey: hex32[:32]}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := keysFromEnv(func(name string) string { return tt.env[name] })
			if tt.wantErr {
				require.Error(t, err)
				assert.NotContains(t, err.Error(), hex32)
				return
			}
			require.NoError(t, err)
			assert.NoError(t, k.check())
		})
	}
}
