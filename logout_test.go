package jwtsso

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestServeLogout(t *testing.T) {
	errStore := errors.New("session store down")
	tests := []struct {
		name     string
		method   string
		header   map[string]string
		hookErr  error
		status   int
		hookRuns bool
	}{
		{"GET ends the session and redirects", http.MethodGet, nil, nil, http.StatusSeeOther, true},
		{"POST ends the session too", http.MethodPost, nil, nil, http.StatusSeeOther, true},
		{"HEAD changes nothing", http.MethodHead, nil, nil, http.StatusSeeOther, false},
		{"PUT is refused", http.MethodPut, nil, nil, http.StatusMethodNotAllowed, false},
		{"prefetch is declined", http.MethodGet, map[string]string{"Sec-Purpose": "prefetch"}, nil, http.StatusServiceUnavailable, false},
		{"failing hook", http.MethodGet, nil, errStore, http.StatusInternalServerError, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ran := false
			hook := func(w http.ResponseWriter, r *http.Request) error {
				ran = true
				http.SetCookie(w, &http.Cookie{Name: "session", MaxAge: -1})
				return tt.hookErr
			}
			rec := &recordedError{}
			h := newTestHandler(t, &staticResolver{}, WithLogout("/signed-out", hook), WithErrorHandler(rec.handle))
			r := httptest.NewRequest(tt.method, "/sso/logout", nil)
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			w := serve(http.HandlerFunc(h.ServeLogout), r)
			assert.Equal(t, tt.status, w.Code)
			assert.Equal(t, tt.hookRuns, ran)
			assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
			if tt.status == http.StatusSeeOther {
				assert.Equal(t, "/signed-out", w.Header().Get("Location"))
			} else {
				assert.Empty(t, w.Header().Get("Location"))
			}
			if tt.hookErr != nil {
				assert.ErrorIs(t, rec.err, ErrLogout)
				assert.ErrorIs(t, rec.err, errStore)
			}
		})
	}
}

func TestServeLogoutDefaults(t *testing.T) {
	h := newTestHandler(t, &staticResolver{})
	w := serve(http.HandlerFunc(h.ServeLogout), httptest.NewRequest(http.MethodGet, "/sso/logout", nil))
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/", w.Header().Get("Location"))
}
