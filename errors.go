package jwtsso

import (
	"errors"

	"github.com/supportsso/jwtsso/internal/rules"
)

// Errors returned by the issuer side of the package. Every error that the
// package returns matches at least one of these sentinels with [errors.Is],
// and often two: a general one and, beside it, a more specific one, as in
// [ErrInvalidConfig] with [ErrInvalidKey], or [ErrInvalidIdentity] with
// [ErrInvalidEmail], [ErrInvalidName] or [ErrEmailUnverified]. Where there is
// a cause (the resolver's error, the context's error, the entropy reader's
// error), it is wrapped too; a request that ends while the resolver fails
// wraps [ErrRequestEnded], the context's error and the resolver's error. None
// of their messages ever contains the key, a token or a redirect URL that
// carries one.
var (
	// ErrInvalidConfig is wrapped by every error that [New] and
	// verify.New return for a bad configuration. A more specific sentinel
	// ([ErrInvalidKey], [ErrInvalidAccount], [ErrInvalidSupportURL],
	// [ErrInvalidLoginURL]) is wrapped beside it where one applies.
	ErrInvalidConfig = rules.ErrInvalidConfig

	// ErrInvalidKey means the signing key is unusable: shorter than
	// [MinKeyLength] bytes, surrounded by whitespace, containing control
	// characters, or obviously not random. Placeholders are refused too: a
	// key with whitespace inside ("<paste the key here>"), a key enclosed in
	// quotes or brackets (`"…"`, <…>, {…}), and a key made of placeholder
	// words such as YOUR, KEY, HERE, PASTE, CHANGE, SECRET, EXAMPLE, TODO or
	// XXX in any case, either as parts between separators
	// ("YOUR_HAPPYFOX_JWT_KEY_GOES_HERE") or covering at least half of it
	// ("YourHappyFoxJwtKeyGoesHerePlease"). A key as HappyFox shows it (32
	// letters and digits, no separators) is refused by none of these except
	// with a probability below 10⁻¹². The message never contains the key.
	// It always comes with [ErrInvalidConfig].
	ErrInvalidKey = rules.ErrInvalidKey

	// ErrInvalidAccount means the HappyFox account name given to
	// [WithAccount] is not a single DNS label. It always comes with
	// [ErrInvalidConfig].
	ErrInvalidAccount = errors.New("invalid account name")

	// ErrInvalidSupportURL means the URL given to [WithSupportURL] is not a
	// bare https origin (or an http origin on a loopback host). It always
	// comes with [ErrInvalidConfig].
	ErrInvalidSupportURL = errors.New("invalid support URL")

	// ErrInvalidLoginURL means the URL given to [WithLoginURL], or the path
	// given to [WithLogout], is neither a safe local path nor an absolute
	// https URL. It always comes with [ErrInvalidConfig].
	ErrInvalidLoginURL = errors.New("invalid login URL")

	// ErrNoIdentity is what an [IdentityResolver] returns (or wraps) when
	// nobody is signed in to the host application. The guard answers it by
	// sending the browser to the login URL set with [WithLoginURL]; without
	// one, the error handler gets it (401 by default).
	ErrNoIdentity = errors.New("jwtsso: no signed-in user")

	// ErrResolver means the [IdentityResolver] failed with an error other
	// than [ErrNoIdentity], or panicked. The resolver's own error is wrapped
	// beside it. The default error handler answers 500.
	ErrResolver = errors.New("jwtsso: identity resolver failed")

	// ErrInvalidIdentity means the resolved identity cannot be sent to the
	// support centre. [ErrInvalidEmail], [ErrInvalidName] or
	// [ErrEmailUnverified] is wrapped beside it with the precise reason; the
	// offending value itself is never part of the message. The default error
	// handler answers 403.
	ErrInvalidIdentity = rules.ErrInvalidIdentity

	// ErrInvalidEmail comes with [ErrInvalidIdentity] when the email is
	// empty, too long, not a bare address, contains invalid UTF-8 or a
	// character that does not show as itself (whitespace, controls, format
	// characters, any default-ignorable code point such as a variation
	// selector, noncharacters, blank-looking symbols such as U+2800), or has
	// a domain that IDNA (UTS #46) refuses or reads as another domain
	// ("company﹒com", fullwidth letters), or that holds a character other
	// than a letter, mark or digit beyond ASCII.
	ErrInvalidEmail = rules.ErrInvalidEmail

	// ErrInvalidName comes with [ErrInvalidIdentity] when the name is too
	// long, has no visible letter, digit, punctuation mark or symbol, or
	// contains invalid UTF-8, controls, line or paragraph separators, format
	// characters, default-ignorable code points (but for the zero-width
	// joiner and non-joiner, which names in several scripts need),
	// noncharacters or blank-looking characters (U+2800, U+FFFC, U+1D159,
	// the Hangul fillers).
	ErrInvalidName = rules.ErrInvalidName

	// ErrEmailUnverified comes with [ErrInvalidIdentity] when the identity's
	// EmailVerified is false: errors.Is matches either. The support centre
	// matches contacts by email, so minting a token for an address nobody
	// proved to own would hand over that contact's tickets.
	// [WithUnsafeAllowUnverifiedEmail] turns this check off. The default
	// error handler answers 403.
	ErrEmailUnverified = errors.New("email address not verified by the host application")

	// ErrEntropy means the jti source failed; no token is minted. The
	// reader's error is wrapped beside it. The default error handler
	// answers 500.
	ErrEntropy = errors.New("jwtsso: jti entropy source failed")

	// ErrMethodNotAllowed means the request to the Remote Login URL used a
	// method other than GET or HEAD. The default error handler answers 405
	// with an Allow header.
	ErrMethodNotAllowed = errors.New("jwtsso: method not allowed on the remote login URL")

	// ErrNotNavigation means the request to the Remote Login URL was not a
	// navigation: it carried a Sec-Fetch-Mode other than navigate, as the
	// browser sends for an <img>, a fetch() or another request that a page
	// makes by itself. No token is minted for it and the resolver is not
	// called; requests without Sec-Fetch-Mode count as navigations. The
	// default error handler answers 403.
	ErrNotNavigation = errors.New("jwtsso: not a navigation; tokens are minted only when the browser navigates")

	// ErrTokenQuery means the parameters that the hook given to
	// [WithTokenQuery] returned were refused (a name that is not allowed or
	// is "token", a value that is too long or not printable ASCII, too many
	// parameters), or the hook panicked. No token is minted. The precise
	// cause is wrapped beside it; no value is ever part of the message. The
	// default error handler answers 500.
	ErrTokenQuery = errors.New("jwtsso: token query parameters refused")

	// ErrRequestEnded means the request's context was cancelled or timed out
	// before a token was minted. The context's error is wrapped beside it, so
	// errors.Is(err, context.Canceled) holds too. The default error handler
	// answers 503.
	ErrRequestEnded = errors.New("jwtsso: request ended before the token was minted")

	// ErrNilContext is returned by [Handler.RedirectURL] when its context
	// is nil, a programming error that it reports rather than panic on. No
	// token is minted.
	ErrNilContext = errors.New("jwtsso: nil context")

	// ErrLogout means the end-session hook given to [WithLogout] failed. Its
	// error is wrapped beside it. The default error handler answers 500.
	ErrLogout = errors.New("jwtsso: ending the host session failed")
)

// configError builds an error that matches ErrInvalidConfig and kind.
// A nil kind means ErrInvalidConfig alone.
func configError(kind error, format string, args ...any) error {
	return rules.ConfigError(kind, format, args...)
}
