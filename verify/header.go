package verify

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/supportsso/jwtsso/internal/hs256"
)

// Reasons for refusing a header. They never quote the header: it is not
// yet authenticated when it is read.
var (
	errHeaderAlg     = errors.New(`alg is not "HS256" (none, HS384, HS512, RS256 and other spellings are refused)`)
	errHeaderTyp     = errors.New(`typ is not "JWT"`)
	errHeaderDup     = errors.New("a key appears twice")
	errHeaderKey     = errors.New("a key other than alg and typ (kid, jku, x5u, jwk, crit and any other are refused)")
	errHeaderMissing = errors.New("alg or typ is missing")
)

// checkHeader accepts the header segment that jwtsso's issuer sends,
// and any other encoding of a JSON object that has exactly the keys alg,
// with the string "HS256", and typ, with the string "JWT", each once, in
// either order, with any JSON whitespace (RFC 7515's own example has
// CR LF in its header). Keys are compared after decoding, case-sensitively,
// so "Alg" is an unknown key and "\u0061lg" a second alg.
func checkHeader(seg string) error {
	if seg == hs256.HeaderSegment {
		return nil
	}
	header, ok := decodeSegment(seg)
	switch {
	case !ok:
		return malformed("header segment is not canonical base64url")
	case !utf8.ValidString(header):
		return malformed("header is not valid UTF-8")
	}
	var alg, typ bool
	err := scanFlatObject(header, func(key string, v jsonValue) error {
		seen, want, wrong := &alg, "HS256", errHeaderAlg
		switch key {
		case "alg":
		case "typ":
			seen, want, wrong = &typ, "JWT", errHeaderTyp
		default:
			return errHeaderKey
		}
		if *seen {
			return errHeaderDup
		}
		*seen = true
		if v.kind != jsonString || v.text != want {
			return wrong
		}
		return nil
	})
	if err == nil && !(alg && typ) {
		err = errHeaderMissing
	}
	if err != nil {
		return fmt.Errorf("%w: header: %w", ErrTokenMalformed, err)
	}
	return nil
}
