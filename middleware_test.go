package jwtsso

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/justinas/alice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The guard composes with alice, resolves once and hands the identity on.
func TestMiddlewareWithAlice(t *testing.T) {
	res := &staticResolver{id: jo}
	h := newTestHandler(t, res)

	var seen Identity
	var inner bool
	spy := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen, inner = FromContext(r.Context())
			next.ServeHTTP(w, r)
		})
	}
	chain := alice.New(h.Middleware, spy).Then(h)

	w := serve(chain, httptest.NewRequest(http.MethodGet, "/sso/happyfox", nil))

	require.Equal(t, http.StatusFound, w.Code)
	assert.True(t, inner, "the identity is in the context after the guard")
	assert.Equal(t, jo, seen)
	assert.Equal(t, int64(1), res.calls.Load(), "guard and handler together resolve once")
	parseWithJWT(t, tokenFromLocation(t, w.Header().Get("Location"), acmeTokenURL), testKey)
}

func TestMiddlewareNilNextIsHandler(t *testing.T) {
	h := newTestHandler(t, &staticResolver{id: jo})
	w := serve(h.Middleware(nil), httptest.NewRequest(http.MethodGet, "/sso", nil))
	require.Equal(t, http.StatusFound, w.Code)
	tokenFromLocation(t, w.Header().Get("Location"), acmeTokenURL)
}

func TestMiddlewareGuardsAnyHandler(t *testing.T) {
	h := newTestHandler(t, &staticResolver{id: jo})
	var got Identity
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = FromContext(r.Context())
		w.WriteHeader(http.StatusTeapot)
	})
	w := serve(h.Middleware(next), httptest.NewRequest(http.MethodGet, "/sso", nil))
	assert.Equal(t, http.StatusTeapot, w.Code)
	assert.Equal(t, jo, got)
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
	assert.Equal(t, "no-cache", w.Header().Get("Pragma"))
}

func TestFromContextWithoutGuard(t *testing.T) {
	id, ok := FromContext(httptest.NewRequest(http.MethodGet, "/", nil).Context())
	assert.False(t, ok)
	assert.Equal(t, Identity{}, id)
}

// I3 and I17: an anonymous visitor goes to the configured login URL, with
// a return parameter that is this request's own path and nothing the
// request could steer elsewhere.
func TestMiddlewareSendsAnonymousToLogin(t *testing.T) {
	tests := []struct {
		name     string
		loginURL string
		param    string
		target   string
		header   map[string]string
		want     string
	}{
		{"local login page", "/login", "return_to", "/sso/happyfox", nil, "/login?return_to=%2Fsso%2Fhappyfox"},
		{"query on the SSO URL is dropped", "/login", "next", "/sso/happyfox?next=//evil.com&return_to=https://evil.com", nil, "/login?next=%2Fsso%2Fhappyfox"},
		{"headers are ignored", "/login", "next", "/sso", map[string]string{"Referer": "https://evil.com/", "X-Forwarded-Host": "evil.com", "X-Original-URL": "//evil.com"}, "/login?next=%2Fsso"},
		{"login URL keeps its own query", "https://id.example.com/signin?app=support", "return", "/sso", nil, "https://id.example.com/signin?app=support&return=%2Fsso"},
		{"no return parameter", "/login", "", "/sso", nil, "/login"},
		{"a path that is not a safe return path is not passed on", "/login", "next", "//evil.com/x", nil, "/login"},
		{"encoded slashes are not passed on", "/login", "next", "/%2F%2Fevil.com", nil, "/login"},
		{"tab is not passed on", "/login", "next", "/%09/evil.com", nil, "/login"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := &staticResolver{err: ErrNoIdentity}
			h := newTestHandler(t, res, WithLoginURL(tt.loginURL, tt.param))
			r := httptest.NewRequest(http.MethodGet, "http://app.example.com/", nil)
			u, err := url.ParseRequestURI(tt.target)
			require.NoError(t, err)
			r.URL, r.RequestURI = u, tt.target
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			for name, handler := range map[string]http.Handler{"handler": h, "guarded": h.Middleware(h)} {
				w := serve(handler, r)
				assert.Equal(t, http.StatusFound, w.Code, name)
				assert.Equal(t, tt.want, w.Header().Get("Location"), name)
				assert.Equal(t, "no-store", w.Header().Get("Cache-Control"), name)
			}
		})
	}
}

func TestMiddlewareWrappedNoIdentity(t *testing.T) {
	res := IdentityResolverFunc(func(*http.Request) (Identity, error) {
		return Identity{}, &sessionError{}
	})
	h := newTestHandler(t, res, WithLoginURL("/login", "next"))
	w := serve(h.Middleware(h), httptest.NewRequest(http.MethodGet, "/sso", nil))
	assert.Equal(t, http.StatusFound, w.Code)
	assert.Equal(t, "/login?next=%2Fsso", w.Header().Get("Location"))
}

// sessionError is a host error type that wraps ErrNoIdentity.
type sessionError struct{}

func (*sessionError) Error() string { return "session expired" }
func (*sessionError) Unwrap() error { return ErrNoIdentity }
