package jwtsso

import (
	"context"
	"errors"
	"net/http"
)

// DefaultErrorHandler answers a failed request with a short plain-text page
// and a status that fits err: 401 for [ErrNoIdentity], 403 for
// [ErrInvalidIdentity], [ErrEmailUnverified] and [ErrNotNavigation], 405
// (with Allow: GET, HEAD) for [ErrMethodNotAllowed], 503 for
// [ErrRequestEnded] and 500 for anything else ([ErrTokenQuery] among
// them). The page never shows err, which may name internals. The response
// is marked no-store. Custom error handlers can call it for the errors
// they do not handle themselves.
func DefaultErrorHandler(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := errorStatus(err)
	hdr := w.Header()
	hdr.Del("Location")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("Pragma", "no-cache")
	hdr.Set("Content-Type", "text/plain; charset=utf-8")
	hdr.Set("X-Content-Type-Options", "nosniff")
	if status == http.StatusMethodNotAllowed {
		hdr.Set("Allow", "GET, HEAD")
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(msg))
	}
}

// errorStatus maps err to a status and a message safe to show anyone.
func errorStatus(err error) (int, string) {
	switch {
	case errors.Is(err, ErrNoIdentity):
		return http.StatusUnauthorized, "Please sign in first, then open the support centre again.\n"
	case errors.Is(err, ErrInvalidIdentity), errors.Is(err, ErrEmailUnverified):
		return http.StatusForbidden, "Your account cannot be signed in to the support centre. Please verify your email address or contact us.\n"
	case errors.Is(err, ErrNotNavigation):
		return http.StatusForbidden, "Open the support centre link in your browser; it cannot be loaded by a page or script.\n"
	case errors.Is(err, ErrMethodNotAllowed):
		return http.StatusMethodNotAllowed, "Method not allowed.\n"
	case errors.Is(err, ErrRequestEnded), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "The request ended before sign-in completed. Please try again.\n"
	}
	return http.StatusInternalServerError, "Sign-in to the support centre failed. Please try again later.\n"
}
