package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/internal/hs256"
)

// verifySentinels are the errors every refusal wraps one of.
var verifySentinels = []error{
	ErrTokenMalformed, ErrTokenSignature, ErrTokenClaims, ErrTokenExpired,
	ErrTokenFromFuture, ErrTokenReplayed, ErrReplayStoreUnavailable,
}

// FuzzVerify builds a token from header, payload and mode and checks that
// Verify never panics, never accepts a token that vKey did not sign, never
// accepts the same token twice, and accepts only what encoding/json reads
// as exactly the same header and claims.
//
// Modes: 0 encodes header and payload and signs them with vKey; 1 does the
// same with another key; 2 takes header and payload as segments as they
// are and signs them with vKey (odd base64); 3 takes header as the whole
// token.
func FuzzVerify(f *testing.F) {
	iat := strconv.FormatInt(vNow.Unix(), 10)
	for _, p := range []string{
		validPayload("seed"),
		`{"name":"John Doe","iat":` + iat + `,"email":"john@john.com","jti":"2c65fe8c"}`,
		`{"iat":` + iat + `,"jti":"a","jti":"b","name":"Jo","email":"jo@example.com"}`,
		`{"iat":` + iat + `,"JTI":"a","name":"Jo","email":"jo@example.com"}`,
		`{"iat":"` + iat + `","jti":"a","name":"Jo","email":"jo@example.com"}`,
		`{"iat":1e300,"jti":"a","name":"Jo","email":"jo@example.com"}`,
		`{"iat":` + iat + `.5,"jti":"a","name":"Jo","email":"jo@example.com"}`,
		`{"iat":` + iat + `,"jti":"a","name":"Jos\u00e9 \ud83d\ude00","email":"jo@example.com"}`,
		"{\"iat\":" + iat + ",\"jti\":\"a\",\"name\":\"Jo\xff\",\"email\":\"jo@example.com\"}",
		`{"iat":` + iat + `,"jti":"a","name":"Jo","email":"Mallory <victim@x.com>"}`,
		validPayload("x") + "x",
		`[` + strings.Repeat(`[`, 64) + `]`,
	} {
		f.Add(hs256.Header, p, uint8(0))
	}
	for _, h := range []string{
		`{"typ":"JWT","alg":"HS256"}`,
		"{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}",
		`{"alg":"none","alg":"HS256","typ":"JWT"}`,
		`{"alg":"HS256","typ":"JWT","kid":"x"}`,
		`{"alg":"HS\u0032\u0035\u0036","typ":"JWT"}`,
	} {
		f.Add(h, validPayload("h"), uint8(0))
	}
	f.Add(hs256.Header, validPayload("k"), uint8(1))
	f.Add(hs256.HeaderSegment, segmentEncoding.EncodeToString([]byte(validPayload("seg"))), uint8(2))
	f.Add(hs256.HeaderSegment+"=", "AAAAA", uint8(2))
	f.Add(forgeToken(vKey, hs256.Header, validPayload("raw")), "", uint8(3))
	f.Add(rfc7515Token, "", uint8(3))
	f.Add("Bearer "+forgeToken(vKey, hs256.Header, validPayload("raw")), "", uint8(3))

	f.Fuzz(func(t *testing.T, header, payload string, mode uint8) {
		var token string
		switch mode % 4 {
		case 0:
			token = forgeToken(vKey, header, payload)
		case 1:
			token = forgeToken(vOtherKey, header, payload)
		case 2:
			token = header + "." + payload + "." + macSegment(vKey, header+"."+payload)
		default:
			token = header
		}
		v, err := New(vKey, WithClock(func() time.Time { return vNow }))
		if err != nil {
			t.Fatal(err)
		}
		c, err := v.Verify(context.Background(), token)
		if err != nil {
			checkRefusal(t, c, err)
			return
		}
		if mode%4 == 1 {
			t.Fatalf("accepted a token signed with another key")
		}
		checkSignedByKey(t, token)
		checkAgreesWithEncodingJSON(t, token, c)
		if _, err := v.Verify(context.Background(), token); !errors.Is(err, ErrTokenReplayed) {
			t.Fatalf("second use: got %v, want ErrTokenReplayed", err)
		}
	})
}

func checkRefusal(t *testing.T, c jwtsso.Claims, err error) {
	t.Helper()
	if c != (jwtsso.Claims{}) {
		t.Fatalf("claims returned with an error")
	}
	for _, s := range verifySentinels {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("refusal wraps no sentinel: %v", err)
}

// checkSignedByKey recomputes the HMAC with crypto/hmac directly.
func checkSignedByKey(t *testing.T, token string) {
	t.Helper()
	dot2 := strings.LastIndexByte(token, '.')
	if dot2 < 0 || token[dot2+1:] != macSegment(vKey, token[:dot2]) {
		t.Fatalf("accepted a token that the key did not sign")
	}
}

// checkAgreesWithEncodingJSON decodes the accepted token's header and
// payload with encoding/json and compares.
func checkAgreesWithEncodingJSON(t *testing.T, token string, c jwtsso.Claims) {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("accepted %d segments", len(parts))
	}
	var header map[string]any
	if err := strictJSON(t, parts[0], &header); err != nil ||
		len(header) != 2 || header["alg"] != "HS256" || header["typ"] != "JWT" {
		t.Fatalf("accepted a header that encoding/json reads as %v (%v)", header, err)
	}
	var claims map[string]any
	if err := strictJSON(t, parts[1], &claims); err != nil || len(claims) != 4 {
		t.Fatalf("accepted claims that encoding/json reads as %v (%v)", claims, err)
	}
	if claims["iat"] != json.Number(strconv.FormatInt(c.IssuedAt, 10)) ||
		claims["jti"] != c.ID || claims["name"] != c.Name || claims["email"] != c.Email {
		t.Fatalf("claims %+v differ from encoding/json's %v", c, claims)
	}
}

func strictJSON(t *testing.T, segment string, v any) error {
	t.Helper()
	raw, err := strictSegment.DecodeString(segment)
	if err != nil {
		t.Fatalf("accepted a segment that is not strict base64url")
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("trailing data")
	}
	return nil
}
