package jwtssotest_test

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso/jwtssotest"
	"github.com/supportsso/jwtsso/verify"
)

const header = `{"alg":"HS256","typ":"JWT"}`

// TestRefusals checks the error page for every reason the support centre
// refuses a request to /jwt/: its status, heading and reason, and that it
// never shows the token or signs anybody in.
func TestRefusals(t *testing.T) {
	clock := jwtssotest.NewClock(start)
	now := clock.Now
	failing := verify.ReplayStoreFunc(func(context.Context, string, time.Time) (bool, error) {
		return false, errors.New("redis: connection refused")
	})
	iat := func(d time.Duration) string { return `{"iat":` + strconv.FormatInt(start.Add(d).Unix(), 10) }

	tests := []struct {
		name    string
		opts    []jwtssotest.Option
		method  string
		query   func(support string) string // the part after /jwt/
		status  int
		heading string
		reason  string
	}{
		{"no token", nil, "", func(string) string { return "" },
			http.StatusBadRequest, "Remote token is missing", "no token parameter"},
		{"empty token", nil, "", func(string) string { return "?token=" },
			http.StatusBadRequest, "Remote token is missing", "no token parameter"},
		{"token twice (V20)", nil, "", func(s string) string {
			tok := tokenOf(t, mintURL(t, testKey, s, now, jo))
			return "?token=" + tok + "&token=" + tok
		}, http.StatusBadRequest, "Remote token given more than once", "more than once"},
		{"query does not parse", nil, "", func(string) string { return "?token=a;b" },
			http.StatusBadRequest, "Remote token is malformed", "does not parse"},
		{"64 KiB query", nil, "", func(string) string { return "?token=" + strings.Repeat("a", 64<<10) },
			http.StatusRequestURITooLong, "Remote token is malformed", "too long"},
		{"oversized token", nil, "", func(string) string { return "?token=" + strings.Repeat("a", verify.MaxTokenBytes+1) },
			http.StatusBadRequest, "Remote token is malformed", "token too large"},
		{"two segments", nil, "", func(string) string { return "?token=eyJhbGciOiJIUzI1NiJ9.e30" },
			http.StatusBadRequest, "Remote token is malformed", "not three"},
		{"alg none", nil, "", func(string) string {
			return "?token=" + signed(testKey, `{"alg":"none","typ":"JWT"}`, `{}`)
		}, http.StatusBadRequest, "Remote token is malformed", "alg"},
		{"wrong key", nil, "", func(s string) string { return "?token=" + tokenOf(t, mintURL(t, otherKey, s, now, jo)) },
			http.StatusForbidden, "Remote token signature is invalid", "not signed with the key"},
		{"extra claim", nil, "", func(string) string {
			return "?token=" + signed(testKey, header, iat(0)+`,"jti":"j1","name":"Jo","email":"jo@example.com","role":"admin"}`)
		}, http.StatusBadRequest, "Remote token has invalid claims", `unknown claim &#34;role&#34;`},
		{"iat in milliseconds", nil, "", func(string) string {
			return "?token=" + signed(testKey, header, `{"iat":1717740457000,"jti":"j2","name":"Jo","email":"jo@example.com"}`)
		}, http.StatusBadRequest, "Remote token has invalid claims", "milliseconds"},
		{"expired", nil, "", func(string) string {
			return "?token=" + signed(testKey, header, iat(-3*time.Minute)+`,"jti":"j3","name":"Jo","email":"jo@example.com"}`)
		}, http.StatusForbidden, "Remote token has expired", "issued 3m0s ago"},
		{"from the future", nil, "", func(string) string {
			return "?token=" + signed(testKey, header, iat(time.Minute)+`,"jti":"j4","name":"Jo","email":"jo@example.com"}`)
		}, http.StatusForbidden, "Remote token is not valid yet", "1m0s ahead"},
		{"shorter max age", []jwtssotest.Option{jwtssotest.WithMaxAge(10 * time.Second), jwtssotest.WithLeeway(0)}, "", func(string) string {
			return "?token=" + signed(testKey, header, iat(-10*time.Second)+`,"jti":"j5","name":"Jo","email":"jo@example.com"}`)
		}, http.StatusForbidden, "Remote token has expired", "max age 10s plus leeway 0s"},
		{"replay store down", []jwtssotest.Option{jwtssotest.WithReplayStore(failing)}, "", func(s string) string {
			return "?token=" + tokenOf(t, mintURL(t, testKey, s, now, jo))
		}, http.StatusServiceUnavailable, "Login is temporarily unavailable", "connection refused"},
		{"HEAD would use up the jti", nil, http.MethodHead, func(s string) string {
			return "?token=" + tokenOf(t, mintURL(t, testKey, s, now, jo))
		}, http.StatusMethodNotAllowed, "", ""},
		{"POST", nil, http.MethodPost, func(s string) string {
			return "?token=" + tokenOf(t, mintURL(t, testKey, s, now, jo))
		}, http.StatusMethodNotAllowed, "Method not allowed", "method not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			support := newServer(t, clock, tt.opts...)
			query := tt.query(support.URL)
			req, err := http.NewRequest(cmp.Or(tt.method, http.MethodGet), support.URL+"/jwt/"+query, nil)
			require.NoError(t, err)
			p := newBrowser(t).do(t, req)
			assert.Equal(t, tt.status, p.status)
			assert.Equal(t, "no-store", p.header.Get("Cache-Control"))
			assert.Equal(t, "text/html; charset=utf-8", p.header.Get("Content-Type"))
			assert.Empty(t, p.header.Values("Set-Cookie"))
			assert.Contains(t, p.body, tt.heading)
			assert.Contains(t, p.body, tt.reason)
			if tok := strings.TrimPrefix(query, "?token="); len(tok) > 8 {
				assert.NotContains(t, p.body, tok, "the page must not echo the token")
			}
			assert.Empty(t, support.Logins())
		})
	}
}
