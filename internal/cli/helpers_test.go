package cli

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/supportsso/jwtsso/internal/testutil"

	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso"
)

// The keys have the shape of HappyFox keys: 32 alphanumeric characters.
const (
	testKey  = "k9Qz3VfT8mWc2LxR7pHs4NdY6bJa1GuE"
	otherKey = "Zq7Lp2Xw9Rt4Mv8Kc3Nb6Hd1Fy5Gs0Je"
)

// testNow is every test's clock.
var testNow = time.Date(2024, 6, 7, 6, 7, 37, 0, time.UTC)

// withKey is an environment that holds testKey.
var withKey = map[string]string{envKey: testKey}

// testEnv returns an env with the given variables and stdin, the fixed
// clock, and buffers for stdout and stderr.
func testEnv(vars map[string]string, stdin string) (*env, *testutil.SyncBuffer, *testutil.SyncBuffer) {
	var stdout, stderr testutil.SyncBuffer
	return &env{
		stdin:  strings.NewReader(stdin),
		stdout: &stdout,
		stderr: &stderr,
		lookup: func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
		now:    func() time.Time { return testNow },
	}, &stdout, &stderr
}

// runCLI runs the command line args to completion.
func runCLI(t *testing.T, vars map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	e, out, errOut := testEnv(vars, stdin)
	code = run(context.Background(), args, e)
	return code, out.String(), errOut.String()
}

// started runs a long-running command line in the background until the
// test ends, and waits until its stdout matches re; it returns re's
// submatches.
func started(t *testing.T, vars map[string]string, re *regexp.Regexp, args ...string) (matches []string, stderr *testutil.SyncBuffer, stop func() int) {
	t.Helper()
	e, out, errOut := testEnv(vars, "")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, e) }()
	code := -1
	stop = func() int {
		cancel()
		if code < 0 {
			select {
			case code = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the command did not stop after its context ended")
			}
		}
		return code
	}
	t.Cleanup(func() { stop() })
	require.Eventually(t, func() bool { return re.MatchString(out.String()) }, 10*time.Second, 10*time.Millisecond,
		"stdout never matched %s; stderr: %s", re, errOut)
	return re.FindStringSubmatch(out.String()), errOut, stop
}

// mintToken mints a token for Jo at the time at, signed with key.
func mintToken(t *testing.T, key string, at time.Time) string {
	t.Helper()
	return tokenIn(t, mintURL(t, key, "https://acme.happyfox.com", at))
}

// mintURL mints a redirect URL to supportURL for Jo at the time at.
func mintURL(t *testing.T, key, supportURL string, at time.Time) string {
	t.Helper()
	h, err := jwtsso.New(key, jwtsso.RedirectURLOnly, jwtsso.WithSupportURL(supportURL),
		jwtsso.WithClock(func() time.Time { return at }), jwtsso.WithLogger(discard))
	require.NoError(t, err)
	loc, err := h.RedirectURL(context.Background(), jwtsso.Identity{Name: "Jo Example", Email: "jo@example.com", EmailVerified: true})
	require.NoError(t, err)
	return loc
}

func tokenIn(t *testing.T, loc string) string {
	t.Helper()
	_, tok, ok := strings.Cut(loc, "?token=")
	require.True(t, ok)
	return tok
}

// signed returns a token with the given header and payload, signed with
// key, for payloads the issuer would never mint.
func signed(key, header, payload string) string {
	enc := base64.RawURLEncoding
	s := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(s))
	return s + "." + enc.EncodeToString(m.Sum(nil))
}

// writeFile writes content to a new file in the test's directory.
func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

var discard = slog.New(slog.DiscardHandler)

func base64URL(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
