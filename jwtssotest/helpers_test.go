package jwtssotest_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/jwtssotest"
)

// The keys have the shape of HappyFox keys: 32 alphanumeric characters.
const (
	testKey  = "k9Qz3VfT8mWc2LxR7pHs4NdY6bJa1GuE"
	otherKey = "Zq7Lp2Xw9Rt4Mv8Kc3Nb6Hd1Fy5Gs0Je"
)

// start is the time at which every test's clock begins.
var start = time.Date(2024, 6, 7, 6, 7, 37, 0, time.UTC)

var jo = jwtsso.Identity{Name: "Jo Example", Email: "jo@example.com", EmailVerified: true}

var quiet = slog.New(slog.DiscardHandler)

// newServer starts a fake support centre on clock and closes it with the
// test.
func newServer(t *testing.T, clock *jwtssotest.Clock, opts ...jwtssotest.Option) *jwtssotest.Server {
	t.Helper()
	srv, err := jwtssotest.NewServer(testKey, append([]jwtssotest.Option{jwtssotest.WithClock(clock.Now)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(srv.Close)
	return srv
}

// mintURL mints a token for id with key at the time of now and returns the
// redirect URL to supportURL/jwt/?token=…, as a host application would.
func mintURL(t *testing.T, key, supportURL string, now func() time.Time, id jwtsso.Identity) string {
	t.Helper()
	h, err := jwtsso.New(key, jwtsso.RedirectURLOnly,
		jwtsso.WithSupportURL(supportURL), jwtsso.WithClock(now), jwtsso.WithLogger(quiet))
	require.NoError(t, err)
	loc, err := h.RedirectURL(context.Background(), id)
	require.NoError(t, err)
	return loc
}

// tokenOf returns the token in a redirect URL.
func tokenOf(t *testing.T, loc string) string {
	t.Helper()
	u, err := url.Parse(loc)
	require.NoError(t, err)
	return u.Query().Get("token")
}

// signed returns a token with the given header and payload JSON, signed
// with key: for claims that the issuer side would never mint.
func signed(key, header, payload string) string {
	enc := base64.RawURLEncoding
	s := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(s))
	return s + "." + enc.EncodeToString(m.Sum(nil))
}

// browser is an http.Client with a cookie jar that remembers every URL it
// was redirected through.
type browser struct {
	*http.Client
	mu      sync.Mutex
	visited []string
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	b := &browser{}
	b.Client = &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			b.mu.Lock()
			b.visited = append(b.visited, req.URL.String())
			b.mu.Unlock()
			if len(via) > 10 {
				return http.ErrUseLastResponse
			}
			return nil
		}}
	return b
}

// tokenURLs returns the /jwt/ URLs the browser was redirected to.
func (b *browser) tokenURLs() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, v := range b.visited {
		if strings.Contains(v, "/jwt/?") {
			out = append(out, v)
		}
	}
	return out
}

// page is a response with its body read.
type page struct {
	status int
	url    string
	header http.Header
	body   string
}

func (b *browser) do(t *testing.T, req *http.Request) page {
	t.Helper()
	res, err := b.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return page{res.StatusCode, res.Request.URL.String(), res.Header, string(body)}
}

func (b *browser) get(t *testing.T, u string) page {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	require.NoError(t, err)
	return b.do(t, req)
}

func (b *browser) postForm(t *testing.T, u string, form url.Values) page {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(t, req)
}

// newTestServer serves h on a loopback port until the test ends and
// returns its URL.
func newTestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
