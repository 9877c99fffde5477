package verify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"log/slog"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso"
)

// Helpers for the verifier's tests. Names start with "v" or mention the
// verifier so that they do not collide with the issuer's test helpers.

const (
	vKey      = "Zq7Lp2Xw9Rt4Mv8Kc3Nb6Hd1Fy5Gs0Je" // the account's key in these tests
	vOtherKey = "Bn5Tx8Wq2Lz7Pk4Vm9Cr1Hs6Dg3Jf0Ya" // another account's key
)

// vNow is the fixed time of these tests: the iat of KB 291's sample token.
var vNow = time.Unix(1717740457, 0).UTC()

// vClock is a clock the test can move; it is safe for concurrent use.
type vClock struct {
	mu sync.Mutex
	t  time.Time
}

func newVClock(t time.Time) *vClock { return &vClock{t: t} }

func (c *vClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *vClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// newTestVerifier returns a Verifier for vKey whose clock stands at vNow
// unless opts say otherwise.
func newTestVerifier(t testing.TB, opts ...Option) *Verifier {
	t.Helper()
	all := append([]Option{WithClock(func() time.Time { return vNow })}, opts...)
	v, err := New(vKey, all...)
	require.NoError(t, err)
	return v
}

// mintWithIssuer mints a token for id with this package's issuer (jwtsso.New and
// RedirectURL) at the given time and returns the URL's token parameter.
func mintWithIssuer(t testing.TB, key string, at time.Time, id jwtsso.Identity) string {
	t.Helper()
	h, err := jwtsso.New(key, jwtsso.RedirectURLOnly,
		jwtsso.WithAccount("acme"),
		jwtsso.WithClock(func() time.Time { return at }),
		jwtsso.WithLogger(slog.New(slog.DiscardHandler)))
	require.NoError(t, err)
	loc, err := h.RedirectURL(context.Background(), id)
	require.NoError(t, err)
	u, err := url.Parse(loc)
	require.NoError(t, err)
	require.Equal(t, "acme.happyfox.com", u.Host)
	require.Len(t, u.Query()["token"], 1)
	return u.Query().Get("token")
}

var vJo = jwtsso.Identity{Name: "Jo Example", Email: "jo@example.com", EmailVerified: true}

// forgeToken signs arbitrary header and payload bytes with key, as an
// issuer (honest or not) could: base64url(header).base64url(payload).mac.
func forgeToken(key, header, payload string) string {
	signed := segmentEncoding.EncodeToString([]byte(header)) + "." + segmentEncoding.EncodeToString([]byte(payload))
	return signed + "." + macSegment(key, signed)
}

// macSegment is the base64url HMAC-SHA256 of signed under key.
func macSegment(key, signed string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(signed))
	return segmentEncoding.EncodeToString(m.Sum(nil))
}

// claimsJSON writes a payload with the four claims in the issuer's order
// (the order of Claims' fields), through encoding/json.
func claimsJSON(iat int64, jti, name, email string) string {
	b, err := json.Marshal(jwtsso.Claims{IssuedAt: iat, ID: jti, Name: name, Email: email})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// validPayload is a payload that vNow accepts, with the given jti.
func validPayload(jti string) string {
	return claimsJSON(vNow.Unix(), jti, "Jo Example", "jo@example.com")
}

// refusingStore fails the test if the verifier ever asks it anything: a
// refusal before step 7 must store nothing.
func refusingStore(t testing.TB) ReplayStore {
	return ReplayStoreFunc(func(context.Context, string, time.Time) (bool, error) {
		t.Errorf("replay store consulted for a token that should have been refused earlier")
		return false, nil
	})
}

// jtiN returns a distinct jti per n.
func jtiN(n int) string { return "jti-" + strconv.Itoa(n) }
