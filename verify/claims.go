package verify

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/internal/rules"
)

const (
	// MaxJTIBytes is the longest jti accepted, in bytes. This package's
	// issuer sends 26-character ULIDs; a UUID has 36 characters.
	MaxJTIBytes = 64

	// maxIATDigits bounds iat to 10 decimal digits (until the year 2286),
	// so that milliseconds (13 digits) are refused as such.
	maxIATDigits = 10
)

// The bits of claimSet, one per claim.
const (
	claimIAT claimSet = 1 << iota
	claimJTI
	claimName
	claimEmail
	claimAll = claimIAT | claimJTI | claimName | claimEmail
)

// claimSet records which claims a payload has set.
type claimSet uint8

// parseClaims decodes a payload segment whose signature has been checked.
// It accepts one JSON object with exactly the keys iat, jti, name and
// email, each once; anything else wraps ErrTokenMalformed (not JSON, not
// one object, invalid UTF-8) or ErrTokenClaims (the wrong claims).
func parseClaims(seg string) (jwtsso.Claims, error) {
	payload, ok := decodeSegment(seg)
	switch {
	case !ok:
		return jwtsso.Claims{}, malformed("payload segment is not canonical base64url")
	case !utf8.ValidString(payload):
		return jwtsso.Claims{}, malformed("payload is not valid UTF-8")
	}
	var c jwtsso.Claims
	var seen claimSet
	err := scanFlatObject(payload, func(key string, v jsonValue) error {
		return setClaim(&c, &seen, key, v)
	})
	switch {
	case err != nil && errors.Is(err, ErrTokenClaims):
		return jwtsso.Claims{}, err
	case err != nil:
		return jwtsso.Claims{}, fmt.Errorf("%w: payload: %w", ErrTokenMalformed, err)
	case seen != claimAll:
		return jwtsso.Claims{}, claimsError("missing " + missingClaims(seen))
	}
	if err := rules.Name(c.Name); err != nil {
		return jwtsso.Claims{}, fmt.Errorf("%w: %w", ErrTokenClaims, err)
	}
	if err := rules.Email(c.Email); err != nil {
		return jwtsso.Claims{}, fmt.Errorf("%w: %w", ErrTokenClaims, err)
	}
	return c, nil
}

// setClaim stores one member of the payload in c, refusing an unknown or
// repeated key and a value of the wrong type.
func setClaim(c *jwtsso.Claims, seen *claimSet, key string, v jsonValue) error {
	bit := claimBit(key)
	switch {
	case bit == 0:
		return claimsError("unknown claim " + quoteKey(key) + " (only iat, jti, name and email are accepted, in lower case)")
	case *seen&bit != 0:
		return claimsError("claim " + key + " appears twice")
	}
	*seen |= bit
	if bit == claimIAT {
		iat, err := parseIAT(v)
		c.IssuedAt = iat
		return err
	}
	if v.kind != jsonString {
		return claimsError(key + " is not a string")
	}
	switch bit {
	case claimJTI:
		c.ID = v.text
		return checkJTI(v.text)
	case claimName:
		c.Name = v.text
	default:
		c.Email = v.text
	}
	return nil
}

func claimBit(key string) claimSet {
	switch key {
	case "iat":
		return claimIAT
	case "jti":
		return claimJTI
	case "name":
		return claimName
	case "email":
		return claimEmail
	}
	return 0
}

// missingClaims names the claims that seen lacks, for an error message.
func missingClaims(seen claimSet) string {
	var names []string
	for _, name := range [...]string{"iat", "jti", "name", "email"} {
		if seen&claimBit(name) == 0 {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

// quoteKey quotes an unknown claim name for an error message, cut to 32
// bytes. The payload is authenticated by then; quoting keeps control
// characters out of logs.
func quoteKey(key string) string {
	const max = 32
	if len(key) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(key[cut]) {
			cut--
		}
		return strconv.Quote(key[:cut]) + "…"
	}
	return strconv.Quote(key)
}

// parseIAT accepts a JSON integer of at most maxIATDigits digits: no sign,
// fraction or exponent, no string, boolean or null. The scanner has checked
// the number's grammar, so digits only means an integer.
func parseIAT(v jsonValue) (int64, error) {
	switch {
	case v.kind != jsonNumber:
		return 0, claimsError("iat is not a number (a string, boolean or null?)")
	case v.text[0] == '-':
		return 0, claimsError("iat is negative")
	}
	var iat int64
	for i := 0; i < len(v.text); i++ {
		c := v.text[i]
		if c < '0' || c > '9' {
			return 0, claimsError("iat is not a whole number of seconds (it has a fraction or an exponent)")
		}
		iat = iat*10 + int64(c-'0')
	}
	if len(v.text) > maxIATDigits {
		return 0, claimsError(fmt.Sprintf("iat has more than %d digits (milliseconds instead of seconds?)", maxIATDigits))
	}
	return iat, nil
}

// checkJTI accepts 1 to MaxJTIBytes bytes without control characters
// (unicode.IsControl: U+0000–U+001F, U+007F and U+0080–U+009F). The
// payload is valid UTF-8, so U+0080–U+009F are exactly the byte 0xC2
// followed by 0x80–0x9F.
func checkJTI(jti string) error {
	switch {
	case jti == "":
		return claimsError("jti is empty")
	case len(jti) > MaxJTIBytes:
		return claimsError(fmt.Sprintf("jti is longer than %d bytes", MaxJTIBytes))
	}
	for i := 0; i < len(jti); i++ {
		c := jti[i]
		if c < 0x20 || c == 0x7f || c == 0xc2 && i+1 < len(jti) && jti[i+1] < 0xa0 {
			return claimsError("jti contains a control character")
		}
	}
	return nil
}
