package verify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/internal/hs256"
)

// RFC 7515 appendix A.1: an HS256 JWS with a known key. Its header has the
// keys in the order typ, alg and a CR LF between them, so only a check over
// the bytes as received (never a re-encoding) verifies it.
const (
	rfc7515Key   = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"
	rfc7515Token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9" +
		".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ" +
		".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
)

// V19: the vector's HMAC verifies with its key, by a bare crypto/hmac check
// and by the Verifier's own HMAC path; the full Verifier still refuses the
// token, whose claims are iss, exp and a URL, with no iat or jti.
func TestRFC7515AppendixA1(t *testing.T) {
	key, err := segmentEncoding.DecodeString(rfc7515Key)
	require.NoError(t, err)
	require.Len(t, key, 64)
	dot2 := strings.LastIndexByte(rfc7515Token, '.')
	signed, sigSeg := rfc7515Token[:dot2], rfc7515Token[dot2+1:]

	t.Run("bare HMAC over the received bytes", func(t *testing.T) {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(signed))
		want, err := strictSegment.DecodeString(sigSeg)
		require.NoError(t, err)
		assert.True(t, hmac.Equal(m.Sum(nil), want))
	})

	t.Run("the Verifier's HMAC path", func(t *testing.T) {
		sig, err := decodeSignature(sigSeg)
		require.NoError(t, err)
		mk := hs256.NewKey(string(key))
		assert.True(t, mk.Verify(signed, &sig))
		assert.True(t, mk.Verify(signed, &sig), "again, from the pooled state")
		assert.False(t, hs256.NewKey(rfc7515Key).Verify(signed, &sig), "the JWK text is not the key")
	})

	t.Run("the header is accepted", func(t *testing.T) {
		require.NoError(t, checkHeader(rfc7515Token[:strings.IndexByte(rfc7515Token, '.')]))
	})

	t.Run("the full Verifier refuses it", func(t *testing.T) {
		// The raw key has control bytes, which New refuses (a
		// HappyFox key is 32 alphanumeric characters) ...
		_, err := New(string(key))
		require.ErrorIs(t, err, jwtsso.ErrInvalidKey)
		// ... so build the Verifier around it directly.
		v := &Verifier{keys: []*hs256.Key{hs256.NewKey(string(key))}, maxAge: DefaultMaxAge, leeway: DefaultLeeway,
			store: refusingStore(t), clock: newMonoClock(func() time.Time { return time.Unix(1300819380-60, 0) })}
		_, err = v.Verify(context.Background(), rfc7515Token)
		require.ErrorIs(t, err, ErrTokenClaims, "signature passes, claims refused")
		assert.Contains(t, err.Error(), `unknown claim "iss"`)

		other := &Verifier{keys: []*hs256.Key{hs256.NewKey(vKey)}, maxAge: DefaultMaxAge, leeway: DefaultLeeway,
			store: refusingStore(t), clock: newMonoClock(time.Now)}
		_, err = other.Verify(context.Background(), rfc7515Token)
		require.ErrorIs(t, err, ErrTokenSignature, "under another key")
	})
}
