package jwtssotest

import (
	"errors"
	"net/http"

	"github.com/supportsso/jwtsso/verify"
)

// refusal is what an error page says: a heading in the support centre's
// words, advice in plain words, and the precise reason (Detail).
type refusal struct {
	status  int
	Heading string
	Advice  string
	Detail  string
}

// refusals maps each reason for a refusal to its page, first match wins.
// The Detail of a page is the error's own message: the verifier's messages
// never contain the key, the token or a claim value.
var refusals = []struct {
	err error
	ref refusal
}{
	{verify.ErrTokenExpired, refusal{http.StatusForbidden, "Remote token has expired",
		"The token is older than the support centre accepts: 120 seconds after its iat, plus a small leeway. A token must be used as soon as it is minted; check the host application's clock and that nothing delays the redirect.", ""}},
	{verify.ErrTokenReplayed, refusal{http.StatusForbidden, "Remote token has already been used",
		"Each token signs in once. This one was accepted before: a reloaded page, a double click, or a URL copied from somewhere.", ""}},
	{verify.ErrTokenSignature, refusal{http.StatusForbidden, "Remote token signature is invalid",
		"The token was not signed with this support centre's JWT key: the host application uses another key (another account's, or one with stray whitespace), or the token was changed on the way.", ""}},
	{verify.ErrTokenFromFuture, refusal{http.StatusForbidden, "Remote token is not valid yet",
		"The token's iat is later than the support centre's clock by more than the leeway: the host application's clock runs ahead.", ""}},
	{verify.ErrTokenClaims, refusal{http.StatusBadRequest, "Remote token has invalid claims",
		"A token carries exactly the claims iat (whole seconds since 1970), jti, name and email, each once.", ""}},
	{verify.ErrTokenMalformed, refusal{http.StatusBadRequest, "Remote token is malformed",
		`A token is an HS256 JWT: three base64url segments, with the header {"alg":"HS256","typ":"JWT"}.`, ""}},
	{verify.ErrReplayStoreUnavailable, refusal{http.StatusServiceUnavailable, "Login is temporarily unavailable",
		"The support centre could not check that the token is new, so it refused it. Please try again.", ""}},
	{errNoToken, refusal{http.StatusBadRequest, "Remote token is missing",
		"The host application must redirect to /jwt/?token=<token>.", ""}},
	{errTokenTwice, refusal{http.StatusBadRequest, "Remote token given more than once",
		"The URL carries the token parameter more than once. The support centre refuses it rather than choose one.", ""}},
	{errQueryTooLong, refusal{http.StatusRequestURITooLong, "Remote token is malformed",
		"The URL is far longer than any token.", ""}},
	{errQueryBad, refusal{http.StatusBadRequest, "Remote token is malformed",
		"The URL's query string does not parse.", ""}},
	{errMethodNotGET, refusal{http.StatusMethodNotAllowed, "Method not allowed",
		"Follow links and redirects to this page with GET.", ""}},
	{errLoginNotSetUp, refusal{http.StatusNotFound, "JWT login is not configured",
		"This support centre has no Remote Login URL (see jwtssotest.WithRemoteLoginURL).", ""}},
}

// describe returns the page for err.
func describe(err error) refusal {
	ref := refusal{http.StatusInternalServerError, "Login failed", "The support centre could not sign you in.", ""}
	for _, r := range refusals {
		if errors.Is(err, r.err) {
			ref = r.ref
			break
		}
	}
	ref.Detail = err.Error()
	return ref
}
