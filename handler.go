package jwtsso

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/supportsso/jwtsso/internal/hs256"
	"github.com/supportsso/jwtsso/internal/rules"
)

// Handler serves the support centre's Remote Login URL: it resolves the user
// signed in to the host application, mints a HappyFox JWT for them and
// redirects the browser to <support URL>/jwt/?token=<token>.
//
// A Handler is immutable after [New] and safe for concurrent use. It holds
// the signing key; its String, GoString and LogValue methods never show it.
type Handler struct {
	key             *signingKey
	resolver        IdentityResolver
	origin          string // "https://acme.happyfox.com"
	tokenURL        string // origin + "/jwt/?token="
	loginURL        *url.URL
	returnParam     string
	status          int
	now             func() time.Time
	jti             *jtiSource
	errorHandler    ErrorHandler
	logger          *slog.Logger
	allowUnverified bool
	form            *formPage // nil: redirect
	logoutPath      string
	endSession      EndSessionFunc
	sameSiteBounce  bool
	tokenQueryFunc  func(*http.Request) url.Values
	observer        Observer // nil: none
}

var _ http.Handler = (*Handler)(nil)

// New returns a Handler that signs tokens with key (the 32-character key
// HappyFox shows under Apps » Goodies » JSON Web Token (JWT)) for the users
// that resolver returns. One of [WithAccount] or [WithSupportURL] is required.
//
// New refuses a bad configuration with an error that wraps
// [ErrInvalidConfig]: a key shorter than [MinKeyLength] bytes or with
// surrounding whitespace ([ErrInvalidKey]), an account that is not a DNS
// label ([ErrInvalidAccount]), a support URL that is not a bare https origin
// ([ErrInvalidSupportURL]), an unsafe login URL ([ErrInvalidLoginURL]), a nil
// resolver, or a nil option value.
func New(key string, resolver IdentityResolver, opts ...Option) (*Handler, error) {
	s := defaultSettings()
	for _, opt := range opts {
		if opt != nil {
			opt(&s)
		}
	}
	if err := rules.CheckKey(key); err != nil {
		return nil, err
	}
	if f, ok := resolver.(IdentityResolverFunc); resolver == nil || ok && f == nil {
		return nil, configError(nil, "nil IdentityResolver")
	}
	if err := s.err(); err != nil {
		return nil, err
	}
	origin, err := supportOrigin(&s)
	if err != nil {
		return nil, err
	}
	login, err := checkLoginURL(s.loginURL, s.returnParam)
	if err != nil {
		return nil, err
	}
	if s.status != http.StatusFound && s.status != http.StatusSeeOther {
		return nil, configError(nil, "redirect status %d; use 302 or 303", s.status)
	}
	if _, ok := SafeReturnPath(s.logoutPath); !ok {
		return nil, configError(ErrInvalidLoginURL, "logout redirect must be a local path such as /")
	}
	var form *formPage
	if s.autoSubmit {
		form = newFormPage(origin)
	}
	return &Handler{
		form:            form,
		key:             &signingKey{mac: hs256.NewKey(key)},
		resolver:        resolver,
		origin:          origin,
		tokenURL:        tokenURLPrefix(origin),
		loginURL:        login,
		returnParam:     s.returnParam,
		status:          s.status,
		now:             s.now,
		jti:             newJTISource(s.entropy),
		errorHandler:    s.errorHandler,
		logger:          s.logger,
		allowUnverified: s.allowUnverified,
		logoutPath:      s.logoutPath,
		endSession:      s.endSession,
		sameSiteBounce:  !s.noBounce,
		tokenQueryFunc:  s.tokenQuery,
		observer:        s.observer,
	}, nil
}

// ServeHTTP answers a request to the Remote Login URL. It uses the identity
// that [Handler.Middleware] stored in the request context, or, when the
// request did not pass through the guard, does the guard's work itself
// first. It then validates the identity, mints a token and redirects to the
// support centre (302, or 303 with [WithRedirectStatus]), or with
// [WithAutoSubmitForm] answers with a page that sends the browser there.
//
// With [WithTokenQuery], the hook's parameters follow the token in the URL
// (or the form); parameters that fail its checks mean no token and the
// error handler gets [ErrTokenQuery].
//
// A HEAD request gets 204 No Content and no token: a token in a Location
// header that no browser follows would only end up in a log. A prefetch or
// a request that is not a navigation gets no token either (see
// [Handler.Middleware]). Every failure goes to the error handler, with no
// token minted.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, inContext := r.Context().Value(identityKey{}).(*Identity)
	if !inContext {
		var ok bool
		if id, ok = h.admit(w, r); !ok {
			return
		}
	}
	h.serveAdmitted(w, r, id, inContext)
}

// serveAdmitted mints for id, which the guard's work has resolved, and
// answers the request. When r's context does not carry id (inContext is
// false), a request that carries it is made only for the code that may
// read it with FromContext, the error handler and the WithTokenQuery hook,
// so that the usual path copies nothing.
func (h *Handler) serveAdmitted(w http.ResponseWriter, r *http.Request, id *Identity, inContext bool) {
	withID := func() *http.Request {
		if !inContext {
			r, inContext = r.WithContext(withIdentity(r.Context(), id)), true
		}
		return r
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusNoContent)
		h.observe(r.Context(), OutcomeHeadAnswered)
		return
	}
	if err := h.check(r.Context(), id); err != nil {
		h.fail(w, withID(), err)
		return
	}
	var params []queryParam
	if h.tokenQueryFunc != nil {
		var err error
		if params, err = h.tokenQuery(withID()); err != nil {
			h.fail(w, withID(), err)
			return
		}
	}
	loc, c, err := h.sign(id)
	if err != nil {
		h.fail(w, withID(), err)
		return
	}
	if h.form != nil {
		h.form.write(w, loc[len(h.tokenURL):], params)
		h.logMinted(r.Context(), r, &c)
		return
	}
	// The support centre sees the origin of the page where the navigation
	// began, never a path or query (see the README on whitelisted domains).
	setHeaders(w.Header(), "Referrer-Policy", "strict-origin", "Location", appendQuery(loc, params))
	w.WriteHeader(h.status)
	h.logMinted(r.Context(), r, &c)
}

// RedirectURL validates id, mints a token for it and returns the URL to send
// the browser to: <support URL>/jwt/?token=<token>. It is for host code that
// decides itself when to redirect; the response that carries the URL must
// not be cached (send Cache-Control: no-store), and the URL must not be
// logged: it is a credential for the next 120 seconds. It adds no
// [WithTokenQuery] parameters: it has no request to give the hook.
//
// It returns an error wrapping [ErrNilContext] if ctx is nil (it never
// panics), [ErrRequestEnded] if ctx is done, [ErrInvalidIdentity] for an
// identity that cannot be sent (with [ErrEmailUnverified] when its email is
// not verified), and [ErrEntropy] if no jti could be drawn.
//
// Like ServeHTTP, it logs one event for every token it mints, so the log
// keeps an audit trail of tokens whichever way they were minted. A refusal
// is returned and not logged: the caller has the error and decides what to
// do with it, and logging it here too would report it twice. An [Observer]
// is told of both.
func (h *Handler) RedirectURL(ctx context.Context, id Identity) (string, error) {
	if ctx == nil {
		return "", ErrNilContext
	}
	loc, c, err := h.mint(ctx, &id)
	if err != nil {
		h.observeRefused(ctx, err) // counted, though not logged
		return "", err
	}
	h.logMinted(ctx, nil, &c)
	return loc, nil
}

// mint checks ctx and id, draws a jti, signs and builds the redirect URL.
func (h *Handler) mint(ctx context.Context, id *Identity) (string, Claims, error) {
	if err := h.check(ctx, id); err != nil {
		return "", Claims{}, err
	}
	return h.sign(id)
}

// check refuses a done ctx and an identity that cannot be sent.
func (h *Handler) check(ctx context.Context, id *Identity) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrRequestEnded, err)
	}
	return validateIdentity(id, h.allowUnverified)
}

// sign draws a jti, signs a token for id, which check has accepted, and
// builds the redirect URL.
func (h *Handler) sign(id *Identity) (string, Claims, error) {
	now := h.now()
	jti, err := h.jti.next(now)
	if err != nil {
		return "", Claims{}, err
	}
	c := Claims{IssuedAt: now.Unix(), ID: jti, Name: id.Name, Email: id.Email}
	var scratch [1024]byte
	loc := appendToken(append(scratch[:0], h.tokenURL...), h.key.mac, &c)
	return string(loc), c, nil
}

// tokenURLPrefix returns origin + "/jwt/?token=", built with net/url from the
// origin that New checked. The token that follows it needs no escaping: the
// base64url alphabet and "." are unreserved in a query.
func tokenURLPrefix(origin string) string {
	u, err := url.Parse(origin)
	if err != nil { // unreachable: origin was built from a parsed URL
		panic("jwtsso: checked origin does not parse")
	}
	u.Path, u.RawQuery, u.ForceQuery = "/jwt/", "token=", false
	return u.String()
}

// signingKey holds the key behind a pointer, so that printing a Handler
// value (fmt's %v of *h, or a log handler that formats it) shows an address
// and never the key's bytes.
type signingKey struct{ mac *hs256.Key }

// String describes h without its key.
func (h *Handler) String() string {
	return "jwtsso.Handler{support: " + h.origin + "}"
}

// GoString describes h without its key, for the %#v verb.
func (h *Handler) GoString() string { return h.String() }

// LogValue describes h for log/slog without its key.
func (h *Handler) LogValue() slog.Value {
	return slog.GroupValue(slog.String("support", h.origin))
}
