package flowtest

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso/verify"
)

// Mint sends GET target with client (which must not follow redirects, see
// [Browser.NoFollow]) and returns the token of the redirect to
// supportURL's /jwt/. It fails the test, without showing the URL, when the
// answer is anything else.
func Mint(t *testing.T, client *http.Client, target, supportURL string) string {
	t.Helper()
	tok, err := TryMint(client, target, supportURL)
	require.NoError(t, err)
	return tok
}

// TryMint is Mint returning an error instead of failing the test, for use
// from goroutines.
func TryMint(client *http.Client, target, supportURL string) (string, error) {
	res, err := client.Get(target)
	if err != nil {
		return "", errors.New("request to " + stripQuery(target) + " failed")
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound {
		return "", errors.New("status " + res.Status + ", want a redirect with a token")
	}
	loc := res.Header.Get("Location")
	prefix := supportURL + "/jwt/?"
	if !strings.HasPrefix(loc, prefix) {
		return "", errors.New("redirect to " + stripQuery(loc) + ", want " + supportURL + "/jwt/")
	}
	q, err := url.ParseQuery(loc[len(prefix):])
	if err != nil || q.Get("token") == "" {
		return "", errors.New("redirect has no token parameter")
	}
	return q.Get("token"), nil
}

// Verifier returns a verifier for tokens signed with key, as the support
// centre of that key checks them.
func Verifier(t *testing.T, key string) *verify.Verifier {
	t.Helper()
	v, err := verify.New(key)
	require.NoError(t, err)
	return v
}

// SignedWith reports whether v accepts token, and fails the test when v
// refuses it for any reason other than its signature.
func SignedWith(t *testing.T, v *verify.Verifier, token string) bool {
	t.Helper()
	_, err := v.Verify(context.Background(), token)
	if errors.Is(err, verify.ErrTokenSignature) {
		return false
	}
	require.NoError(t, err)
	return true
}
