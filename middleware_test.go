package jwtsso

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
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

// I3, I17 and I27: an anonymous visitor goes to the configured login URL,
// with a return parameter that is this request's own path and query and
// nothing the request could steer elsewhere.
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
		{"query on the SSO URL is kept", "/login", "return_to", "/sso/happyfox?ref=ticket&id=42&lang=pt-BR", nil, "/login?return_to=%2Fsso%2Fhappyfox%3Fref%3Dticket%26id%3D42%26lang%3Dpt-BR"},
		{"a hostile query is only a query on this path", "/login", "next", "/sso/happyfox?next=//evil.com&return_to=https://evil.com", nil, "/login?next=%2Fsso%2Fhappyfox%3Fnext%3D%2F%2Fevil.com%26return_to%3Dhttps%3A%2F%2Fevil.com"},
		{"dot segments in the query are kept", "/login", "next", "/sso?p=/../..//evil.com", nil, "/login?next=%2Fsso%3Fp%3D%2F..%2F..%2F%2Fevil.com"},
		{"encoded characters in the query are kept as sent", "/login", "next", "/sso?q=caf%C3%A9%20au%2Blait&r=%2F%2F", nil, "/login?next=%2Fsso%3Fq%3Dcaf%25C3%25A9%2520au%252Blait%26r%3D%252F%252F"},
		{"an empty query is dropped", "/login", "next", "/sso?", nil, "/login?next=%2Fsso"},
		{"query on an unsafe path: nothing", "/login", "next", "/a/../..//evil.com?x=1", nil, "/login"},
		{"query too long: the path alone", "/login", "next", "/sso?x=" + strings.Repeat("a", maxReturnPath), nil, "/login?next=%2Fsso"},
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

// I27: characters a browser leaves raw in a query but SafeReturnPath
// refuses (a backslash, a backtick, or bytes a client did not encode) are
// percent-encoded, which every query parser reads as the same value, so
// the query still makes the round trip.
func TestLoginReturnEscapesRawQueryBytes(t *testing.T) {
	h := newTestHandler(t, &staticResolver{err: ErrNoIdentity}, WithLoginURL("/login", "next"))
	r := httptest.NewRequest(http.MethodGet, "/sso", nil)
	r.URL.RawQuery = "a=x\\y&b=`z`&c=caf\xc3\xa9&d=\"<>\"&e=1 2&f=#/../x"
	w := serve(h.Middleware(h), r)
	require.Equal(t, http.StatusFound, w.Code)
	loc, err := url.Parse(w.Header().Get("Location"))
	require.NoError(t, err)
	back := loc.Query().Get("next")
	assert.Equal(t, "/sso?a=x%5Cy&b=%60z%60&c=caf%C3%A9&d=%22%3C%3E%22&e=1%202&f=%23/../x", back)
	rawQuery, ok := strings.CutPrefix(back, "/sso?")
	require.True(t, ok, "the query is kept")
	got, err := url.ParseQuery(rawQuery)
	require.NoError(t, err)
	want, err := url.ParseQuery(r.URL.RawQuery)
	require.NoError(t, err)
	assert.Equal(t, want, got, "the same values after decoding")
}

// I27: the whole round trip. The support centre (or a link) sends the
// browser to the Remote Login URL with a query; the guard sends the
// anonymous visitor to sign in; the sign-in page, checking the return
// parameter with SafeReturnPath as a host should, redirects back; the
// browser arrives at the Remote Login URL with the same query.
func TestLoginRoundTripKeepsQuery(t *testing.T) {
	signedIn := false
	var arrived *url.URL
	res := IdentityResolverFunc(func(r *http.Request) (Identity, error) {
		arrived = r.URL
		if !signedIn {
			return Identity{}, ErrNoIdentity
		}
		return jo, nil
	})
	h := newTestHandler(t, res, WithLoginURL("https://id.example.com/signin?app=support", "return_to"))
	const start = "/sso/happyfox?ref=kb&article=how-to%2Fexport&utm_source=mail"

	w := serve(h.Middleware(h), httptest.NewRequest(http.MethodGet, "https://app.example.com"+start, nil))
	require.Equal(t, http.StatusFound, w.Code)
	login, err := url.Parse(w.Header().Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "id.example.com", login.Host)
	assert.Equal(t, "support", login.Query().Get("app"))

	// The sign-in page.
	back, ok := SafeReturnPath(login.Query().Get("return_to"))
	require.True(t, ok)
	signedIn = true
	bounce := httptest.NewRecorder()
	http.Redirect(bounce, httptest.NewRequest(http.MethodPost, "https://id.example.com/signin", nil), back, http.StatusSeeOther)
	require.Equal(t, start, bounce.Header().Get("Location"))

	// Back at the Remote Login URL.
	w = serve(h.Middleware(h), httptest.NewRequest(http.MethodGet, "https://app.example.com"+bounce.Header().Get("Location"), nil))
	require.Equal(t, http.StatusFound, w.Code)
	tokenFromLocation(t, w.Header().Get("Location"), acmeTokenURL)
	assert.Equal(t, "ref=kb&article=how-to%2Fexport&utm_source=mail", arrived.RawQuery)
}

// However the guard and the handler are mounted, the error handler and the
// WithTokenQuery hook see the resolved identity through FromContext, and
// the guard resolves once. The guard hands the identity to its own Handler
// without copying the request, so this pins what that short cut keeps.
func TestFromContextInErrorHandlerAndHook(t *testing.T) {
	unverified := Identity{Name: "Jo Example", Email: "jo@example.com"}
	passThrough := func(next http.Handler) http.Handler { return next }
	mounts := map[string]func(h *Handler) http.Handler{
		"guard then handler":            func(h *Handler) http.Handler { return alice.New(h.Middleware).Then(h) },
		"guard with nil next":           func(h *Handler) http.Handler { return h.Middleware(nil) },
		"guard, middleware, handler":    func(h *Handler) http.Handler { return alice.New(h.Middleware, passThrough).Then(h) },
		"handler alone (guards itself)": func(h *Handler) http.Handler { return h },
	}
	for name, mount := range mounts {
		t.Run(name+": error handler", func(t *testing.T) {
			var got Identity
			var ok bool
			res := &staticResolver{id: unverified}
			h := newTestHandler(t, res, WithErrorHandler(func(w http.ResponseWriter, r *http.Request, err error) {
				got, ok = FromContext(r.Context())
				DefaultErrorHandler(w, r, err)
			}))
			w := serve(mount(h), httptest.NewRequest(http.MethodGet, "/sso/happyfox", nil))
			assert.Equal(t, http.StatusForbidden, w.Code)
			assert.True(t, ok, "the error handler sees the identity")
			assert.Equal(t, unverified, got)
			assert.Equal(t, int64(1), res.calls.Load())
		})
		t.Run(name+": token query hook", func(t *testing.T) {
			var got Identity
			h := newTestHandler(t, &staticResolver{id: jo}, WithTokenQuery(func(r *http.Request) url.Values {
				got, _ = FromContext(r.Context())
				return nil
			}))
			w := serve(mount(h), httptest.NewRequest(http.MethodGet, "/sso/happyfox", nil))
			require.Equal(t, http.StatusFound, w.Code)
			assert.Equal(t, jo, got)
		})
	}
}
