package jwtssotest

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/supportsso/jwtsso/verify"
)

// refusal is what an error page says: a heading in the support centre's
// words, advice in plain words, the precise reason (Detail), and what of
// it HappyFox documents and what is this fake's assumption (Basis).
type refusal struct {
	status  int
	Heading string
	Advice  string
	Detail  string
	Basis   string
	// FreshToken: the user needs a new token, which the support centre's
	// Login gets through the host's Remote Login URL.
	FreshToken bool
	// LoginLink: the page links to /login (set by describe, for a
	// FreshToken refusal when a Remote Login URL is configured).
	LoginLink bool
}

// What each refusal rests on, as its page says (see "What HappyFox
// documents" in the package documentation).
const (
	basisExpired  = "HappyFox documents the 120-second window and this message. The leeway, and this status code, are this fake's assumptions."
	basisReplayed = "HappyFox documents that a used jti is refused. This heading and status code are this fake's own: HappyFox's message is not documented."
	basisFuture   = "HappyFox does not document whether it refuses an iat in the future: this fake assumes it does, beyond the leeway. The heading and status code are its own."
	basisClaims   = "HappyFox documents the claims iat, jti, name and email. Refusing any other claim, a duplicate or a non-integer iat is this fake's assumption; so are this heading and status code."
	basisOwn      = "HappyFox does not document what it shows here: this heading and status code are this fake's own."
)

// refusals maps each reason for a refusal to its page, first match wins.
// The Detail of a page is the error's own message: the verifier's messages
// never contain the key, the token or a claim value.
var refusals = []struct {
	err error
	ref refusal
}{
	{verify.ErrTokenExpired, refusal{status: http.StatusForbidden, Heading: "Remote token has expired",
		Advice: "The token is older than this support centre accepts: {max-age} after its iat, plus {leeway} of leeway ({MaxAge} and {Leeway} set them). A token must be used as soon as it is minted; check the host application's clock and that nothing delays the redirect.", Basis: basisExpired}},
	{verify.ErrTokenReplayed, refusal{status: http.StatusForbidden, Heading: "Remote token has already been used",
		Advice: "Each token signs in once. This one was accepted before: a reloaded page, a double click, a URL copied from somewhere, or a first try that timed out after it was recorded.",
		Basis:  basisReplayed, FreshToken: true}},
	{verify.ErrTokenSignature, refusal{status: http.StatusForbidden, Heading: "Remote token signature is invalid",
		Advice: "The token was not signed with this support centre's JWT key: the host application uses another key (another account's, or one with stray whitespace), or the token was changed on the way.", Basis: basisOwn}},
	{verify.ErrTokenFromFuture, refusal{status: http.StatusForbidden, Heading: "Remote token is not valid yet",
		Advice: "The token's iat is later than this support centre's clock by more than the leeway of {leeway} ({Leeway} sets it): the host application's clock runs ahead.", Basis: basisFuture}},
	{verify.ErrTokenClaims, refusal{status: http.StatusBadRequest, Heading: "Remote token has invalid claims",
		Advice: "A token carries exactly the claims iat (whole seconds since 1970), jti, name and email, each once.", Basis: basisClaims}},
	{verify.ErrTokenMalformed, refusal{status: http.StatusBadRequest, Heading: "Remote token is malformed",
		Advice: `A token is an HS256 JWT: three base64url segments, with the header {"alg":"HS256","typ":"JWT"}.`, Basis: basisOwn}},
	{verify.ErrReplayStoreUnavailable, refusal{status: http.StatusServiceUnavailable, Heading: "Login is temporarily unavailable",
		Advice: "The support centre could not check that the token is new, so it refused it. Its check may have been recorded even though it did not answer in time, so this link may now be refused as already used. You need a fresh token.",
		Basis:  basisOwn, FreshToken: true}},
	{errNoToken, refusal{status: http.StatusBadRequest, Heading: "Remote token is missing",
		Advice: "The host application must redirect to /jwt/?token=<token>.", Basis: basisOwn}},
	{errTokenTwice, refusal{status: http.StatusBadRequest, Heading: "Remote token given more than once",
		Advice: "The URL carries the token parameter more than once. The support centre refuses it rather than choose one.", Basis: basisOwn}},
	{errQueryTooLong, refusal{status: http.StatusRequestURITooLong, Heading: "Remote token is malformed",
		Advice: "The URL is far longer than any token.", Basis: basisOwn}},
	{errQueryBad, refusal{status: http.StatusBadRequest, Heading: "Remote token is malformed",
		Advice: "The URL's query string does not parse.", Basis: basisOwn}},
	{errMethodNotGET, refusal{status: http.StatusMethodNotAllowed, Heading: "Method not allowed",
		Advice: "Follow links and redirects to this page with GET."}},
	{errLoginNotSetUp, refusal{status: http.StatusNotFound, Heading: "JWT login is not configured",
		Advice: "This support centre has no Remote Login URL ({RemoteLoginURL} sets it)."}},
}

// texts returns the replacer that fills the settings into the advice of
// the refusal pages.
func (c *config) texts() *strings.Replacer {
	return strings.NewReplacer(
		"{max-age}", seconds(c.maxAge), "{leeway}", seconds(c.leeway),
		"{MaxAge}", c.names.MaxAge, "{Leeway}", c.names.Leeway, "{RemoteLoginURL}", c.names.RemoteLoginURL,
	)
}

// seconds says d in words, such as "120 seconds".
func seconds(d time.Duration) string {
	if d%time.Second != 0 {
		return d.String()
	}
	if n := int64(d / time.Second); n != 1 {
		return strconv.FormatInt(n, 10) + " seconds"
	}
	return "1 second"
}

// describe returns the page for err.
func (h *Handler) describe(err error) refusal {
	ref := refusal{status: http.StatusInternalServerError, Heading: "Login failed", Advice: "The support centre could not sign you in.", Basis: basisOwn}
	for _, r := range refusals {
		if errors.Is(err, r.err) {
			ref = r.ref
			break
		}
	}
	ref.Advice = h.texts.Replace(ref.Advice)
	ref.LoginLink = ref.FreshToken && h.loginURL != ""
	ref.Detail = err.Error()
	return ref
}
