package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/supportsso/jwtsso/verify"
)

// explain turns a refusal from the Verifier into what the support centre
// would say (head) and why, in plain words (why). The Verifier's messages
// never contain the key, the token or a claim value, so they may be quoted.
func (o inspection) explain(err error, token string) (head, why string) {
	switch {
	case errors.Is(err, verify.ErrTokenExpired):
		return `"Remote token has expired"`, o.expired(token)
	case errors.Is(err, verify.ErrTokenFromFuture):
		return "issued in the future (a clock runs ahead)", o.future(token)
	case errors.Is(err, verify.ErrTokenSignature):
		return "wrong key (the signature does not match)",
			"The token was not signed with this key. The issuer uses another key (another account's, an old one, or one with a stray space or newline), or the token was changed after signing (check that nothing re-encodes or cuts the URL)."
	case errors.Is(err, verify.ErrTokenClaims):
		return "bad claim", "The claims must be exactly iat (whole seconds since 1970), jti, name and email, each once: " + reason(err, verify.ErrTokenClaims) + "."
	case errors.Is(err, verify.ErrTokenMalformed):
		return "malformed token", `A token is three unpadded base64url segments with the header {"alg":"HS256","typ":"JWT"}: ` + reason(err, verify.ErrTokenMalformed) + "."
	case errors.Is(err, verify.ErrTokenReplayed):
		return "token already used", "The token's jti was accepted before."
	}
	return "the token could not be checked", err.Error() + "."
}

// expired explains an expired token by its iat, which the Verifier has
// authenticated by the time it judges the age.
func (o inspection) expired(token string) string {
	iat, ok := untrustedIAT(strings.Split(token, "."))
	if !ok {
		return "The token is older than the support centre accepts."
	}
	age := o.now.Sub(time.Unix(iat, 0))
	late := age - o.maxAge - o.leeway
	return fmt.Sprintf("The token was issued %s (iat %d). The support centre accepts a token for %s after its iat, plus %s of leeway, so this one expired %s. "+
		"Mint the token at the moment of the redirect and use it at once; if a fresh token is refused, the issuer's clock runs behind (compare it with an NTP server).",
		relative(age), iat, seconds(o.maxAge), seconds(o.leeway), relative(late))
}

// future explains an iat that is ahead of this clock by more than the
// leeway.
func (o inspection) future(token string) string {
	iat, ok := untrustedIAT(strings.Split(token, "."))
	if !ok {
		return "The token's iat is later than this clock by more than the leeway."
	}
	ahead := time.Unix(iat, 0).Sub(o.now)
	return fmt.Sprintf("The token's iat is %s ahead of this machine's clock, more than the %s of leeway: the issuer's clock runs ahead (or this machine's runs behind). Synchronise both with NTP.",
		seconds(ahead), seconds(o.leeway))
}

// seconds formats d as whole seconds.
func seconds(d time.Duration) string {
	return plural(int64(d.Round(time.Second)/time.Second), "second")
}

// reason is err's message without the sentinel's own words.
func reason(err, sentinel error) string {
	msg := err.Error()
	if i := strings.Index(msg, sentinel.Error()+": "); i >= 0 {
		return msg[i+len(sentinel.Error())+2:]
	}
	return msg
}
