// Package flowtest starts a recipe's application and fake HappyFox support
// centres on loopback and drives them with a real http.Client that keeps
// cookies, as a browser would. It is for the recipes' tests only.
//
// The application is reached as http://localhost:<port> and the support
// centres as http://127.0.0.1:<port>, so that the cookie jar keeps their
// cookies apart as it would for two sites. Nothing here logs or reports a
// URL with its query, so no token ever reaches a test log.
package flowtest

import (
	"errors"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/jwtssotest"
)

// Keys of the tests: random-looking, at least 32 characters, as the keys
// that HappyFox shows. KeyA and KeyB belong to two different accounts;
// KeyA2 replaces KeyA in the key-rotation tests.
const (
	KeyA  = "pX7vK2mQ9sLw4RtZ8cNf3HbJ6yDg1UeA"
	KeyB  = "Qm4Tz8Wc1Rv6Ks9Np3Lh7Fx2Dj5Gb0Ye"
	KeyA2 = "h8JrC3nV6qZ1wT9mK4sX7bF2gL5dP0yU"
)

// Host is a recipe's application listening on a loopback port.
type Host struct {
	// URL is the application's origin, "http://localhost:<port>".
	URL string

	listener net.Listener
	server   *httptest.Server
}

// Listen opens the application's port, so that its URL is known before
// the application and the support centres that point at it are built.
// Start serves on it; the test's cleanup closes it.
func Listen(t *testing.T) *Host {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	_, port, err := net.SplitHostPort(l.Addr().String())
	require.NoError(t, err)
	h := &Host{URL: "http://localhost:" + port, listener: l}
	t.Cleanup(func() {
		if h.server == nil {
			l.Close()
		}
	})
	return h
}

// Start serves app on the port. The test's cleanup stops the server, then
// closes app if it is an io.Closer.
func (h *Host) Start(t *testing.T, app http.Handler) {
	t.Helper()
	h.server = &httptest.Server{Listener: h.listener, Config: &http.Server{Handler: app}}
	h.server.Start()
	t.Cleanup(func() {
		h.server.Close()
		if c, ok := app.(io.Closer); ok {
			assert.NoError(t, c.Close())
		}
	})
}

// Support starts a fake support centre that accepts tokens signed with
// key and whose Login and Logout links go to the application's
// loginPath and logoutPath. The test's cleanup closes it.
func Support(t *testing.T, key string, host *Host, loginPath, logoutPath string) *jwtssotest.Server {
	t.Helper()
	s, err := jwtssotest.NewServer(key,
		jwtssotest.WithRemoteLoginURL(host.URL+loginPath),
		jwtssotest.WithRemoteLogoutURL(host.URL+logoutPath))
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return s
}

// Browser is an http.Client with a cookie jar that records the path of
// every request it makes (never the query).
type Browser struct {
	Client *http.Client

	mu     sync.Mutex
	labels map[string]string
	hops   []string
	before func(*http.Request)
}

// NewBrowser returns a Browser that names each origin in its hops by the
// label given in origins (origin → label), such as "host" or "support".
func NewBrowser(t *testing.T, origins map[string]string) *Browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	b := &Browser{labels: origins}
	b.Client = &http.Client{Jar: jar, CheckRedirect: b.checkRedirect}
	return b
}

// BeforeRedirect sets a function called before the browser follows each
// redirect, with the request it is about to send: a test uses it to stop a
// server at a given point of the flow.
func (b *Browser) BeforeRedirect(f func(*http.Request)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.before = f
}

func (b *Browser) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 20 {
		return http.ErrUseLastResponse
	}
	b.mu.Lock()
	before := b.before
	b.mu.Unlock()
	if before != nil {
		before(req)
	}
	b.record(req.URL)
	return nil
}

func (b *Browser) record(u *url.URL) {
	b.mu.Lock()
	defer b.mu.Unlock()
	origin := u.Scheme + "://" + u.Host
	label, ok := b.labels[origin]
	if !ok {
		label = "other"
	}
	b.hops = append(b.hops, label+" "+u.Path)
}

// Page is a response that the browser ended on, with its body read.
type Page struct {
	Status int
	// Where is the label and path of the page's URL, such as
	// "support /"; never its query.
	Where string
	Body  string
	// Hops are the labels and paths of the requests made, in order,
	// including the first.
	Hops []string
	// Header is the final response's header.
	Header http.Header
}

// Get requests target and follows redirects.
func (b *Browser) Get(t *testing.T, target string) Page {
	t.Helper()
	return b.do(t, http.MethodGet, target, nil)
}

// PostForm posts form to target and follows redirects.
func (b *Browser) PostForm(t *testing.T, target string, form url.Values) Page {
	t.Helper()
	return b.do(t, http.MethodPost, target, form)
}

func (b *Browser) do(t *testing.T, method, target string, form url.Values) Page {
	t.Helper()
	page, err := b.Try(method, target, form)
	require.NoError(t, err, "%s %s", method, stripQuery(target))
	return page
}

// withoutQuery strips the query from the URL that a *url.Error names: it
// may carry a token.
func withoutQuery(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = stripQuery(ue.URL)
	}
	return err
}

// Try is Get (form nil) or PostForm that returns a transport error, such as
// a refused connection, instead of failing the test. The error never
// carries a URL's query.
func (b *Browser) Try(method, target string, form url.Values) (Page, error) {
	b.mu.Lock()
	b.hops = nil
	b.mu.Unlock()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		return Page{}, withoutQuery(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	b.record(req.URL)
	res, err := b.Client.Do(req)
	if err != nil {
		return Page{Hops: b.Hops()}, withoutQuery(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return Page{}, err
	}
	p := Page{Status: res.StatusCode, Body: string(raw), Hops: b.Hops(), Header: res.Header}
	if h := p.Hops; len(h) > 0 {
		p.Where = h[len(h)-1]
	}
	return p, nil
}

// Hops returns the hops of the last request.
func (b *Browser) Hops() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.hops...)
}

// NoFollow returns a client that shares the browser's cookies but stops at
// the first redirect, for a test that inspects a Location header.
func (b *Browser) NoFollow() *http.Client {
	return &http.Client{
		Jar:           b.Client.Jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// RequireSignedIn checks that page is the support centre's start page
// naming want, and that the support centre's newest login is want's.
func RequireSignedIn(t *testing.T, support *jwtssotest.Server, page Page, want jwtsso.Identity) {
	t.Helper()
	require.Equal(t, http.StatusOK, page.Status, "hops: %v", page.Hops)
	assert.Contains(t, page.Body, "Welcome, "+html.EscapeString(want.Name))
	assert.Contains(t, page.Body, html.EscapeString(want.Email))
	logins := support.Logins()
	require.NotEmpty(t, logins, "the support centre accepted no token")
	last := logins[len(logins)-1].Claims
	assert.Equal(t, want.Name, last.Name)
	assert.Equal(t, want.Email, last.Email)
}

// stripQuery returns raw without its query and fragment.
func stripQuery(raw string) string {
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		return raw[:i] + "?…"
	}
	return raw
}
