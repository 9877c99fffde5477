package verify

import (
	"encoding/base64"
	"strings"
	"unsafe"

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

// tokenBytes marks the bytes allowed in a token: the unpadded base64url
// alphabet and the dot.
var tokenBytes = func() (a [256]byte) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") {
		a[c] = 1
	}
	return a
}()

// splitToken returns the positions of the two dots of a compact JWS. It
// refuses anything but three segments of the unpadded base64url alphabet
// with a non-empty header and payload and a 43-character signature. It
// allocates nothing: one pass over the bytes without a branch per byte,
// then the dots found with strings.IndexByte.
func splitToken(token string) (dot1, dot2 int, err error) {
	// Eight bytes a round: one load of the token, eight of the table.
	ok, i := byte(1), 0
	for ; i+8 <= len(token); i += 8 {
		w := uint64(token[i]) | uint64(token[i+1])<<8 | uint64(token[i+2])<<16 | uint64(token[i+3])<<24 |
			uint64(token[i+4])<<32 | uint64(token[i+5])<<40 | uint64(token[i+6])<<48 | uint64(token[i+7])<<56
		ok &= tokenBytes[byte(w)] & tokenBytes[byte(w>>8)] & tokenBytes[byte(w>>16)] & tokenBytes[byte(w>>24)] &
			tokenBytes[byte(w>>32)] & tokenBytes[byte(w>>40)] & tokenBytes[byte(w>>48)] & tokenBytes[byte(w>>56)]
	}
	for ; i < len(token); i++ {
		ok &= tokenBytes[token[i]]
	}
	if ok == 0 {
		return 0, 0, errAlphabet
	}
	dot1 = strings.IndexByte(token, '.')
	if dot1 < 0 {
		return 0, 0, errSegments
	}
	dot2 = strings.IndexByte(token[dot1+1:], '.')
	if dot2 < 0 {
		return 0, 0, errSegments
	}
	dot2 += dot1 + 1
	switch {
	case strings.IndexByte(token[dot2+1:], '.') >= 0:
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
// It allocates once, the bytes of the result: the decoder reads the
// segment in place, and the string is made over the buffer it filled,
// which nothing writes again.
func decodeSegment(seg string) (string, bool) {
	if seg == "" {
		return "", true
	}
	buf := make([]byte, segmentEncoding.DecodedLen(len(seg)))
	n, err := strictSegment.Decode(buf, unsafe.Slice(unsafe.StringData(seg), len(seg)))
	if err != nil {
		return "", false
	}
	if n == 0 {
		return "", true
	}
	return unsafe.String(&buf[0], n), true
}
