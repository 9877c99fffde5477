package jwtsso

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
)

// The handler logs one event per token minted or request refused. An event
// carries the request path, the jti and iat of a minted token, or the reason
// for a refusal; never the key, a token or a Location URL. The functions
// that log a minted token, a refusal or a login redirect also tell the
// Observer (observer.go), so each outcome is reported once.

const levelDebug = slog.LevelDebug

func pathAttr(r *http.Request) slog.Attr { return slog.String("path", r.URL.Path) }

func (h *Handler) logMinted(ctx context.Context, r *http.Request, c *Claims) {
	h.observeMinted(ctx, c.ID)
	if r == nil {
		h.logger.LogAttrs(ctx, slog.LevelInfo, "jwtsso: token minted",
			slog.String("jti", c.ID), slog.Int64("iat", c.IssuedAt))
		return
	}
	h.logger.LogAttrs(ctx, slog.LevelInfo, "jwtsso: token minted",
		slog.String("jti", c.ID), slog.Int64("iat", c.IssuedAt), pathAttr(r))
}

func (h *Handler) logRefused(r *http.Request, err error) {
	ctx := r.Context()
	h.observeRefused(ctx, err)
	h.logger.LogAttrs(ctx, refusalLevel(err), "jwtsso: sign-in refused", slog.String("reason", err.Error()),
		pathAttr(r), slog.String("method", r.Method))
}

// logLoginRequired notes an anonymous visitor sent to the login page. The
// Sec-Fetch-Site header helps with login loops: a visitor who keeps arriving
// anonymous from a cross-site page usually has a SameSite=Strict session
// cookie, which browsers do not send on that hop; the line then says so.
func (h *Handler) logLoginRequired(r *http.Request) {
	h.observe(r.Context(), OutcomeLoginRequired)
	site := r.Header.Get("Sec-Fetch-Site")
	if site != "cross-site" {
		h.logger.LogAttrs(r.Context(), slog.LevelInfo, "jwtsso: not signed in; redirected to login",
			pathAttr(r), slog.String("fetch_site", site))
		return
	}
	h.logger.LogAttrs(r.Context(), slog.LevelInfo, "jwtsso: not signed in; redirected to login",
		pathAttr(r), slog.String("fetch_site", site),
		slog.String("hint", "if this user is signed in, "+strictCookieHint))
}

// refusalLevel is Error for failures of the host or the machine, Warn for
// everything a user or a bad identity can cause.
func refusalLevel(err error) slog.Level {
	switch {
	case errors.Is(err, ErrResolver), errors.Is(err, ErrEntropy), errors.Is(err, ErrLogout),
		errors.Is(err, ErrTokenQuery):
		return slog.LevelError
	case errors.Is(err, ErrNoIdentity), errors.Is(err, ErrMethodNotAllowed), errors.Is(err, ErrNotNavigation),
		errors.Is(err, ErrRequestEnded):
		return slog.LevelInfo
	}
	return slog.LevelWarn
}
