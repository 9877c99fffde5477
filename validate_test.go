package jwtsso

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An unverified email is a refused identity: the error matches both
// ErrEmailUnverified and ErrInvalidIdentity, so a host that answers
// ErrInvalidIdentity with 403 does not let it fall through to a 500.
func TestUnverifiedEmailIsAnInvalidIdentity(t *testing.T) {
	unverified := Identity{Name: "Jo", Email: "jo@example.com"}

	t.Run("validateIdentity", func(t *testing.T) {
		err := validateIdentity(&unverified, false)
		require.ErrorIs(t, err, ErrEmailUnverified)
		require.ErrorIs(t, err, ErrInvalidIdentity)
		assert.NotErrorIs(t, err, ErrInvalidEmail, "the address itself is fine")
		assert.Equal(t, "jwtsso: invalid identity: email address not verified by the host application", err.Error())
		assert.NotContains(t, err.Error(), unverified.Email)
	})

	t.Run("RedirectURL", func(t *testing.T) {
		h := newTestHandler(t, &staticResolver{})
		loc, err := h.RedirectURL(context.Background(), unverified)
		assert.Empty(t, loc)
		require.ErrorIs(t, err, ErrEmailUnverified)
		require.ErrorIs(t, err, ErrInvalidIdentity)
	})

	t.Run("a host error handler that only knows ErrInvalidIdentity", func(t *testing.T) {
		handler := func(w http.ResponseWriter, r *http.Request, err error) {
			if errors.Is(err, ErrInvalidIdentity) {
				http.Error(w, "refused", http.StatusForbidden)
				return
			}
			http.Error(w, "broken", http.StatusInternalServerError)
		}
		h := newTestHandler(t, &staticResolver{id: unverified}, WithErrorHandler(handler))
		w := serve(h.Middleware(h), httptest.NewRequest(http.MethodGet, "/sso", nil))
		assert.Equal(t, http.StatusForbidden, w.Code)
		assertNoToken(t, w)
	})

	t.Run("DefaultErrorHandler and the log", func(t *testing.T) {
		var buf bytes.Buffer
		h := newTestHandler(t, &staticResolver{id: unverified}, WithLogger(jsonLogger(&buf)))
		w := serve(h.Middleware(h), httptest.NewRequest(http.MethodGet, "/sso", nil))
		assert.Equal(t, http.StatusForbidden, w.Code)
		assertNoToken(t, w)
		events := logEvents(t, &buf)
		require.Len(t, events, 1)
		assert.Equal(t, "WARN", events[0]["level"])
		assert.Contains(t, events[0]["reason"], "not verified")
	})

	t.Run("allowed when the host opts out", func(t *testing.T) {
		require.NoError(t, validateIdentity(&unverified, true))
	})
}
