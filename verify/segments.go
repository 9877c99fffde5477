package verify

import (
	"encoding/base64"

	"github.com/supportsso/jwtsso/internal/hs256"
)

// MaxTokenBytes is the longest token [Verifier.Verify] reads, in bytes. A
// token from jwtsso's issuer is at most about 1.8 KiB (with a name and
// an email at their longest); a longer one is refused before any of it is
// decoded, so an oversized query string costs no more than a short one.
const MaxTokenBytes = 4096

// The pooled HMAC of internal/hs256 has room for a whole token's signed part.
var _ [hs256.MaxSigned - MaxTokenBytes]struct{}

// sigSegmentLen is the length of an HS256 signature segment: 32 bytes in
// unpadded base64url.
const sigSegmentLen = 43

// strictSegment decodes a segment and refuses non-canonical input (set
// padding bits in the last character). Go's decoder skips CR and LF even
// when strict, so splitToken checks the alphabet first.
var strictSegment = segmentEncoding.Strict()

// segmentEncoding is the encoding of every JWS segment: unpadded base64url.
var segmentEncoding = base64.RawURLEncoding

// base64URLAlphabet marks the bytes allowed in a segment.
var base64URLAlphabet = func() (a [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") {
		a[c] = true
	}
	return a
}()

// splitToken returns the positions of the two dots of a compact JWS. It
// refuses anything but three segments of the unpadded base64url alphabet
// with a non-empty header and payload and a 43-character signature. It
// reads each byte once and allocates nothing.
func splitToken(token string) (dot1, dot2 int, err error) {
	dot1, dot2 = -1, -1
	for i := 0; i < len(token); i++ {
		c := token[i]
		switch {
		case base64URLAlphabet[c]:
		case c != '.':
			return 0, 0, errAlphabet
		case dot1 < 0:
			dot1 = i
		case dot2 < 0:
			dot2 = i
		default:
			return 0, 0, errSegments
		}
	}
	switch {
	case dot2 < 0:
		return 0, 0, errSegments
	case dot1 == 0 || dot2 == dot1+1:
		return 0, 0, errEmptySegment
	case len(token)-dot2-1 != sigSegmentLen:
		return 0, 0, errSignatureLen
	}
	return dot1, dot2, nil
}

// decodeSignature decodes a 43-character signature segment strictly.
func decodeSignature(seg string) ([32]byte, error) {
	var src [sigSegmentLen]byte
	var sig [32]byte
	copy(src[:], seg)
	if n, err := strictSegment.Decode(sig[:], src[:]); err != nil || n != len(sig) {
		return sig, errSignatureB64
	}
	return sig, nil
}

// decodeSegment decodes a header or payload segment (at most MaxTokenBytes
// long, which splitToken has checked) strictly and returns it as a string.
func decodeSegment(seg string) (string, bool) {
	var src [MaxTokenBytes]byte
	var dst [MaxTokenBytes * 3 / 4]byte
	n := copy(src[:], seg)
	if n != len(seg) {
		return "", false
	}
	m, err := strictSegment.Decode(dst[:], src[:n])
	if err != nil {
		return "", false
	}
	return string(dst[:m]), true
}
