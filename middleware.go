package jwtsso

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

// Middleware is the guard of the Remote Login URL, an alice.Constructor
// (func(http.Handler) http.Handler):
//
//	http.Handle("/sso/happyfox", alice.New(sso.Middleware).Then(sso))
//
// For every request it sets Cache-Control: no-store and Pragma: no-cache,
// then:
//   - refuses methods other than GET and HEAD ([ErrMethodNotAllowed], 405);
//   - declines browser prefetches (Sec-Purpose: prefetch and its older
//     spellings, in any case and on any line) with 503 and no body, and
//     refuses requests that a page makes without navigating (a
//     Sec-Fetch-Mode other than navigate, as for an <img> or fetch()) with
//     [ErrNotNavigation], so that a token is minted only for a navigation
//     the user made; neither calls the resolver;
//   - resolves the identity once; a visitor who is not signed in and arrives
//     on a cross-site GET navigation gets the same-site bounce (a page that
//     re-requests the URL from the host's own site, so that SameSite=Strict
//     cookies are sent; see [WithoutSameSiteBounce]); otherwise a visitor who
//     is not signed in is sent to the login URL set with [WithLoginURL], with
//     the return parameter set to this request's own path and query, as a
//     [SafeReturnPath] (never to a URL taken from the query or headers; see
//     [WithLoginURL]); without a login URL the error handler gets
//     [ErrNoIdentity];
//   - stores the identity in the request context ([FromContext]) and calls
//     next, which is normally the Handler itself.
//
// A nil next means h itself. The returned handler is safe for concurrent use.
func (h *Handler) Middleware(next http.Handler) http.Handler {
	if next == nil {
		next = h
	}
	self, _ := next.(*Handler)
	return &guard{h: h, next: next, direct: self == h}
}

// guard is the http.Handler that Middleware returns.
type guard struct {
	h    *Handler
	next http.Handler
	// direct is set when next is h itself (alice.New(h.Middleware).Then(h),
	// or a nil next): the guard then hands the identity to h directly,
	// without copying the request to carry it in its context. FromContext
	// still works where anybody can call it: h gives the error handler and
	// the WithTokenQuery hook a request that carries the identity.
	direct bool
}

func (g *guard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, ok := g.h.admit(w, r)
	if !ok {
		return
	}
	if g.direct {
		g.h.serveAdmitted(w, r, id, false)
		return
	}
	g.next.ServeHTTP(w, r.WithContext(withIdentity(r.Context(), id)))
}

// admit does the guard's work. It returns the resolved identity, or false
// after it has answered the request itself.
func (h *Handler) admit(w http.ResponseWriter, r *http.Request) (*Identity, bool) {
	setHeaders(w.Header(), "Cache-Control", "no-store", "Pragma", "no-cache")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.fail(w, r, fmt.Errorf("%w: %s", ErrMethodNotAllowed, r.Method))
		return nil, false
	}
	if isPrefetch(r) {
		h.declinePrefetch(w, r)
		return nil, false
	}
	if err := notNavigation(r); err != nil {
		h.fail(w, r, err)
		return nil, false
	}
	id, err := h.resolve(r)
	switch {
	case errors.Is(err, ErrNoIdentity) && h.wantsBounce(r):
		h.bounce(w, r)
		return nil, false
	case errors.Is(err, ErrNoIdentity) && h.loginURL != nil:
		h.redirectToLogin(w, r)
		return nil, false
	case err != nil:
		h.fail(w, r, err)
		return nil, false
	}
	return id, true
}

// panicError turns v, a panic recovered from the host's code (the resolver,
// the WithTokenQuery hook), into an error that wraps sentinel and, when v is
// an error, v too. It panics again with http.ErrAbortHandler, which is how a
// handler aborts a request on purpose.
func panicError(sentinel error, v any) error {
	if v == http.ErrAbortHandler {
		panic(v)
	}
	if e, ok := v.(error); ok {
		return fmt.Errorf("%w: panic: %w", sentinel, e)
	}
	return fmt.Errorf("%w: panic: %v", sentinel, v)
}

// resolve calls the resolver once, turning a panic into [ErrResolver] (an
// http.ErrAbortHandler panic is passed on: it is how a handler aborts) and
// sorting its error into the package's sentinels.
func (h *Handler) resolve(r *http.Request) (id *Identity, err error) {
	defer func() {
		if v := recover(); v != nil {
			id, err = nil, panicError(ErrResolver, v)
		}
	}()
	got, err := h.resolver.ResolveIdentity(r)
	if err == nil {
		return &got, nil
	}
	if errors.Is(err, ErrNoIdentity) {
		return nil, err
	}
	if ctxErr := r.Context().Err(); ctxErr != nil {
		return nil, fmt.Errorf("%w: %w (resolver: %w)", ErrRequestEnded, ctxErr, err)
	}
	return nil, fmt.Errorf("%w: %w", ErrResolver, err)
}

// redirectToLogin sends an anonymous visitor to the host's login URL, with
// the return parameter set to [loginReturnPath] of this request's own URL.
func (h *Handler) redirectToLogin(w http.ResponseWriter, r *http.Request) {
	target := *h.loginURL
	if h.returnParam != "" {
		if back, ok := loginReturnPath(r.URL); ok {
			q := target.Query()
			q.Set(h.returnParam, back)
			target.RawQuery = q.Encode()
		}
	}
	w.Header().Set("Location", target.String())
	w.WriteHeader(h.status)
	h.logLoginRequired(r)
}

// loginReturnPath returns where the sign-in page should send the visitor
// back to: the request's own path and query, so that whatever the support
// centre or a link put in the query survives the round trip. It is built
// from u (the request's r.URL) alone, never from a header or a parameter,
// and is always a [SafeReturnPath]. Bytes of the query that SafeReturnPath
// refuses raw (controls, spaces, non-ASCII, " < > ` and backslash, which
// some clients send unencoded) are percent-encoded first; every query
// parser decodes them to the same values. If path and query together are
// still not safe (too long, for instance), the path alone is returned; if
// the path is not safe either, ok is false and no return parameter is
// sent.
func loginReturnPath(u *url.URL) (back string, ok bool) {
	p := u.EscapedPath()
	if u.RawQuery != "" {
		if back, ok := SafeReturnPath(p + "?" + escapeQueryBytes(u.RawQuery)); ok {
			return back, true
		}
	}
	return SafeReturnPath(p)
}

// escapeQueryBytes percent-encodes the bytes of a raw query that
// SafeReturnPath refuses, and "#" (which a server never receives in a
// query, but which would cut it short here), and leaves every other byte,
// "%" included, as it is.
func escapeQueryBytes(q string) string {
	const hexDigits = "0123456789ABCDEF"
	var b []byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		if c > ' ' && c < 0x7f && !strings.ContainsRune(`\"<>#`+"`", rune(c)) {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			b = append(make([]byte, 0, len(q)+16), q[:i]...)
		}
		b = append(b, '%', hexDigits[c>>4], hexDigits[c&15])
	}
	if b == nil {
		return q
	}
	return string(b)
}

// fail logs err and hands it to the error handler.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	h.logRefused(r, err)
	h.errorHandler(w, r, err)
}

// The same-site bounce, on by default ([WithoutSameSiteBounce] turns it off).
//
// The browser arrives at the Remote Login URL from the support centre, which
// is another site, so it leaves out the host application's cookies marked
// SameSite=Strict. A user who is signed in then looks anonymous to the
// resolver and would be sent to the sign-in page. So when the visitor is
// anonymous and the request is a cross-site GET navigation (Sec-Fetch-Site:
// cross-site, Sec-Fetch-Mode: navigate), the guard answers once with a tiny
// page that re-requests the same URL at once (<meta http-equiv="refresh">).
// That request starts on the host application's own page, so the browser
// sends SameSite=Strict cookies with it, and it arrives with Sec-Fetch-Site:
// same-origin, where the usual rules apply: an identity gets its token, a
// visitor still anonymous goes to the login URL. A second bounce, and so a
// loop, cannot happen: besides Sec-Fetch-Site, a short-lived cookie
// (bounceCookie) marks a browser that was just bounced. Requests without
// Sec-Fetch headers (older browsers, scripts) are handled as before.

// bouncePage re-requests its own URL. It needs no script: the meta refresh
// does the work, and the link is for a browser that ignores it.
const bouncePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0"><title>Signing you in to the support centre</title></head>
<body><p><a href="">Continue to the support centre</a></p></body></html>
`

// bounceCSP allows the page nothing at all: it has no script, style, image
// or form, and must not be framed.
const bounceCSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// wantsBounce reports whether r, from a visitor the resolver found
// anonymous, is a cross-site GET navigation that the guard should re-request
// from the host application's own page. admit has refused every request
// whose Sec-Fetch-Mode is other than "navigate", so here a Sec-Fetch-Mode
// of any value says "navigate".
func (h *Handler) wantsBounce(r *http.Request) bool {
	return h.sameSiteBounce && r.Method == http.MethodGet &&
		r.Header.Get("Sec-Fetch-Site") == "cross-site" && r.Header.Get("Sec-Fetch-Mode") != "" &&
		!recentlyBounced(r)
}

// bounceCookie marks a browser that the guard has just bounced. A request
// that carries it is not bounced again: should a browser, an extension or a
// proxy report the re-request as cross-site too, the visitor goes on to the
// login URL instead of refreshing the page for ever. It lives for
// bounceCookieAge seconds and is SameSite=Lax, so that it is sent on the
// re-request whatever that request is called.
const (
	bounceCookie    = "jwtsso_bounced"
	bounceCookieAge = 30
)

func recentlyBounced(r *http.Request) bool {
	_, err := r.Cookie(bounceCookie)
	return err == nil
}

// bounce answers with bouncePage. Its Referrer-Policy makes the re-request,
// and the redirect to the support centre that follows it, carry the host
// application's origin as the Referer, as a navigation that starts on the
// host application does.
func (h *Handler) bounce(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Content-Security-Policy", bounceCSP)
	hdr.Set("Referrer-Policy", "strict-origin")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("X-Frame-Options", "DENY")
	http.SetCookie(w, &http.Cookie{
		Name: bounceCookie, Value: "1", Path: "/", MaxAge: bounceCookieAge,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode,
	})
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, bouncePage)
	h.observe(r.Context(), OutcomeBounced)
	h.logger.LogAttrs(r.Context(), slog.LevelInfo,
		"jwtsso: anonymous on a cross-site arrival; re-requesting from the host's own page (same-site bounce)",
		pathAttr(r), slog.String("hint", strictCookieHint+"; the re-request carries it"))
}

// strictCookieHint is the likely cause of a signed-in user who arrives
// anonymous from the support centre.
const strictCookieHint = "a session cookie marked SameSite=Strict is not sent on the cross-site hop from the support centre"
