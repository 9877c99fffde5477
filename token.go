package jwtsso

import (
	"encoding/base64"

	"github.com/supportsso/jwtsso/internal/hs256"
)

var segmentEncoding = base64.RawURLEncoding

// appendToken appends to dst the compact JWS form of c signed with HS256 and
// key: header, claims and signature as three base64url segments without
// padding. The HMAC is computed over exactly the bytes appended, with a
// keyed HMAC-SHA256 state taken from key's pool (the verifier checks
// signatures with the same package); the tests parse every minted token back
// with golang-jwt's HS256 parser, an independent implementation. The
// base64url alphabet and "." need no escaping in a URL query, so dst may
// already hold "…/jwt/?token=".
func appendToken(dst []byte, key *hs256.Key, c *Claims) []byte {
	var scratch [384]byte
	payload := c.appendJSON(scratch[:0])

	start := len(dst)
	dst = append(dst, hs256.HeaderSegment...)
	dst = append(dst, '.')
	dst = segmentEncoding.AppendEncode(dst, payload)

	var sum [32]byte
	sig := key.AppendSum(sum[:0], dst[start:])
	dst = append(dst, '.')
	return segmentEncoding.AppendEncode(dst, sig)
}
