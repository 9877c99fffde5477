package demo

import (
	"context"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var noRedirects = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func start(t *testing.T, cfg Config) *Servers {
	t.Helper()
	s, err := Start(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// signin posts the sign-in form and returns the session cookie it sets.
func signin(t *testing.T, s *Servers) *http.Cookie {
	t.Helper()
	form := url.Values{"name": {"Jo"}, "email": {"jo@example.com"}, "return_to": {SSOPath}}
	res, err := noRedirects.Post(s.HostURL+SigninPath, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	for _, c := range res.Cookies() {
		if c.Name == SessionCookie {
			return c
		}
	}
	t.Fatal("no session cookie")
	return nil
}

func TestStartAndClose(t *testing.T) {
	s := start(t, Config{})
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, s.HostURL)
	assert.Regexp(t, `^http://localhost:\d+$`, s.SupportURL)

	res, err := noRedirects.Get(s.SupportURL + "/login")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, s.HostURL+SSOPath, res.Header.Get("Location"))
	assert.Equal(t, http.SameSiteLaxMode, signin(t, s).SameSite, "Lax by default")

	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "a second Close does no harm")
	_, err = noRedirects.Get(s.HostURL + "/")
	assert.Error(t, err, "the host is down after Close")
}

func TestStartSameSite(t *testing.T) {
	s := start(t, Config{SessionSameSite: http.SameSiteStrictMode})
	assert.Equal(t, http.SameSiteStrictMode, signin(t, s).SameSite)
}

func TestStartStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Start(ctx, Config{})
	require.NoError(t, err)
	cancel()
	assert.NoError(t, s.Wait())
}

func TestStartPortTaken(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port

	_, err = Start(context.Background(), Config{HostPort: port})
	assert.ErrorIs(t, err, ErrHostListen)
	assert.ErrorContains(t, err, "host application: listen:")
	_, err = Start(context.Background(), Config{SupportPort: port})
	assert.ErrorIs(t, err, ErrSupportListen)
	assert.ErrorContains(t, err, "support centre: listen:")
}

// TestStartBind: with Bind set to every interface, both sites listen there
// and are still named by their loopback URLs.
func TestStartBind(t *testing.T) {
	s := start(t, Config{Bind: "0.0.0.0"})
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, s.HostURL)
	assert.Regexp(t, `^http://localhost:\d+$`, s.SupportURL)
	for _, u := range []string{s.HostURL + "/", s.SupportURL + "/"} {
		res, err := noRedirects.Get(u)
		require.NoError(t, err)
		res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode, u)
	}
}

// The host's counts page follows a sign-in through both sites: a token
// minted by the host, accepted by the support centre.
func TestCounts(t *testing.T) {
	s := start(t, Config{})
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	host, _ := url.Parse(s.HostURL)
	jar.SetCookies(host, []*http.Cookie{signin(t, s)})
	c := &http.Client{Timeout: 10 * time.Second, Jar: jar}
	res, err := c.Get(s.HostURL + SSOPath)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, s.SupportURL+"/", res.Request.URL.String(), "signed in at the support centre")

	snap := s.Counts.Snapshot()
	assert.Equal(t, uint64(1), snap.Minted)
	assert.Equal(t, uint64(1), snap.Accepted)

	res, err = noRedirects.Get(s.HostURL + CountsPath)
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
}
