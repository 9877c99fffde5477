package jwtsso

import (
	"encoding/base64"
	"fmt"

	"github.com/golang-jwt/jwt/v5"
)

// tokenHeader is the only JOSE header the support centre is sent, and
// headerSegment is its base64url encoding, computed once.
const tokenHeader = `{"alg":"HS256","typ":"JWT"}`

var (
	segmentEncoding = base64.RawURLEncoding
	headerSegment   = segmentEncoding.EncodeToString([]byte(tokenHeader))
)

// signToken returns the compact JWS form of c signed with HS256 and key:
// header, claims and signature as three base64url segments without padding.
// The HMAC is computed by golang-jwt's HS256 signing method.
func signToken(key []byte, c *Claims) (string, error) {
	var scratch [256]byte
	payload := c.appendJSON(scratch[:0])

	const sigLen = 43 // base64url length of a 32-byte HMAC-SHA256
	buf := make([]byte, 0, len(headerSegment)+1+segmentEncoding.EncodedLen(len(payload))+1+sigLen)
	buf = append(buf, headerSegment...)
	buf = append(buf, '.')
	buf = segmentEncoding.AppendEncode(buf, payload)

	sig, err := jwt.SigningMethodHS256.Sign(string(buf), key)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrSigning, err)
	}
	buf = append(buf, '.')
	buf = segmentEncoding.AppendEncode(buf, sig)
	return string(buf), nil
}
