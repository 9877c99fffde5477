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

// appendToken appends to dst the compact JWS form of c signed with HS256 and
// key: header, claims and signature as three base64url segments without
// padding. The HMAC is computed by golang-jwt's HS256 signing method over
// exactly the bytes appended. The base64url alphabet and "." need no
// escaping in a URL query, so dst may already hold "…/jwt/?token=".
func appendToken(dst, key []byte, c *Claims) ([]byte, error) {
	var scratch [384]byte
	payload := c.appendJSON(scratch[:0])

	start := len(dst)
	dst = append(dst, headerSegment...)
	dst = append(dst, '.')
	dst = segmentEncoding.AppendEncode(dst, payload)

	sig, err := jwt.SigningMethodHS256.Sign(string(dst[start:]), key)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSigning, err)
	}
	dst = append(dst, '.')
	return segmentEncoding.AppendEncode(dst, sig), nil
}
