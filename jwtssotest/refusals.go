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
	{verify.ErrTokenExpired, refusal{http.StatusForbidden, "Remote token has expired",
		"The token is older than this support centre accepts: {max-age} after its iat, plus {leeway} of leeway ({MaxAge} and {Leeway} set them). A token must be used as soon as it is minted; check the host application's clock and that nothing delays the redirect.", "", basisExpired}},
	{verify.ErrTokenReplayed, refusal{http.StatusForbidden, "Remote token has already been used",
		"Each token signs in once. This one was accepted before: a reloaded page, a double click, or a URL copied from somewhere.", "", basisReplayed}},
	{verify.ErrTokenSignature, refusal{http.StatusForbidden, "Remote token signature is invalid",
		"The token was not signed with this support centre's JWT key: the host application uses another key (another account's, or one with stray whitespace), or the token was changed on the way.", "", basisOwn}},
	{verify.ErrTokenFromFuture, refusal{http.StatusForbidden, "Remote token is not valid yet",
		"The token's iat is later than this support centre's clock by more than the leeway of {leeway} ({Leeway} sets it): the host application's clock runs ahead.", "", basisFuture}},
	{verify.ErrTokenClaims, refusal{http.StatusBadRequest, "Remote token has invalid claims",
		"A token carries exactly the claims iat (whole seconds since 1970), jti, name and email, each once.", "", basisClaims}},
	{verify.ErrTokenMalformed, refusal{http.StatusBadRequest, "Remote token is malformed",
		`A token is an HS256 JWT: three base64url segments, with the header {"alg":"HS256","typ":"JWT"}.`, "", basisOwn}},
	{verify.ErrReplayStoreUnavailable, refusal{http.StatusServiceUnavailable, "Login is temporarily unavailable",
		"The support centre could not check that the token is new, so it refused it. Please try again.", "", basisOwn}},
	{errNoToken, refusal{http.StatusBadRequest, "Remote token is missing",
		"The host application must redirect to /jwt/?token=<token>.", "", basisOwn}},
	{errTokenTwice, refusal{http.StatusBadRequest, "Remote token given more than once",
		"The URL carries the token parameter more than once. The support centre refuses it rather than choose one.", "", basisOwn}},
	{errQueryTooLong, refusal{http.StatusRequestURITooLong, "Remote token is malformed",
		"The URL is far longer than any token.", "", basisOwn}},
	{errQueryBad, refusal{http.StatusBadRequest, "Remote token is malformed",
		"The URL's query string does not parse.", "", basisOwn}},
	{errMethodNotGET, refusal{http.StatusMethodNotAllowed, "Method not allowed",
		"Follow links and redirects to this page with GET.", "", ""}},
	{errLoginNotSetUp, refusal{http.StatusNotFound, "JWT login is not configured",
		"This support centre has no Remote Login URL ({RemoteLoginURL} sets it).", "", ""}},
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
	ref := refusal{http.StatusInternalServerError, "Login failed", "The support centre could not sign you in.", "", basisOwn}
	for _, r := range refusals {
		if errors.Is(err, r.err) {
			ref = r.ref
			break
		}
	}
	ref.Advice = h.texts.Replace(ref.Advice)
	ref.Detail = err.Error()
	return ref
}
