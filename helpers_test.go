package jwtsso

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/require"
)

// testKey has the shape of a HappyFox key: 32 alphanumeric characters.
const testKey = "k9Qz3VfT8mWc2LxR7pHs4NdY6bJa1GuE"

// testNow is the iat of KB 291's sample token.
var testNow = time.Unix(1717740457, 0).UTC()

func fixedClock() time.Time { return testNow }

// countingEntropy is a deterministic jti source: it yields 0, 1, 2, ….
type countingEntropy struct{ n byte }

func (c *countingEntropy) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = c.n
		c.n++
	}
	return len(p), nil
}

// failingEntropy fails every read, like a broken random source.
type failingEntropy struct{}

var errEntropyBroken = errors.New("entropy source broken")

func (failingEntropy) Read([]byte) (int, error) { return 0, errEntropyBroken }

// staticResolver returns id for every request and counts its calls.
type staticResolver struct {
	id    Identity
	err   error
	calls atomic.Int64
}

func (s *staticResolver) ResolveIdentity(*http.Request) (Identity, error) {
	s.calls.Add(1)
	return s.id, s.err
}

var jo = Identity{Name: "Jo Example", Email: "jo@example.com", EmailVerified: true}

// recordedError is an error handler that keeps what it got and then
// delegates to DefaultErrorHandler.
type recordedError struct{ err error }

func (e *recordedError) handle(w http.ResponseWriter, r *http.Request, err error) {
	e.err = err
	DefaultErrorHandler(w, r, err)
}

// newTestHandler builds a Handler for acme.happyfox.com with a fixed clock,
// deterministic entropy and a discarded log, then applies opts.
func newTestHandler(t testing.TB, res IdentityResolver, opts ...Option) *Handler {
	t.Helper()
	base := []Option{
		WithAccount("acme"),
		WithClock(fixedClock),
		WithEntropy(&countingEntropy{}),
		WithLogger(slog.New(slog.DiscardHandler)),
	}
	h, err := New(testKey, res, append(base, opts...)...)
	require.NoError(t, err)
	return h
}

// serve runs one request through handler and returns the recorded response.
func serve(handler http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	handler.ServeHTTP(w, r)
	return w
}

const acmeTokenURL = "https://acme.happyfox.com/jwt/?token="

// decodedToken is a token taken apart without trusting it.
type decodedToken struct {
	raw       string
	header    []byte
	claims    map[string]json.RawMessage
	signature []byte
}

// tokenFromLocation checks that loc is exactly prefix followed by one token
// and returns that token.
func tokenFromLocation(t testing.TB, loc, prefix string) string {
	t.Helper()
	require.True(t, strings.HasPrefix(loc, prefix), "Location %q lacks prefix %q", redact(loc), prefix)
	u, err := url.Parse(loc)
	require.NoError(t, err)
	require.Equal(t, []string{"token"}, keys(u.Query()), "query must hold the token alone")
	token := u.Query().Get("token")
	require.Equal(t, prefix+token, loc, "token must need no escaping")
	return token
}

func keys(v url.Values) []string {
	out := make([]string, 0, len(v))
	for k := range v {
		out = append(out, k)
	}
	return out
}

// decodeToken splits token into its three segments and decodes them strictly.
func decodeToken(t testing.TB, token string) decodedToken {
	t.Helper()
	parts := strings.Split(token, ".")
	require.Len(t, parts, 3)
	enc := base64.RawURLEncoding.Strict()
	header, err := enc.DecodeString(parts[0])
	require.NoError(t, err)
	payload, err := enc.DecodeString(parts[1])
	require.NoError(t, err)
	sig, err := enc.DecodeString(parts[2])
	require.NoError(t, err)
	claims := map[string]json.RawMessage{}
	dec := json.NewDecoder(bytes.NewReader(payload))
	require.NoError(t, dec.Decode(&claims))
	_, err = dec.Token()
	require.ErrorIs(t, err, io.EOF, "trailing data after the claims")
	return decodedToken{raw: token, header: header, claims: claims, signature: sig}
}

// parseWithJWT verifies token with golang-jwt's parser, HS256 only.
func parseWithJWT(t testing.TB, token, key string) jwt.MapClaims {
	t.Helper()
	claims := jwt.MapClaims{}
	parsed, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return []byte(key), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithoutClaimsValidation(), jwt.WithStrictDecoding())
	require.NoError(t, err)
	require.True(t, parsed.Valid)
	return claims
}

// redact keeps a failing assertion from printing a whole token.
func redact(s string) string {
	if i := strings.Index(s, "token="); i >= 0 {
		return s[:i] + "token=…"
	}
	return s
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func jsonLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
