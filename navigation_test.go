package jwtsso

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// I23, I24: a token is minted only when the browser navigates. A request
// that a page makes without navigating (an <img>, a fetch()) and a
// prefetch, however its headers are spelt, get none.
func TestTokensOnlyForNavigations(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		header  http.Header
		status  int
		wantErr error // nil: no error handler call
		resolve bool
	}{
		// Requests that are not navigations: 403 and ErrNotNavigation.
		{"img: no-cors", http.MethodGet, http.Header{"Sec-Fetch-Mode": {"no-cors"}}, http.StatusForbidden, ErrNotNavigation, false},
		{"fetch: cors", http.MethodGet, http.Header{"Sec-Fetch-Mode": {"cors"}}, http.StatusForbidden, ErrNotNavigation, false},
		{"same-origin fetch", http.MethodGet, http.Header{"Sec-Fetch-Mode": {"same-origin"}}, http.StatusForbidden, ErrNotNavigation, false},
		{"websocket", http.MethodGet, http.Header{"Sec-Fetch-Mode": {"websocket"}}, http.StatusForbidden, ErrNotNavigation, false},
		{"unknown mode", http.MethodGet, http.Header{"Sec-Fetch-Mode": {"nested-navigate"}}, http.StatusForbidden, ErrNotNavigation, false},
		{"a second Sec-Fetch-Mode line", http.MethodGet, http.Header{"Sec-Fetch-Mode": {"navigate", "no-cors"}}, http.StatusForbidden, ErrNotNavigation, false},
		{"a list in one line", http.MethodGet, http.Header{"Sec-Fetch-Mode": {"navigate, cors"}}, http.StatusForbidden, ErrNotNavigation, false},
		{"HEAD from fetch()", http.MethodHead, http.Header{"Sec-Fetch-Mode": {"cors"}}, http.StatusForbidden, ErrNotNavigation, false},

		// Prefetches in any case, as any value: 503 with no body, as before.
		{"Sec-Purpose: Prefetch", http.MethodGet, http.Header{"Sec-Purpose": {"Prefetch"}}, http.StatusServiceUnavailable, nil, false},
		{"X-Moz: Prefetch", http.MethodGet, http.Header{"X-Moz": {"Prefetch"}}, http.StatusServiceUnavailable, nil, false},
		{"Purpose: PREFETCH", http.MethodGet, http.Header{"Purpose": {"PREFETCH"}}, http.StatusServiceUnavailable, nil, false},
		{"prefetch on a second Sec-Purpose line", http.MethodGet, http.Header{"Sec-Purpose": {"anonymous-client-ip", "prefetch"}}, http.StatusServiceUnavailable, nil, false},
		{"preview as a second list item, capitalised", http.MethodGet, http.Header{"X-Purpose": {"instant, Preview"}}, http.StatusServiceUnavailable, nil, false},
		{"Chrome prerender, capitalised", http.MethodGet, http.Header{"Sec-Purpose": {"Prefetch;prerender"}}, http.StatusServiceUnavailable, nil, false},
		{"prefetch wins over a non-navigation", http.MethodGet, http.Header{"Sec-Purpose": {"prefetch"}, "Sec-Fetch-Mode": {"no-cors"}}, http.StatusServiceUnavailable, nil, false},

		// Navigations, and requests without Sec-Fetch headers, as before.
		{"navigation", http.MethodGet, http.Header{"Sec-Fetch-Mode": {"navigate"}}, http.StatusFound, nil, true},
		{"no Sec-Fetch-Mode", http.MethodGet, nil, http.StatusFound, nil, true},
		{"HEAD navigation", http.MethodHead, http.Header{"Sec-Fetch-Mode": {"navigate"}}, http.StatusNoContent, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, build := range map[string]func(*Handler) http.Handler{
				"handler": func(h *Handler) http.Handler { return h },
				"guarded": func(h *Handler) http.Handler { return h.Middleware(h) },
			} {
				res := &staticResolver{id: jo}
				rec := &recordedError{}
				var logs bytes.Buffer
				h := newTestHandler(t, res, WithErrorHandler(rec.handle), WithLogger(jsonLogger(&logs)))
				r := httptest.NewRequest(tt.method, "/sso/happyfox", nil)
				for k, vs := range tt.header {
					for _, v := range vs {
						r.Header.Add(k, v)
					}
				}
				w := serve(build(h), r)

				assert.Equal(t, tt.status, w.Code, name)
				assert.Equal(t, tt.resolve, res.calls.Load() == 1, "%s: resolver called", name)
				assert.Equal(t, "no-store", w.Header().Get("Cache-Control"), name)
				if tt.wantErr == nil {
					assert.NoError(t, rec.err, name)
				} else {
					assert.ErrorIs(t, rec.err, tt.wantErr, name)
				}
				if tt.status == http.StatusFound {
					tokenFromLocation(t, w.Header().Get("Location"), acmeTokenURL)
					continue
				}
				assertNoToken(t, w)
				if tt.status == http.StatusNoContent {
					continue
				}
				events := logEvents(t, &logs)
				require.Len(t, events, 1, name)
				if tt.wantErr != nil {
					assert.Equal(t, "jwtsso: sign-in refused", events[0]["msg"], name)
					assert.Contains(t, events[0]["reason"], "not a navigation", name)
					assert.Equal(t, "INFO", events[0]["level"], name)
				}
			}
		})
	}
}

// The Sec-Fetch-Mode value in the log is one of the modes the Fetch
// standard names, or "other": a client cannot write what it likes there.
func TestNotNavigationLogsOnlyKnownModes(t *testing.T) {
	for _, tt := range []struct{ mode, want string }{
		{"no-cors", `Sec-Fetch-Mode "no-cors"`},
		{"CORS", `Sec-Fetch-Mode "cors"`},
		{"x\x1b[31mred" + string(make([]byte, 4096)), `Sec-Fetch-Mode other`},
	} {
		t.Run(tt.want, func(t *testing.T) {
			var logs bytes.Buffer
			h := newTestHandler(t, &staticResolver{id: jo}, WithLogger(jsonLogger(&logs)))
			r := httptest.NewRequest(http.MethodGet, "/sso", nil)
			r.Header.Set("Sec-Fetch-Mode", tt.mode)
			serve(h, r)
			events := logEvents(t, &logs)
			require.Len(t, events, 1)
			reason, _ := events[0]["reason"].(string)
			assert.Contains(t, reason, tt.want)
			assert.Less(t, len(reason), 200)
		})
	}
}

// The same-site bounce is for navigations only: a cross-site <img> from an
// anonymous visitor is refused before the resolver runs, not bounced and
// not sent to the login page.
func TestSameSiteBounceNotForNonNavigation(t *testing.T) {
	res := &staticResolver{err: ErrNoIdentity}
	h := newTestHandler(t, res, WithLoginURL("/login", "next"))
	w := serve(h.Middleware(h), fetchRequest(http.MethodGet, "cross-site", "no-cors"))
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Empty(t, w.Header().Get("Location"))
	assert.Empty(t, w.Result().Cookies(), "no bounce marker")
	assert.Equal(t, int64(0), res.calls.Load())
}

func TestDefaultErrorHandlerNotNavigation(t *testing.T) {
	w := httptest.NewRecorder()
	DefaultErrorHandler(w, httptest.NewRequest(http.MethodGet, "/sso", nil), ErrNotNavigation)
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Contains(t, w.Body.String(), "link")
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
}
