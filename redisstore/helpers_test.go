package redisstore_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/url"
	"strconv"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/redisstore"
	"github.com/supportsso/jwtsso/verify"
)

// Keys of two HappyFox accounts, as the root package's tests use them.
const (
	keyAcme   = "Zq7Lp2Xw9Rt4Mv8Kc3Nb6Hd1Fy5Gs0Je"
	keyGlobex = "Mw3Qe8Rt1Yu6Io9Pa2Sd5Fg7Hj4Kl0Zx"
)

// newIssuer returns the root package's issuer for account, quiet.
func newIssuer(tb testing.TB, key, account string, opts ...jwtsso.Option) *jwtsso.Handler {
	tb.Helper()
	opts = append([]jwtsso.Option{
		jwtsso.WithAccount(account),
		jwtsso.WithLogger(slog.New(slog.DiscardHandler)),
	}, opts...)
	h, err := jwtsso.New(key, jwtsso.RedirectURLOnly, opts...)
	require.NoError(tb, err)
	return h
}

// mint returns the token of one redirect by h, for user i.
func mint(tb testing.TB, h *jwtsso.Handler, i int) string {
	tb.Helper()
	token, err := tokenFor(h, i)
	require.NoError(tb, err)
	return token
}

// tokenFor is mint for goroutines other than the test's, which must not
// call t.FailNow.
func tokenFor(h *jwtsso.Handler, i int) (string, error) {
	loc, err := h.RedirectURL(context.Background(), jwtsso.Identity{
		Name: "User " + strconv.Itoa(i), Email: "user" + strconv.Itoa(i) + "@example.com", EmailVerified: true,
	})
	if err != nil {
		return "", err
	}
	u, err := url.Parse(loc)
	if err != nil {
		return "", err
	}
	if token := u.Query().Get("token"); token != "" {
		return token, nil
	}
	return "", errors.New("no token in the redirect URL")
}

// mintN returns n tokens for acme, issued now by the real clock.
func mintN(tb testing.TB, n int, opts ...jwtsso.Option) []string {
	tb.Helper()
	h := newIssuer(tb, keyAcme, "acme", opts...)
	tokens := make([]string, n)
	for i := range tokens {
		tokens[i] = mint(tb, h, i)
	}
	return tokens
}

// newStore builds a Store or fails the test.
func newStore(tb testing.TB, c redis.UniversalClient, opts ...redisstore.Option) *redisstore.Store {
	tb.Helper()
	s, err := redisstore.New(c, opts...)
	require.NoError(tb, err)
	return s
}

// newVerifier builds a Verifier on the real clock with store.
func newVerifier(tb testing.TB, key string, store verify.ReplayStore, opts ...verify.Option) *verify.Verifier {
	tb.Helper()
	v, err := verify.New(key, append([]verify.Option{verify.WithReplayStore(store)}, opts...)...)
	require.NoError(tb, err)
	return v
}

// redisKey is the documented key format, written out independently of the
// package: prefix, then the lower-case hex SHA-256 of the jti.
func redisKey(prefix, jti string) string {
	sum := sha256.Sum256([]byte(jti))
	return prefix + hex.EncodeToString(sum[:])
}

// quietRedisLogs silences go-redis's own logger, which reports every
// failed connection of the fault tests on stderr.
func quietRedisLogs() { redis.SetLogger(discardLogger{}) }

type discardLogger struct{}

func (discardLogger) Printf(context.Context, string, ...any) {}
