package jwtsso

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fetchRequest is a request to the Remote Login URL with the given method
// and Sec-Fetch-Site and Sec-Fetch-Mode headers ("" leaves one out).
func fetchRequest(method, site, mode string) *http.Request {
	r := httptest.NewRequest(method, "/sso/happyfox", nil)
	if site != "" {
		r.Header.Set("Sec-Fetch-Site", site)
	}
	if mode != "" {
		r.Header.Set("Sec-Fetch-Mode", mode)
	}
	return r
}

// assertBounced checks that w is the same-site bounce page.
func assertBounced(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	require.Equal(t, http.StatusOK, w.Code)
	hdr := w.Header()
	assert.Empty(t, hdr.Get("Location"))
	assert.Equal(t, "text/html; charset=utf-8", hdr.Get("Content-Type"))
	assert.Equal(t, "no-store", hdr.Get("Cache-Control"))
	assert.Equal(t, bounceCSP, hdr.Get("Content-Security-Policy"))
	assert.Contains(t, bounceCSP, "default-src 'none'")
	assert.Equal(t, "strict-origin", hdr.Get("Referrer-Policy"))
	assert.Equal(t, "DENY", hdr.Get("X-Frame-Options"))
	assert.Contains(t, w.Body.String(), `<meta http-equiv="refresh" content="0">`)
	assert.NotContains(t, w.Body.String(), "<script")
	var marker *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == bounceCookie {
			marker = c
		}
	}
	require.NotNil(t, marker, "the bounce marks the browser")
	assert.Equal(t, bounceCookieAge, marker.MaxAge)
	assert.True(t, marker.HttpOnly)
	assert.Equal(t, http.SameSiteLaxMode, marker.SameSite)
}

// A browser that reports the re-request as cross-site too is not bounced a
// second time: the marker cookie sends it on to the login URL.
func TestSameSiteBounceOnlyOnce(t *testing.T) {
	h := newTestHandler(t, &staticResolver{err: ErrNoIdentity}, WithLoginURL("/login", "next"))
	first := serve(h, fetchRequest(http.MethodGet, "cross-site", "navigate"))
	assertBounced(t, first)

	again := fetchRequest(http.MethodGet, "cross-site", "navigate")
	for _, c := range first.Result().Cookies() {
		again.AddCookie(c)
	}
	w := serve(h, again)
	assert.Equal(t, http.StatusFound, w.Code)
	assert.Equal(t, "/login?next=%2Fsso%2Fhappyfox", w.Header().Get("Location"))
}

func TestSameSiteBounce(t *testing.T) {
	anonymous := func() *staticResolver { return &staticResolver{err: ErrNoIdentity} }
	tests := []struct {
		name                 string
		resolver             *staticResolver
		opts                 []Option
		method, site, mode   string
		wantStatus           int
		wantLocationPrefix   string // "" for no Location
		wantBounce, wantHint bool
	}{
		{"cross-site anonymous: bounce", anonymous(), nil, http.MethodGet, "cross-site", "navigate", http.StatusOK, "", true, false},
		{"same-origin anonymous (the re-request): login", anonymous(), nil, http.MethodGet, "same-origin", "navigate", http.StatusFound, "/login?next=%2Fsso%2Fhappyfox", false, false},
		{"same-site anonymous: login", anonymous(), nil, http.MethodGet, "same-site", "navigate", http.StatusFound, "/login?", false, false},
		{"cross-site signed in: token", &staticResolver{id: jo}, nil, http.MethodGet, "cross-site", "navigate", http.StatusFound, acmeTokenURL, false, false},
		{"no Sec-Fetch headers: login as before", anonymous(), nil, http.MethodGet, "", "", http.StatusFound, "/login?", false, false},
		{"cross-site HEAD: login as before", anonymous(), nil, http.MethodHead, "cross-site", "navigate", http.StatusFound, "/login?", false, true},
		{"turned off: login, with the hint", anonymous(), []Option{WithoutSameSiteBounce()}, http.MethodGet, "cross-site", "navigate", http.StatusFound, "/login?", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			opts := append([]Option{WithLoginURL("/login", "next"), WithLogger(jsonLogger(&buf))}, tt.opts...)
			h := newTestHandler(t, tt.resolver, opts...)
			w := serve(h.Middleware(h), fetchRequest(tt.method, tt.site, tt.mode))

			assert.Equal(t, tt.wantStatus, w.Code)
			assert.Equal(t, int64(1), tt.resolver.calls.Load(), "resolved once")
			if tt.wantLocationPrefix == "" {
				assert.Empty(t, w.Header().Get("Location"))
			} else {
				assert.Contains(t, redact(w.Header().Get("Location")), redact(tt.wantLocationPrefix))
			}
			if tt.wantBounce {
				assertBounced(t, w)
			}
			events := logEvents(t, &buf)
			require.Len(t, events, 1)
			msg, _ := events[0]["msg"].(string)
			hint, _ := events[0]["hint"].(string)
			assert.Equal(t, tt.wantBounce, msg == "jwtsso: anonymous on a cross-site arrival; re-requesting from the host's own page (same-site bounce)", msg)
			if tt.wantBounce || tt.wantHint {
				assert.Contains(t, hint, "SameSite=Strict")
			} else {
				assert.Empty(t, hint)
			}
		})
	}
}

// A prefetch is declined as before, cross-site or not: no bounce, no token.
func TestSameSiteBounceNotForPrefetch(t *testing.T) {
	res := &staticResolver{err: ErrNoIdentity}
	h := newTestHandler(t, res, WithLoginURL("/login", "next"))
	r := fetchRequest(http.MethodGet, "cross-site", "navigate")
	r.Header.Set("Sec-Purpose", "prefetch")
	w := serve(h.Middleware(h), r)
	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	assert.Empty(t, w.Body.String())
	assert.Equal(t, int64(0), res.calls.Load())
}

// Without a login URL the bounce still comes first; the re-request, still
// anonymous, then gets the error handler's 401 as before.
func TestSameSiteBounceWithoutLoginURL(t *testing.T) {
	h := newTestHandler(t, &staticResolver{err: ErrNoIdentity})
	assertBounced(t, serve(h.Middleware(h), fetchRequest(http.MethodGet, "cross-site", "navigate")))
	w := serve(h.Middleware(h), fetchRequest(http.MethodGet, "same-origin", "navigate"))
	assert.Equal(t, http.StatusUnauthorized, w.Code)
}

// The Handler on its own, without the guard in front, bounces too.
func TestSameSiteBounceWithoutGuard(t *testing.T) {
	h := newTestHandler(t, &staticResolver{err: ErrNoIdentity}, WithLoginURL("/login", "next"))
	assertBounced(t, serve(h, fetchRequest(http.MethodGet, "cross-site", "navigate")))
}
