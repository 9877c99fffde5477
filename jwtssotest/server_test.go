package jwtssotest_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/supportsso/jwtsso/internal/testutil"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/jwtssotest"
)

func TestNewServerRefusesBadConfig(t *testing.T) {
	tests := []struct {
		name string
		key  string
		opts []jwtssotest.Option
		want error
		msg  string
	}{
		{"empty key", "", nil, jwtsso.ErrInvalidKey, "key is empty"},
		{"short key", "abc123", nil, jwtsso.ErrInvalidKey, "at least 32"},
		{"key with newline", testKey + "\n", nil, jwtsso.ErrInvalidKey, "whitespace"},
		{"relative login URL", testKey, []jwtssotest.Option{jwtssotest.WithRemoteLoginURL("/sso")}, jwtsso.ErrInvalidConfig, "remote login URL"},
		{"ftp logout URL", testKey, []jwtssotest.Option{jwtssotest.WithRemoteLogoutURL("ftp://x/")}, jwtsso.ErrInvalidConfig, "remote logout URL"},
		{"login URL with user info", testKey, []jwtssotest.Option{jwtssotest.WithRemoteLoginURL("https://a.com@evil.com/")}, jwtsso.ErrInvalidConfig, "user info"},
		{"login URL with fragment", testKey, []jwtssotest.Option{jwtssotest.WithRemoteLoginURL("https://a.com/#")}, jwtsso.ErrInvalidConfig, "fragment"},
		{"nil clock", testKey, []jwtssotest.Option{jwtssotest.WithClock(nil)}, jwtsso.ErrInvalidConfig, "nil clock"},
		{"nil logger", testKey, []jwtssotest.Option{jwtssotest.WithLogger(nil)}, jwtsso.ErrInvalidConfig, "nil logger"},
		{"zero max age", testKey, []jwtssotest.Option{jwtssotest.WithMaxAge(0)}, jwtsso.ErrInvalidConfig, "WithMaxAge"},
		{"negative leeway", testKey, []jwtssotest.Option{jwtssotest.WithLeeway(-time.Second)}, jwtsso.ErrInvalidConfig, "WithLeeway"},
		{"nil store", testKey, []jwtssotest.Option{jwtssotest.WithReplayStore(nil)}, jwtsso.ErrInvalidConfig, "nil store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := jwtssotest.NewServer(tt.key, tt.opts...)
			require.ErrorIs(t, err, tt.want)
			assert.ErrorContains(t, err, tt.msg)
			assert.Nil(t, srv)
			if tt.key != "" {
				assert.NotContains(t, err.Error(), strings.TrimSpace(tt.key))
			}
		})
	}
}

func TestSessionCookie(t *testing.T) {
	support := newServer(t, jwtssotest.NewClock(start))
	var ids []string
	for range 2 {
		loc := mintURL(t, testKey, support.URL, func() time.Time { return start }, jo)
		res, err := http.Get(loc) // no jar: each request starts a new session
		require.NoError(t, err)
		res.Body.Close()
		var c *http.Cookie
		for _, r := range []*http.Response{res, res.Request.Response} {
			if r != nil && len(r.Cookies()) > 0 {
				c = r.Cookies()[0]
			}
		}
		require.NotNil(t, c)
		assert.Equal(t, jwtssotest.CookieName, c.Name)
		assert.True(t, c.HttpOnly)
		assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
		assert.Equal(t, "/", c.Path)
		assert.Len(t, c.Value, 26, "128 random bits in base32")
		ids = append(ids, c.Value)
	}
	assert.NotEqual(t, ids[0], ids[1])
	assert.Len(t, support.Logins(), 2)
}

// TestPageEscapes: a name that looks like HTML is shown as text.
func TestPageEscapes(t *testing.T) {
	support := newServer(t, jwtssotest.NewClock(start))
	id := jwtsso.Identity{Name: `<script>alert("x")</script> José 山田`, Email: "jo@example.com", EmailVerified: true}
	p := newBrowser(t).get(t, mintURL(t, testKey, support.URL, func() time.Time { return start }, id))
	require.Equal(t, http.StatusOK, p.status)
	assert.NotContains(t, p.body, "<script>")
	assert.Contains(t, p.body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; José 山田")
	assert.Equal(t, id.Name, support.Logins()[0].Claims.Name, "recorded exactly")
}

// TestConcurrentSubmissions: the same token submitted at once signs in
// exactly once (V2), under -race.
func TestConcurrentSubmissions(t *testing.T) {
	support := newServer(t, jwtssotest.NewClock(start))
	loc := mintURL(t, testKey, support.URL, func() time.Time { return start }, jo)
	const n = 8
	var wg sync.WaitGroup
	statuses := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := noRedirects.Get(loc)
			if err == nil {
				statuses[i] = res.StatusCode
				res.Body.Close()
			}
		}()
	}
	wg.Wait()
	var seeOther, forbidden int
	for _, s := range statuses {
		switch s {
		case http.StatusSeeOther:
			seeOther++
		case http.StatusForbidden:
			forbidden++
		}
	}
	assert.Equal(t, 1, seeOther)
	assert.Equal(t, n-1, forbidden)
	assert.Len(t, support.Logins(), 1)
}

var noRedirects = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func TestRoutes(t *testing.T) {
	support := newServer(t, jwtssotest.NewClock(start))
	withURLs := newServer(t, jwtssotest.NewClock(start),
		jwtssotest.WithRemoteLoginURL("https://app.example.com/sso/happyfox?x=1"),
		jwtssotest.WithRemoteLogoutURL("https://app.example.com/sso/logout"))
	tests := []struct {
		name, method, url string
		status            int
		location, body    string
	}{
		{"home", http.MethodGet, support.URL + "/", http.StatusOK, "", "(JWT login is not configured)"},
		{"home HEAD", http.MethodHead, support.URL + "/", http.StatusOK, "", ""},
		{"home POST", http.MethodPost, support.URL + "/", http.StatusMethodNotAllowed, "", "Method not allowed"},
		{"login without URL", http.MethodGet, support.URL + "/login", http.StatusNotFound, "", "JWT login is not configured"},
		{"logout without URL", http.MethodGet, support.URL + "/logout", http.StatusSeeOther, "/", ""},
		{"logout PUT", http.MethodPut, support.URL + "/logout", http.StatusMethodNotAllowed, "", "Method not allowed"},
		{"unknown page", http.MethodGet, support.URL + "/agent/login", http.StatusNotFound, "", "Page not found"},
		{"login", http.MethodGet, withURLs.URL + "/login", http.StatusFound, "https://app.example.com/sso/happyfox?x=1", ""},
		{"logout", http.MethodPost, withURLs.URL + "/logout", http.StatusSeeOther, "https://app.example.com/sso/logout", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, tt.url, nil)
			require.NoError(t, err)
			res, err := noRedirects.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			var body bytes.Buffer
			_, _ = body.ReadFrom(res.Body)
			assert.Equal(t, tt.status, res.StatusCode)
			assert.Equal(t, tt.location, res.Header.Get("Location"))
			assert.Contains(t, body.String(), tt.body)
			assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
			if tt.method == http.MethodHead {
				assert.Zero(t, body.Len())
			}
		})
	}
}

// TestLogger: the log names the login and the refusal, never the token
// or the key.
func TestLogger(t *testing.T) {
	var buf testutil.SyncBuffer
	support := newServer(t, jwtssotest.NewClock(start),
		jwtssotest.WithLogger(slog.New(slog.NewTextHandler(&buf, nil))))
	loc := mintURL(t, testKey, support.URL, func() time.Time { return start }, jo)
	newBrowser(t).get(t, loc)
	newBrowser(t).get(t, loc)
	out := buf.String()
	assert.Contains(t, out, "jwtssotest: login accepted")
	assert.Contains(t, out, "jwtsso: remote token already used")
	assert.NotContains(t, out, tokenOf(t, loc))
	assert.NotContains(t, out, testKey)
}

func TestHandlerMounted(t *testing.T) {
	h, err := jwtssotest.NewHandler(testKey, jwtssotest.WithClock(func() time.Time { return start }))
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle("/", h)
	srv := newTestServer(t, mux)
	p := newBrowser(t).get(t, mintURL(t, testKey, srv, func() time.Time { return start }, jo))
	assert.Contains(t, p.body, "Welcome, Jo Example")
	assert.Len(t, h.Logins(), 1)
}

func TestClock(t *testing.T) {
	c := jwtssotest.NewClock(start)
	assert.Equal(t, start, c.Now())
	assert.Equal(t, start.Add(time.Minute), c.Advance(time.Minute))
	c.Set(start)
	assert.Equal(t, start, c.Now())
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() { defer wg.Done(); c.Advance(time.Second); _ = c.Now() }()
	}
	wg.Wait()
	assert.Equal(t, start.Add(4*time.Second), c.Now())
}
