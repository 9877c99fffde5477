package verify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/internal/hs256"
)

// V1, I12: tokens minted by this package's issuer are accepted once, with
// their claims unchanged, and the jti is stored until the window has passed.
func TestVerifyAcceptsIssuerTokens(t *testing.T) {
	ids := map[string]jwtsso.Identity{
		"ascii":     vJo,
		"unicode":   {Name: "José 山田", Email: "jose@example.jp", EmailVerified: true},
		"quotes":    {Name: `Jo "JJ" O'Neil \ Jr`, Email: "jo.o-neil+sso@example.com", EmailVerified: true},
		"zwj emoji": {Name: "Ana 👩‍💻", Email: "Ana@Example.com", EmailVerified: true},
	}
	for name, id := range ids {
		t.Run(name, func(t *testing.T) {
			var calls []time.Time
			mem := NewMemoryStore(WithStoreClock(func() time.Time { return vNow }))
			store := ReplayStoreFunc(func(ctx context.Context, jti string, until time.Time) (bool, error) {
				calls = append(calls, until)
				return mem.FirstUse(ctx, jti, until)
			})
			v := newTestVerifier(t, WithReplayStore(store))
			token := mintWithIssuer(t, vKey, vNow.Add(-3*time.Second), id)

			c, err := v.Verify(context.Background(), token)
			require.NoError(t, err)
			assert.Equal(t, vNow.Add(-3*time.Second).Unix(), c.IssuedAt)
			assert.Len(t, c.ID, 26, "a ULID")
			assert.Equal(t, id.Name, c.Name)
			assert.Equal(t, id.Email, c.Email)
			require.Len(t, calls, 1)
			assert.Equal(t, time.Unix(c.IssuedAt, 0).Add(DefaultMaxAge+DefaultLeeway), calls[0],
				"stored until iat + max age + leeway")
			assert.Equal(t, 1, mem.Len())
		})
	}
}

// The default Verifier keeps its own store: a replay is refused with no
// option at all.
func TestVerifyDefaultStoreRefusesReplay(t *testing.T) {
	v, err := New(vKey)
	require.NoError(t, err)
	token := mintWithIssuer(t, vKey, time.Now(), vJo)
	_, err = v.Verify(context.Background(), token)
	require.NoError(t, err)
	_, err = v.Verify(context.Background(), token)
	require.ErrorIs(t, err, ErrTokenReplayed)
}

// V2: the same token twice, one after the other and concurrently.
func TestVerifyReplay(t *testing.T) {
	t.Run("sequential", func(t *testing.T) {
		v := newTestVerifier(t)
		token := mintWithIssuer(t, vKey, vNow, vJo)
		_, err := v.Verify(context.Background(), token)
		require.NoError(t, err)
		for range 3 {
			c, err := v.Verify(context.Background(), token)
			require.ErrorIs(t, err, ErrTokenReplayed)
			assert.Zero(t, c)
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		const n = 64
		v := newTestVerifier(t)
		token := mintWithIssuer(t, vKey, vNow, vJo)
		var accepted, replayed atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := v.Verify(context.Background(), token)
				switch {
				case err == nil:
					accepted.Add(1)
				case errors.Is(err, ErrTokenReplayed):
					replayed.Add(1)
				default:
					t.Errorf("unexpected error: %v", err)
				}
			}()
		}
		close(start)
		wg.Wait()
		assert.EqualValues(t, 1, accepted.Load())
		assert.EqualValues(t, n-1, replayed.Load())
	})
	t.Run("concurrent distinct", func(t *testing.T) {
		v := newTestVerifier(t)
		var wg sync.WaitGroup
		for i := range 32 {
			token := forgeToken(vKey, hs256.Header, validPayload(jtiN(i)))
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := v.Verify(context.Background(), token)
				assert.NoError(t, err)
			}()
		}
		wg.Wait()
	})
}

// Key rotation: the previous key is accepted beside the current one, each
// key once per jti, and a key not listed is refused.
func TestVerifyPreviousKeys(t *testing.T) {
	const oldKey = "Mw3Qe8Rt1Yu6Io9Pa2Sd5Fg7Hj4Kl0Zx"
	v := newTestVerifier(t, WithPreviousKeys(oldKey))
	for _, key := range []string{vKey, oldKey} {
		_, err := v.Verify(context.Background(), mintWithIssuer(t, key, vNow, vJo))
		require.NoError(t, err)
	}
	_, err := v.Verify(context.Background(), mintWithIssuer(t, vOtherKey, vNow, vJo))
	require.ErrorIs(t, err, ErrTokenSignature)

	// The replay check does not depend on which key signed.
	payload := validPayload("same-jti")
	_, err = v.Verify(context.Background(), forgeToken(oldKey, hs256.Header, payload))
	require.NoError(t, err)
	_, err = v.Verify(context.Background(), forgeToken(vKey, hs256.Header, payload))
	require.ErrorIs(t, err, ErrTokenReplayed)
}

// V3, V4, V13: only alg HS256 and typ JWT, each once, nothing else. Every
// header here is signed with the right key, so only the header refuses it.
func TestVerifyHeader(t *testing.T) {
	refused := map[string]string{
		"alg none":               `{"alg":"none","typ":"JWT"}`,
		"HS384":                  `{"alg":"HS384","typ":"JWT"}`,
		"HS512":                  `{"alg":"HS512","typ":"JWT"}`,
		"RS256":                  `{"alg":"RS256","typ":"JWT"}`,
		"lower-case hs256":       `{"alg":"hs256","typ":"JWT"}`,
		"alg with space":         `{"alg":"HS256 ","typ":"JWT"}`,
		"missing alg":            `{"typ":"JWT"}`,
		"missing typ":            `{"alg":"HS256"}`,
		"empty object":           `{}`,
		"alg number":             `{"alg":256,"typ":"JWT"}`,
		"alg null":               `{"alg":null,"typ":"JWT"}`,
		"alg true":               `{"alg":true,"typ":"JWT"}`,
		"alg array":              `{"alg":["HS256"],"typ":"JWT"}`,
		"alg object":             `{"alg":{"v":"HS256"},"typ":"JWT"}`,
		"typ lower case":         `{"alg":"HS256","typ":"jwt"}`,
		"typ JOSE":               `{"alg":"HS256","typ":"JOSE"}`,
		"duplicate alg none":     `{"alg":"none","alg":"HS256","typ":"JWT"}`,
		"duplicate alg last":     `{"alg":"HS256","typ":"JWT","alg":"none"}`,
		"duplicate alg same":     `{"alg":"HS256","alg":"HS256","typ":"JWT"}`,
		"duplicate escaped":      `{"alg":"HS256","typ":"JWT","\u0061lg":"HS256"}`,
		"duplicate typ":          `{"alg":"HS256","typ":"JWT","typ":"JWT"}`,
		"case variant Alg":       `{"Alg":"HS256","alg":"HS256","typ":"JWT"}`,
		"kid":                    `{"alg":"HS256","typ":"JWT","kid":"1"}`,
		"jku":                    `{"alg":"HS256","typ":"JWT","jku":"https://evil.example/jwks"}`,
		"x5u":                    `{"alg":"HS256","typ":"JWT","x5u":"https://evil.example/c"}`,
		"jwk":                    `{"alg":"HS256","typ":"JWT","jwk":{"kty":"oct","k":"AA"}}`,
		"crit":                   `{"alg":"HS256","typ":"JWT","crit":["exp"]}`,
		"b64 false":              `{"alg":"HS256","typ":"JWT","b64":false}`,
		"trailing garbage":       `{"alg":"HS256","typ":"JWT"}x`,
		"two objects":            `{"alg":"HS256","typ":"JWT"}{}`,
		"trailing comma":         `{"alg":"HS256","typ":"JWT",}`,
		"not an object":          `"HS256"`,
		"array":                  `[{"alg":"HS256","typ":"JWT"}]`,
		"empty":                  ``,
		"unterminated":           `{"alg":"HS256","typ":"JWT"`,
		"single quotes":          `{'alg':'HS256','typ':'JWT'}`,
		"invalid UTF-8":          "{\"alg\":\"HS256\",\"typ\":\"JWT\xff\"}",
		"NUL in value":           "{\"alg\":\"HS256\x00\",\"typ\":\"JWT\"}",
		"lone surrogate":         `{"alg":"HS256","typ":"JWT\ud800"}`,
		"BOM before object":      "\ufeff{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
		"deep nesting":           `{"alg":"HS256","typ":"JWT","x":` + strings.Repeat("[", 500) + strings.Repeat("]", 500) + `}`,
		"unicode escape in alg ": `{"alg":"HS256\u0000","typ":"JWT"}`,
	}
	for name, header := range refused {
		t.Run(name, func(t *testing.T) {
			v := newTestVerifier(t, WithReplayStore(refusingStore(t)))
			_, err := v.Verify(context.Background(), forgeToken(vKey, header, validPayload("h")))
			require.ErrorIs(t, err, ErrTokenMalformed)
			assert.Contains(t, err.Error(), "header")
		})
	}

	accepted := map[string]string{
		"issuer's header": hs256.Header,
		"typ first":       `{"typ":"JWT","alg":"HS256"}`,
		"whitespace":      " {\r\n \"typ\" : \"JWT\",\r\n\t\"alg\":\"HS256\" } \n",
		"escaped value":   `{"alg":"HS\u0032\u0035\u0036","typ":"\u004aWT"}`,
	}
	for name, header := range accepted {
		t.Run(name, func(t *testing.T) {
			_, err := newTestVerifier(t).Verify(context.Background(), forgeToken(vKey, header, validPayload("h")))
			require.NoError(t, err)
		})
	}
}

// V3: alg none with an empty signature never reaches the header check.
func TestVerifyAlgNoneEmptySignature(t *testing.T) {
	v := newTestVerifier(t, WithReplayStore(refusingStore(t)))
	h := segmentEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	p := segmentEncoding.EncodeToString([]byte(validPayload("none")))
	for _, token := range []string{h + "." + p + ".", h + "." + p} {
		_, err := v.Verify(context.Background(), token)
		require.ErrorIs(t, err, ErrTokenMalformed)
	}
}

// V5, V6: the signature must be the HMAC under our key, bit for bit, and
// canonically encoded.
func TestVerifySignature(t *testing.T) {
	good := forgeToken(vKey, hs256.Header, validPayload("sig"))
	dot2 := strings.LastIndexByte(good, '.')
	sig, err := strictSegment.DecodeString(good[dot2+1:])
	require.NoError(t, err)

	t.Run("wrong key", func(t *testing.T) {
		v := newTestVerifier(t, WithReplayStore(refusingStore(t)))
		for _, key := range []string{vOtherKey, vKey[:31] + "x", strings.ToLower(vKey)} {
			_, err := v.Verify(context.Background(), forgeToken(key, hs256.Header, validPayload("sig")))
			require.ErrorIs(t, err, ErrTokenSignature)
		}
	})
	t.Run("every flipped bit", func(t *testing.T) {
		v := newTestVerifier(t, WithReplayStore(refusingStore(t)))
		for bit := range len(sig) * 8 {
			bad := append([]byte(nil), sig...)
			bad[bit/8] ^= 1 << (bit % 8)
			token := good[:dot2+1] + segmentEncoding.EncodeToString(bad)
			_, err := v.Verify(context.Background(), token)
			require.ErrorIs(t, err, ErrTokenSignature, "bit %d", bit)
		}
	})
	t.Run("altered payload", func(t *testing.T) {
		v := newTestVerifier(t, WithReplayStore(refusingStore(t)))
		dot1 := strings.IndexByte(good, '.')
		other := segmentEncoding.EncodeToString([]byte(claimsJSON(vNow.Unix(), "sig", "Jo Example", "eve@example.com")))
		_, err := v.Verify(context.Background(), good[:dot1+1]+other+good[dot2:])
		require.ErrorIs(t, err, ErrTokenSignature)
	})
	t.Run("non-canonical signature", func(t *testing.T) {
		v := newTestVerifier(t, WithReplayStore(refusingStore(t)))
		// 32 bytes leave 2 unused bits in the 43rd character.
		token := good[:len(good)-1] + string(nonCanonical(good[len(good)-1]))
		_, err := v.Verify(context.Background(), token)
		require.ErrorIs(t, err, ErrTokenMalformed)
	})
	t.Run("non-canonical payload with a valid signature", func(t *testing.T) {
		v := newTestVerifier(t, WithReplayStore(refusingStore(t)))
		payload := validPayload("nc")
		for len(payload)%3 == 0 {
			payload += " "
		}
		p := segmentEncoding.EncodeToString([]byte(payload))
		p = p[:len(p)-1] + string(nonCanonical(p[len(p)-1]))
		signed := hs256.HeaderSegment + "." + p
		_, err := v.Verify(context.Background(), signed+"."+macSegment(vKey, signed))
		require.ErrorIs(t, err, ErrTokenMalformed)
	})
	t.Run("non-canonical header with a valid signature", func(t *testing.T) {
		v := newTestVerifier(t, WithReplayStore(refusingStore(t)))
		h := segmentEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT" }`))
		require.NotZero(t, len(h)%4)
		h = h[:len(h)-1] + string(nonCanonical(h[len(h)-1]))
		signed := h + "." + segmentEncoding.EncodeToString([]byte(validPayload("nc")))
		_, err := v.Verify(context.Background(), signed+"."+macSegment(vKey, signed))
		require.ErrorIs(t, err, ErrTokenMalformed)
	})
}

// nonCanonical returns the base64url character after c, which differs
// from c only in its low bits: as a last character it sets unused bits.
func nonCanonical(c byte) byte {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	return alphabet[strings.IndexByte(alphabet, c)+1]
}

// V7, V8: the age window, iat − leeway ≤ now < iat + maxAge + leeway.
func TestVerifyWindow(t *testing.T) {
	cases := []struct {
		name   string
		iat    time.Duration // relative to now
		opts   []Option
		wantIs error
	}{
		{"now", 0, nil, nil},
		{"119 s old", -119 * time.Second, nil, nil},
		{"120 s old", -120 * time.Second, nil, nil},
		{"124 s old, within leeway", -124 * time.Second, nil, nil},
		{"125 s old, window closed", -125 * time.Second, nil, ErrTokenExpired},
		{"one hour old", -time.Hour, nil, ErrTokenExpired},
		{"iat zero", -time.Duration(vNow.Unix()) * time.Second, nil, ErrTokenExpired},
		{"5 s ahead, within leeway", 5 * time.Second, nil, nil},
		{"6 s ahead", 6 * time.Second, nil, ErrTokenFromFuture},
		{"a day ahead", 24 * time.Hour, nil, ErrTokenFromFuture},
		{"no leeway, 120 s old", -120 * time.Second, []Option{WithLeeway(0)}, ErrTokenExpired},
		{"no leeway, 119 s old", -119 * time.Second, []Option{WithLeeway(0)}, nil},
		{"no leeway, 1 s ahead", time.Second, []Option{WithLeeway(0)}, ErrTokenFromFuture},
		{"max age 30 s, 40 s old", -40 * time.Second, []Option{WithMaxAge(30 * time.Second)}, ErrTokenExpired},
		{"max age 30 s, 34 s old", -34 * time.Second, []Option{WithMaxAge(30 * time.Second)}, nil},
		{"leeway 3 min, 4 min old", -4 * time.Minute, []Option{WithLeeway(3 * time.Minute)}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := newTestVerifier(t, tc.opts...)
			iat := vNow.Add(tc.iat).Unix()
			_, err := v.Verify(context.Background(), forgeToken(vKey, hs256.Header, claimsJSON(iat, "w", "Jo", "jo@example.com")))
			if tc.wantIs == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.wantIs)
		})
	}

	t.Run("expired message", func(t *testing.T) {
		token := mintWithIssuer(t, vKey, vNow.Add(-3*time.Minute), vJo)
		_, err := newTestVerifier(t).Verify(context.Background(), token)
		require.ErrorIs(t, err, ErrTokenExpired)
		assert.Contains(t, strings.ToLower(err.Error()), "remote token has expired")
		assert.Contains(t, err.Error(), "issued 3m0s ago")
	})
	t.Run("sub-second clock", func(t *testing.T) {
		// Minted at .900, iat truncated: still accepted 124.5 s later.
		minted := vNow.Add(900 * time.Millisecond)
		token := mintWithIssuer(t, vKey, minted, vJo)
		v := newTestVerifier(t, WithClock(func() time.Time { return minted.Add(124 * time.Second) }))
		_, err := v.Verify(context.Background(), token)
		require.NoError(t, err)
	})
}

// V9–V12, V15: the claims must be exactly iat, jti, name and email. Each
// payload is signed with the right key; nothing may be stored.
func TestVerifyClaims(t *testing.T) {
	iat := "1717740457"
	long := strings.Repeat("j", MaxJTIBytes+1)
	cases := []struct {
		name    string
		payload string
		wantIs  error
	}{
		// V9: iat
		{"iat missing", `{"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"iat null", `{"iat":null,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"iat string", `{"iat":"1717740457","jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"iat fraction", `{"iat":1717740457.5,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"iat .0", `{"iat":1717740457.0,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"iat exponent", `{"iat":1.717740457e9,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"iat 1e300", `{"iat":1e300,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"iat -1e300", `{"iat":-1e300,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"iat negative", `{"iat":-1,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"iat true", `{"iat":true,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"iat false", `{"iat":false,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"iat milliseconds", `{"iat":1717740457000,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"iat beyond int64", `{"iat":99999999999999999999999,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"iat array", `{"iat":[1717740457],"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"iat leading zero", `{"iat":01717740457,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenMalformed},
		{"iat plus sign", `{"iat":+1717740457,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenMalformed},
		{"iat hex", `{"iat":0x66629b29,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenMalformed},
		{"iat NaN", `{"iat":NaN,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenMalformed},
		// V10: jti
		{"jti missing", `{"iat":` + iat + `,"name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"jti empty", `{"iat":` + iat + `,"jti":"","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"jti number", `{"iat":` + iat + `,"jti":42,"name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"jti null", `{"iat":` + iat + `,"jti":null,"name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"jti object", `{"iat":` + iat + `,"jti":{},"name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"jti 65 bytes", `{"iat":` + iat + `,"jti":"` + long + `","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"jti newline", `{"iat":` + iat + `,"jti":"a\nb","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		// V11: name and email
		{"email missing", `{"iat":` + iat + `,"jti":"a","name":"Jo"}`, ErrTokenClaims},
		{"name missing", `{"iat":` + iat + `,"jti":"a","email":"jo@example.com"}`, ErrTokenClaims},
		{"email empty", `{"iat":` + iat + `,"jti":"a","name":"Jo","email":""}`, jwtsso.ErrInvalidEmail},
		{"email display name", `{"iat":` + iat + `,"jti":"a","name":"Jo","email":"Mallory <victim@x.com>"}`, jwtsso.ErrInvalidEmail},
		{"email comment", `{"iat":` + iat + `,"jti":"a","name":"Jo","email":"victim@x.com (c)"}`, jwtsso.ErrInvalidEmail},
		{"email spaces", `{"iat":` + iat + `,"jti":"a","name":"Jo","email":" a@b.com "}`, jwtsso.ErrInvalidEmail},
		{"email RLO", `{"iat":` + iat + `,"jti":"a","name":"Jo","email":"moc.x@\u202eevil"}`, jwtsso.ErrInvalidEmail},
		{"email NUL escape", `{"iat":` + iat + `,"jti":"a","name":"Jo","email":"jo@example.com\u0000"}`, jwtsso.ErrInvalidEmail},
		{"email number", `{"iat":` + iat + `,"jti":"a","name":"Jo","email":1}`, ErrTokenClaims},
		{"name blank", `{"iat":` + iat + `,"jti":"a","name":"  ","email":"jo@example.com"}`, jwtsso.ErrInvalidName},
		{"name control", `{"iat":` + iat + `,"jti":"a","name":"Jo\u0007","email":"jo@example.com"}`, jwtsso.ErrInvalidName},
		{"name too long", `{"iat":` + iat + `,"jti":"a","name":"` + strings.Repeat("n", jwtsso.MaxNameBytes+1) + `","email":"jo@example.com"}`, jwtsso.ErrInvalidName},
		{"name null", `{"iat":` + iat + `,"jti":"a","name":null,"email":"jo@example.com"}`, ErrTokenClaims},
		// V12: duplicates and case variants
		{"duplicate jti", `{"iat":` + iat + `,"jti":"a","jti":"b","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"duplicate email", `{"iat":` + iat + `,"jti":"a","name":"Jo","email":"jo@example.com","email":"eve@example.com"}`, ErrTokenClaims},
		{"duplicate iat", `{"iat":` + iat + `,"iat":` + iat + `,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"escaped duplicate", `{"iat":` + iat + `,"jti":"a","name":"Jo","email":"jo@example.com","\u0065mail":"eve@example.com"}`, ErrTokenClaims},
		{"JTI", `{"iat":` + iat + `,"JTI":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"Email", `{"iat":` + iat + `,"jti":"a","name":"Jo","Email":"jo@example.com"}`, ErrTokenClaims},
		{"IAT besides iat", `{"iat":` + iat + `,"IAT":1,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"extra exp", `{"iat":` + iat + `,"jti":"a","name":"Jo","email":"jo@example.com","exp":1717740577}`, ErrTokenClaims},
		{"extra sub", `{"sub":"admin","iat":` + iat + `,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		// V15: not an object, trailing garbage, invalid UTF-8, nesting
		{"array", `[` + validPayload("a") + `]`, ErrTokenMalformed},
		{"string", `"` + validPayload("a") + `"`, ErrTokenMalformed},
		{"null", `null`, ErrTokenMalformed},
		{"empty", ``, ErrTokenMalformed},
		{"empty object", `{}`, ErrTokenClaims},
		{"trailing garbage", validPayload("a") + `x`, ErrTokenMalformed},
		{"trailing object", validPayload("a") + `{}`, ErrTokenMalformed},
		{"trailing NUL", validPayload("a") + "\x00", ErrTokenMalformed},
		{"truncated", validPayload("a")[:40], ErrTokenMalformed},
		{"invalid UTF-8 in name", "{\"iat\":" + iat + ",\"jti\":\"a\",\"name\":\"Jo\xc3\",\"email\":\"jo@example.com\"}", ErrTokenMalformed},
		{"overlong UTF-8", "{\"iat\":" + iat + ",\"jti\":\"a\",\"name\":\"J\xc0\xaf\",\"email\":\"jo@example.com\"}", ErrTokenMalformed},
		{"lone surrogate escape", `{"iat":` + iat + `,"jti":"a","name":"Jo\udc00","email":"jo@example.com"}`, ErrTokenMalformed},
		{"raw control in string", "{\"iat\":" + iat + ",\"jti\":\"a\",\"name\":\"J\to\",\"email\":\"jo@example.com\"}", ErrTokenMalformed},
		{"bad escape", `{"iat":` + iat + `,"jti":"a","name":"J\x41","email":"jo@example.com"}`, ErrTokenMalformed},
		{"deep nesting", `{"iat":` + iat + `,"jti":"a","name":"Jo","email":"jo@example.com","x":` + strings.Repeat(`[`, 1000) + strings.Repeat(`]`, 1000) + `}`, ErrTokenClaims},
		{"nested under unknown key first", `{"x":[[[[1]]]],"iat":` + iat + `,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenClaims},
		{"single quotes", `{'iat':` + iat + `}`, ErrTokenMalformed},
		{"comment", `{"iat":` + iat + ` /* */,"jti":"a","name":"Jo","email":"jo@example.com"}`, ErrTokenMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := newTestVerifier(t, WithReplayStore(refusingStore(t)))
			c, err := v.Verify(context.Background(), forgeToken(vKey, hs256.Header, tc.payload))
			require.ErrorIs(t, err, tc.wantIs)
			assert.Zero(t, c)
			if errors.Is(tc.wantIs, jwtsso.ErrInvalidEmail) || errors.Is(tc.wantIs, jwtsso.ErrInvalidName) {
				assert.ErrorIs(t, err, ErrTokenClaims)
			}
		})
	}

	accepted := map[string]string{
		"issuer's order":     validPayload("ok"),
		"KB 291 order":       `{"name":"John Doe","iat":1717740457,"email":"john@john.com","jti":"2c65fe8c-5f8c-4b8e-9d1e-6f2b1a0c9d3e"}`,
		"whitespace":         "{ \"iat\" : 1717740457 ,\r\n\t\"jti\":\"ws\", \"name\":\"Jo\", \"email\":\"jo@example.com\" }\n",
		"escaped non-ASCII":  `{"iat":1717740457,"jti":"esc","name":"Jos\u00e9 \u5c71\u7530 \ud83d\ude00","email":"jo\u0040example.com"}`,
		"escaped slash":      `{"iat":1717740457,"jti":"a\/b","name":"Jo \"JJ\"","email":"jo@example.com"}`,
		"jti of 64 bytes":    claimsJSON(vNow.Unix(), strings.Repeat("j", MaxJTIBytes), "Jo", "jo@example.com"),
		"name of 256 bytes":  claimsJSON(vNow.Unix(), "n", strings.Repeat("n", jwtsso.MaxNameBytes), "jo@example.com"),
		"email of 254 bytes": claimsJSON(vNow.Unix(), "e", "Jo", strings.Repeat("a", 64)+"@"+strings.Repeat("b", 63)+"."+strings.Repeat("c", 63)+"."+strings.Repeat("d", 61)),
	}
	for name, payload := range accepted {
		t.Run(name, func(t *testing.T) {
			c, err := newTestVerifier(t).Verify(context.Background(), forgeToken(vKey, hs256.Header, payload))
			require.NoError(t, err)
			assert.NotEmpty(t, c.ID)
		})
	}
	t.Run("escapes decoded", func(t *testing.T) {
		c, err := newTestVerifier(t).Verify(context.Background(), forgeToken(vKey, hs256.Header, accepted["escaped non-ASCII"]))
		require.NoError(t, err)
		assert.Equal(t, "José 山田 😀", c.Name)
		assert.Equal(t, "jo@example.com", c.Email)
	})
}

// V14, V16: the form of the token is checked first, without decoding and
// without allocating; an oversized token is refused before anything else.
func TestVerifyForm(t *testing.T) {
	good := forgeToken(vKey, hs256.Header, validPayload("form"))
	dot1 := strings.IndexByte(good, '.')
	cases := map[string]string{
		"empty":                  "",
		"one segment":            hs256.HeaderSegment,
		"two segments":           good[:strings.LastIndexByte(good, '.')],
		"four segments":          good + "." + good[len(good)-43:],
		"many dots":              strings.Repeat(".", 100),
		"empty header":           good[dot1:],
		"empty payload":          hs256.HeaderSegment + ".." + good[len(good)-43:],
		"padding":                good + "=",
		"padded payload":         hs256.HeaderSegment + "." + segmentEncodingPadded(validPayload("form")) + "." + good[len(good)-43:],
		"standard base64":        strings.Replace(good, good[dot1+1:dot1+2], "+", 1),
		"slash":                  strings.Replace(good, good[dot1+1:dot1+2], "/", 1),
		"space":                  good[:10] + " " + good[10:],
		"newline":                good[:10] + "\n" + good[10:],
		"CR":                     good[:10] + "\r" + good[10:],
		"trailing newline":       good + "\n",
		"Bearer prefix":          "Bearer " + good,
		"short signature":        good[:len(good)-1],
		"long signature":         good + "A",
		"NUL":                    good[:10] + "\x00" + good[10:],
		"non-ASCII":              good[:10] + "é" + good[10:],
		"payload length 1 mod 4": hs256.HeaderSegment + ".AAAAA." + macSegment(vKey, hs256.HeaderSegment+".AAAAA"),
		"over the cap":           good + strings.Repeat("A", MaxTokenBytes),
		"8 KiB":                  strings.Repeat("A", 8<<10),
		"1 MB query":             strings.Repeat("a.", 1<<19),
		"cap plus one":           strings.Repeat("A", MaxTokenBytes+1),
	}
	for name, token := range cases {
		t.Run(name, func(t *testing.T) {
			v := newTestVerifier(t, WithReplayStore(refusingStore(t)))
			c, err := v.Verify(context.Background(), token)
			require.ErrorIs(t, err, ErrTokenMalformed)
			assert.Zero(t, c)
		})
	}
	t.Run("too large is its own error", func(t *testing.T) {
		_, err := newTestVerifier(t).Verify(context.Background(), strings.Repeat("a.", 1<<19))
		require.ErrorIs(t, err, ErrTokenTooLarge)
		_, err = newTestVerifier(t).Verify(context.Background(), strings.Repeat("A", MaxTokenBytes))
		require.NotErrorIs(t, err, ErrTokenTooLarge)
	})
	t.Run("no allocation", func(t *testing.T) {
		v := newTestVerifier(t)
		for _, name := range []string{"empty", "many dots", "Bearer prefix", "padding", "1 MB query", "short signature"} {
			token := cases[name]
			allocs := testing.AllocsPerRun(100, func() { _, _ = v.Verify(context.Background(), token) })
			assert.Zero(t, allocs, name)
		}
		if vRace {
			return // pooled HMAC states are dropped at random under -race
		}
		forged := good[:len(good)-2] + "AA"
		allocs := testing.AllocsPerRun(100, func() { _, _ = v.Verify(context.Background(), forged) })
		assert.Zero(t, allocs, "forged signature")
	})
}

func segmentEncodingPadded(s string) string {
	p := segmentEncoding.WithPadding('=').EncodeToString([]byte(s))
	if !strings.HasSuffix(p, "=") {
		p = segmentEncoding.WithPadding('=').EncodeToString([]byte(s + " "))
	}
	return p
}

// V17: a store that fails, times out or panics refuses the token with
// ErrReplayStoreUnavailable and the cause, and never panics.
func TestVerifyStoreUnavailable(t *testing.T) {
	errDown := errors.New("store down")
	cases := []struct {
		name  string
		store ReplayStoreFunc
		ctx   func() (context.Context, context.CancelFunc)
		cause error
	}{
		{"error", func(context.Context, string, time.Time) (bool, error) { return false, errDown }, nil, errDown},
		{"error with true", func(context.Context, string, time.Time) (bool, error) { return true, errDown }, nil, errDown},
		{"timeout", func(ctx context.Context, _ string, _ time.Time) (bool, error) {
			<-ctx.Done()
			return false, ctx.Err()
		}, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 20*time.Millisecond)
		}, context.DeadlineExceeded},
		{"cancelled", func(ctx context.Context, _ string, _ time.Time) (bool, error) {
			return false, ctx.Err()
		}, func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, context.Canceled},
		{"panic", func(context.Context, string, time.Time) (bool, error) { panic("boom") }, nil, nil},
		{"memory store full", func(ctx context.Context, jti string, until time.Time) (bool, error) {
			s := NewMemoryStore(WithCapacity(1), WithStoreClock(func() time.Time { return vNow }))
			_, _ = s.FirstUse(ctx, "other", until)
			return s.FirstUse(ctx, jti, until)
		}, nil, ErrReplayStoreFull},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.Background(), context.CancelFunc(func() {})
			if tc.ctx != nil {
				ctx, cancel = tc.ctx()
			}
			defer cancel()
			v := newTestVerifier(t, WithReplayStore(tc.store))
			c, err := v.Verify(ctx, mintWithIssuer(t, vKey, vNow, vJo))
			require.ErrorIs(t, err, ErrReplayStoreUnavailable)
			assert.Zero(t, c)
			if tc.cause != nil {
				assert.ErrorIs(t, err, tc.cause)
			}
		})
	}
	t.Run("memory store with a cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := newTestVerifier(t).Verify(ctx, mintWithIssuer(t, vKey, vNow, vJo))
		require.ErrorIs(t, err, ErrReplayStoreUnavailable)
		require.ErrorIs(t, err, context.Canceled)
	})
	t.Run("memory store on another clock", func(t *testing.T) {
		// A store on the real clock would forget a 2024 token at once; it
		// refuses instead.
		v := newTestVerifier(t, WithReplayStore(NewMemoryStore()))
		_, err := v.Verify(context.Background(), mintWithIssuer(t, vKey, vNow, vJo))
		require.ErrorIs(t, err, ErrReplayStoreUnavailable)
	})
}

// V18: once the window has passed, the store may forget the jti; the
// token is still refused, by its iat.
func TestVerifyAfterWindow(t *testing.T) {
	t.Run("forgetful store", func(t *testing.T) {
		forgetful := ReplayStoreFunc(func(context.Context, string, time.Time) (bool, error) { return true, nil })
		clock := newVClock(vNow)
		v := newTestVerifier(t, WithReplayStore(forgetful), WithClock(clock.Now))
		token := mintWithIssuer(t, vKey, vNow, vJo)
		_, err := v.Verify(context.Background(), token)
		require.NoError(t, err)
		clock.Set(vNow.Add(DefaultMaxAge + DefaultLeeway))
		_, err = v.Verify(context.Background(), token)
		require.ErrorIs(t, err, ErrTokenExpired)
	})
	t.Run("memory store", func(t *testing.T) {
		clock := newVClock(vNow)
		store := NewMemoryStore(WithStoreClock(clock.Now))
		v := newTestVerifier(t, WithReplayStore(store), WithClock(clock.Now))
		token := mintWithIssuer(t, vKey, vNow, vJo)
		_, err := v.Verify(context.Background(), token)
		require.NoError(t, err)
		for _, d := range []time.Duration{time.Second, 60 * time.Second, 124 * time.Second, 124*time.Second + 999*time.Millisecond} {
			clock.Set(vNow.Add(d))
			_, err = v.Verify(context.Background(), token)
			require.ErrorIs(t, err, ErrTokenReplayed, "after %v", d)
		}
		clock.Set(vNow.Add(125 * time.Second))
		require.Zero(t, store.Len(), "the store forgets once the window has passed")
		_, err = v.Verify(context.Background(), token)
		require.ErrorIs(t, err, ErrTokenExpired)
	})
}

// New checks its key and options as jwtsso.New does.
func TestNewVerifierConfig(t *testing.T) {
	cases := []struct {
		name   string
		key    string
		opts   []Option
		wantIs error
	}{
		{"empty key", "", nil, jwtsso.ErrInvalidKey},
		{"short key", vKey[:31], nil, jwtsso.ErrInvalidKey},
		{"key with newline", vKey + "\n", nil, jwtsso.ErrInvalidKey},
		{"key with spaces", " " + vKey, nil, jwtsso.ErrInvalidKey},
		{"placeholder key", strings.Repeat("ab", 16), nil, jwtsso.ErrInvalidKey},
		{"bad previous key", vKey, []Option{WithPreviousKeys(vOtherKey, "short")}, jwtsso.ErrInvalidKey},
		{"previous key with newline", vKey, []Option{WithPreviousKeys(vOtherKey + "\n")}, jwtsso.ErrInvalidKey},
		{"previous key repeats current", vKey, []Option{WithPreviousKeys(vKey)}, jwtsso.ErrInvalidKey},
		{"previous keys repeat", vKey, []Option{WithPreviousKeys(vOtherKey, vOtherKey)}, jwtsso.ErrInvalidKey},
		{"max age zero", vKey, []Option{WithMaxAge(0)}, jwtsso.ErrInvalidConfig},
		{"max age sub-second", vKey, []Option{WithMaxAge(time.Millisecond)}, jwtsso.ErrInvalidConfig},
		{"max age two days", vKey, []Option{WithMaxAge(48 * time.Hour)}, jwtsso.ErrInvalidConfig},
		{"negative leeway", vKey, []Option{WithLeeway(-time.Second)}, jwtsso.ErrInvalidConfig},
		{"leeway an hour", vKey, []Option{WithLeeway(time.Hour)}, jwtsso.ErrInvalidConfig},
		{"nil store", vKey, []Option{WithReplayStore(nil)}, jwtsso.ErrInvalidConfig},
		{"nil clock", vKey, []Option{WithClock(nil)}, jwtsso.ErrInvalidConfig},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := New(tc.key, tc.opts...)
			require.ErrorIs(t, err, tc.wantIs)
			require.ErrorIs(t, err, jwtsso.ErrInvalidConfig)
			assert.Nil(t, v)
			for _, key := range []string{vKey, vOtherKey} {
				assert.NotContains(t, err.Error(), key)
			}
		})
	}
	t.Run("nil option ignored", func(t *testing.T) {
		_, err := New(vKey, nil)
		require.NoError(t, err)
	})
	t.Run("boundaries", func(t *testing.T) {
		_, err := New(vKey, WithMaxAge(time.Second), WithLeeway(0))
		require.NoError(t, err)
		_, err = New(vKey, WithMaxAge(24*time.Hour), WithLeeway(10*time.Minute))
		require.NoError(t, err)
	})
}

// Neither the key nor the token ever appears in an error or in the
// Verifier's descriptions.
func TestVerifierNeverShowsSecrets(t *testing.T) {
	v := newTestVerifier(t, WithPreviousKeys(vOtherKey))
	token := mintWithIssuer(t, vKey, vNow, vJo)
	dot1, dot2 := strings.IndexByte(token, '.'), strings.LastIndexByte(token, '.')
	segments := []string{token[dot1+1 : dot2], token[dot2+1:]}
	tokens := []string{
		token,                       // accepted
		token,                       // replayed
		token[:len(token)-2] + "AA", // forged
		forgeToken(vKey, `{"alg":"none","typ":"JWT"}`, validPayload("x")),
		forgeToken(vKey, hs256.Header, `{"iat":1,"jti":"x","name":"Jo","email":"jo@example.com"}`),
		forgeToken(vKey, hs256.Header, `{"iat":"1","jti":"x","name":"Jo","email":"jo@example.com"}`),
		mintWithIssuer(t, vKey, vNow.Add(time.Hour), vJo),
	}
	for _, tok := range tokens {
		_, err := v.Verify(context.Background(), tok)
		if err == nil {
			continue
		}
		msg := err.Error()
		for _, secret := range append([]string{vKey, vOtherKey, tok}, segments...) {
			assert.NotContains(t, msg, secret)
		}
	}
	keyBytes := fmt.Sprint([]byte(vKey))
	for _, s := range []string{v.String(), v.GoString(), v.LogValue().String(),
		fmt.Sprintf("%v", *v), fmt.Sprintf("%+v", *v), fmt.Sprintf("%#v", *v)} {
		assert.NotContains(t, s, vKey)
		assert.NotContains(t, s, vOtherKey)
		assert.NotContains(t, s, keyBytes[1:len(keyBytes)-1])
	}
	assert.Equal(t, "verify.Verifier{maxAge: 2m0s, leeway: 5s, previousKeys: 1}", v.String())
}

// V21: the wall clock steps back after a token's window (an NTP
// correction, a virtual machine resumed). The token is accepted at vNow;
// at +130 s another sign-in makes the store drop its entry; at +100 s its
// age would pass again. It must still be refused, with the default store,
// a store of the caller's on the same clock, a store shared with a
// Verifier that never saw +130 s, and a store that forgets everything.
func TestVerifyClockStepsBack(t *testing.T) {
	forgetful := ReplayStoreFunc(func(context.Context, string, time.Time) (bool, error) { return true, nil })
	tests := []struct {
		name  string
		build func(clock *vClock) (atLate, replay *Verifier)
		want  error
	}{
		{"default store", func(clock *vClock) (*Verifier, *Verifier) {
			v := newTestVerifier(t, WithClock(clock.Now))
			return v, v
		}, ErrTokenExpired},
		{"memory store on the same clock", func(clock *vClock) (*Verifier, *Verifier) {
			v := newTestVerifier(t, WithClock(clock.Now), WithReplayStore(NewMemoryStore(WithStoreClock(clock.Now))))
			return v, v
		}, ErrTokenExpired},
		{"the replaying verifier never saw the late reading", func(clock *vClock) (*Verifier, *Verifier) {
			store := NewMemoryStore(WithStoreClock(clock.Now))
			return newTestVerifier(t, WithClock(clock.Now), WithReplayStore(store)),
				newTestVerifier(t, WithClock(clock.Now), WithReplayStore(store))
		}, ErrTokenReplayed}, // or ErrReplayStoreUnavailable: see below
		{"a store that forgets everything", func(clock *vClock) (*Verifier, *Verifier) {
			v := newTestVerifier(t, WithClock(clock.Now), WithReplayStore(forgetful))
			return v, v
		}, ErrTokenExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newVClock(vNow)
			atLate, replay := tt.build(clock)
			token := mintWithIssuer(t, vKey, vNow, vJo)
			_, err := replay.Verify(context.Background(), token)
			require.NoError(t, err, "first use")

			clock.Set(vNow.Add(130 * time.Second))
			_, err = atLate.Verify(context.Background(), mintWithIssuer(t, vKey, vNow.Add(130*time.Second), vJo))
			require.NoError(t, err, "another sign-in at +130 s")

			clock.Set(vNow.Add(100 * time.Second))
			c, err := replay.Verify(context.Background(), token)
			assert.Zero(t, c)
			if tt.want == ErrTokenReplayed && errors.Is(err, ErrReplayStoreUnavailable) {
				// The store refuses either way: as a replay when the
				// token's shard has not seen the late reading (its entry is
				// still live there), as an until already past when it has.
				require.ErrorContains(t, err, "until is not after the latest reading")
				return
			}
			require.ErrorIs(t, err, tt.want, "the used token after the clock stepped back")
		})
	}
}

// A Verifier's own store shares its clock and takes the reading Verify
// made. If another caller has moved the store's time past the token's
// window since that reading, the token is refused as expired, never
// recorded.
func TestVerifyOwnStoreWindowClosedMeanwhile(t *testing.T) {
	clock := newVClock(vNow)
	v := newTestVerifier(t, WithClock(clock.Now))
	require.NotNil(t, v.own, "the Verifier made its own store")
	reading, now := v.clock.now() // Verify's reading, at vNow

	clock.Set(vNow.Add(130 * time.Second))
	v.own.Len() // another caller: the store's time is now +130 s
	clock.Set(vNow)

	err := v.rememberOwn(context.Background(), "late", vNow.Add(125*time.Second), reading, now, nil)
	require.ErrorIs(t, err, ErrTokenExpired)
	assert.Zero(t, v.own.Len(), "nothing recorded")

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	err = v.rememberOwn(cancelled, "cancelled", vNow.Add(200*time.Second), reading, now, nil)
	require.ErrorIs(t, err, ErrReplayStoreUnavailable)
	require.ErrorIs(t, err, context.Canceled)
}
