package jwtsso

import (
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// Option configures a [Handler] built by [New]. Options are applied in
// order; [New] checks the result as a whole and refuses a bad configuration.
type Option func(*settings)

// ErrorHandler answers a request that failed. err wraps one of the package's
// Err… sentinels; the handler must not show it to the user as it is (it may
// name internals). [DefaultErrorHandler] is the default.
type ErrorHandler func(w http.ResponseWriter, r *http.Request, err error)

// EndSessionFunc ends the user's session in the host application, for
// example by deleting its session cookie. It runs before the logout redirect
// and may set headers (cookies) on w but must not write the status or body.
type EndSessionFunc func(w http.ResponseWriter, r *http.Request) error

// settings is what the options fill in; defaultSettings holds every default.
type settings struct {
	account         string
	accountSet      bool
	supportURL      string
	supportURLSet   bool
	loginURL        string
	returnParam     string
	status          int
	now             func() time.Time
	entropy         io.Reader
	errorHandler    ErrorHandler
	logger          *slog.Logger
	allowUnverified bool
	autoSubmit      bool
	logoutPath      string
	endSession      EndSessionFunc
	noBounce        bool
	tokenQuery      func(*http.Request) url.Values
	observer        Observer
	errs            []error
}

func defaultSettings() settings {
	return settings{
		status:       http.StatusFound,
		now:          time.Now,
		entropy:      rand.Reader,
		errorHandler: DefaultErrorHandler,
		logger:       slog.Default(),
		logoutPath:   "/",
	}
}

// fail records a configuration error for New to return.
func (s *settings) fail(format string, args ...any) {
	s.errs = append(s.errs, configError(nil, format, args...))
}

func (s *settings) err() error { return errors.Join(s.errs...) }

// WithAccount sets the HappyFox account name: tokens go to
// https://<name>.happyfox.com/jwt/. The name must be a single DNS label
// (letters, digits and inner hyphens, at most 63); it is lower-cased.
// Exactly one of WithAccount and [WithSupportURL] is required.
func WithAccount(name string) Option {
	return func(s *settings) { s.account, s.accountSet = name, true }
}

// WithSupportURL sets the support centre's origin for an account on a custom
// domain, such as "https://support.example.com": tokens go to
// <url>/jwt/. It must be https with a host and nothing else (no user info,
// path, query or fragment); plain http is accepted only for loopback hosts,
// which is what tests and the local demo use. Exactly one of [WithAccount]
// and WithSupportURL is required.
func WithSupportURL(url string) Option {
	return func(s *settings) { s.supportURL, s.supportURLSet = url, true }
}

// WithLoginURL sets where the guard sends a visitor who is not signed in:
// the host application's sign-in page, either a local path ("/login") or an
// absolute https URL. When returnParam is not empty, the guard adds it to
// the login URL's query with the path and query of the request to the
// Remote Login URL as its value ("/sso/happyfox?ref=kb"), so the sign-in
// page can send the user back with whatever the support centre or a link
// added to the query; the sign-in page should check it with
// [SafeReturnPath] before it redirects. The value is always a path on the
// host application, taken from the request's own URL and never from its
// headers or parameters, and is always a safe return path: query bytes that
// some clients leave unencoded (a backslash, a backtick, non-ASCII) are
// percent-encoded, which leaves the query's values unchanged; if the path
// and query together are still not safe (longer than 2048 bytes, say), the
// path alone is sent, and if the path is not safe, no return parameter is
// sent. It is never a full URL built from the request's Host header: a
// sign-in service on another origin must know the host application's
// origin from its own configuration.
//
// Default: none; an anonymous visitor gets the error handler with
// [ErrNoIdentity] (401).
func WithLoginURL(loginURL, returnParam string) Option {
	return func(s *settings) { s.loginURL, s.returnParam = loginURL, returnParam }
}

// WithRedirectStatus sets the status of the redirects the handler sends:
// http.StatusFound (302, the default) or http.StatusSeeOther (303). No other
// status is accepted; 301 in particular would let browsers cache a redirect
// that carries a single-use token.
func WithRedirectStatus(code int) Option {
	return func(s *settings) { s.status = code }
}

// WithClock sets the clock that dates tokens (iat and the jti's time part).
// It is meant for tests and examples. Default: time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *settings) {
		if now == nil {
			s.fail("WithClock: nil clock")
		}
		s.now = now
	}
}

// WithEntropy sets the source of the jti's random bits. It is meant for
// tests and examples that need a byte-for-byte reproducible token; the
// reader is used under a lock. An error from it means no token
// ([ErrEntropy]). Default: crypto/rand.Reader.
func WithEntropy(r io.Reader) Option {
	return func(s *settings) {
		if r == nil {
			s.fail("WithEntropy: nil reader")
		}
		s.entropy = r
	}
}

// WithErrorHandler sets what answers a failed request. It can delegate to
// [DefaultErrorHandler] for the errors it does not handle itself. Default:
// DefaultErrorHandler.
func WithErrorHandler(h ErrorHandler) Option {
	return func(s *settings) {
		if h == nil {
			s.fail("WithErrorHandler: nil handler")
		}
		s.errorHandler = h
	}
}

// WithLogger sets where the handler logs one event per token minted or
// request refused, with the reason and the jti. The key, tokens and redirect
// URLs that carry a token are never logged. Pass
// slog.New(slog.DiscardHandler) to log nothing. Default: slog.Default().
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) {
		if l == nil {
			s.fail("WithLogger: nil logger")
		}
		s.logger = l
	}
}

// WithUnsafeAllowUnverifiedEmail lets identities with EmailVerified false
// through. The support centre matches contacts by email, so with this option
// anyone who can register an address they do not own in the host application
// signs in as that address's contact and reads its tickets. Use it only when
// the host application cannot register unverified addresses at all.
// Default: off; such identities get [ErrEmailUnverified].
func WithUnsafeAllowUnverifiedEmail() Option {
	return func(s *settings) { s.allowUnverified = true }
}

// WithAutoSubmitForm makes the handler answer with a small page whose form
// the browser submits to <support URL>/jwt/?token=…, instead of a redirect.
// The request to the support centre then starts on the host application's
// page and carries its origin as the Referer, which HappyFox's "Allow JWT
// login only from whitelisted domains" may need (HappyFox does not document
// what it checks). The page allows only its own submit script (by hash,
// through its Content Security Policy), cannot be framed, is not cached, and
// without JavaScript shows a button. The token is then in the page's body;
// it is still never logged. Default: off (a 302 or 303 redirect).
func WithAutoSubmitForm() Option {
	return func(s *settings) { s.autoSubmit = true }
}

// WithLogout configures [Handler.ServeLogout], the handler for the
// support centre's Remote Logout URL: end (which may be nil) ends the host
// session, then the browser is sent to redirectPath, a local path such as
// "/" or "/signed-out". Default: no hook, redirect to "/".
func WithLogout(redirectPath string, end EndSessionFunc) Option {
	return func(s *settings) { s.logoutPath, s.endSession = redirectPath, end }
}

// WithoutSameSiteBounce turns off the same-site bounce. With it on, a
// visitor the resolver finds anonymous on a cross-site GET navigation
// (Sec-Fetch-Site: cross-site, Sec-Fetch-Mode: navigate, as on the hop from
// the support centre) gets a tiny page that re-requests the same URL from
// the host application's own site, once; that request carries the session
// cookie even when it is SameSite=Strict, and then gets a token, or the
// login URL if the visitor is really anonymous. The cost is one extra round
// trip for anonymous visitors. Turn it off when the host's session cookie
// is SameSite=Lax or None and that round trip matters. Default: on.
func WithoutSameSiteBounce() Option {
	return func(s *settings) { s.noBounce = true }
}

// WithTokenQuery sets a hook that returns query parameters to send to the
// support centre after the token: <support URL>/jwt/?token=<token>&name=value.
// It is called with the request to the Remote Login URL once the identity
// has been checked, just before the token is minted (not for HEAD requests,
// prefetches, requests that are not navigations, anonymous visitors or
// refused identities). With [WithAutoSubmitForm] the parameters become
// hidden inputs after the token's, which the browser sends as the same
// query. [Handler.RedirectURL] has no request and adds none.
//
// HappyFox documents no parameter besides token: its knowledge base says
// users can be sent to their ticket list, home page or knowledge base after
// sign-in but does not name the parameter, and this package does not guess
// it. Use the hook for a parameter your HappyFox account's documentation or
// support names, and test it against the real support centre.
//
// The token stays first and is the only token parameter. The parameters are
// sent sorted by name, a name's values in the order given; a name with no
// values is skipped. The hook's result is refused, and the error handler
// gets [ErrTokenQuery] with no token minted, unless every name is 1 to 64
// bytes of letters, digits, ".", "_" and "-" and is not "token" in any
// case, every value is at most 512 bytes of printable ASCII (space to "~",
// no control characters), and there are at most 8 name=value pairs in all.
// Values are escaped; they are never logged. A panic in the hook is
// recovered as ErrTokenQuery (http.ErrAbortHandler is passed on). The hook
// must be safe for concurrent use. New refuses a nil hook. Default: none;
// the URL carries the token alone.
func WithTokenQuery(hook func(r *http.Request) url.Values) Option {
	return func(s *settings) {
		if hook == nil {
			s.fail("WithTokenQuery: nil hook")
		}
		s.tokenQuery = hook
	}
}
