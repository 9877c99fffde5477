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

	"github.com/supportsso/jwtsso"
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

// TestRefusalsSayWhatIsDocumented: each refusal page says what of it
// HappyFox documents and what is this fake's assumption.
func TestRefusalsSayWhatIsDocumented(t *testing.T) {
	clock := jwtssotest.NewClock(start)
	srv := newServer(t, clock)
	b := newBrowser(t)
	fresh := func(d time.Duration) string {
		return mintURL(t, testKey, srv.URL, func() time.Time { return start.Add(d) }, jo)
	}
	replayed := fresh(0)
	b.get(t, replayed)
	tests := []struct {
		name, url, heading, basis string
	}{
		{"expired", fresh(-time.Hour), "Remote token has expired", "HappyFox documents the 120-second window and this message. The leeway, and this status code, are this fake&#39;s assumptions."},
		{"replayed", replayed, "Remote token has already been used", "HappyFox documents that a used jti is refused. This heading and status code are this fake&#39;s own"},
		{"from the future", fresh(time.Hour), "Remote token is not valid yet", "HappyFox does not document whether it refuses an iat in the future"},
		{"wrong key", mintURL(t, otherKey, srv.URL, clock.Now, jo), "Remote token signature is invalid", "HappyFox does not document what it shows here"},
		{"bad claims", srv.URL + "/jwt/?token=" + signed(testKey, header, `{"iat":`+strconv.FormatInt(start.Unix(), 10)+`,"jti":"j","name":"Jo","email":"jo@example.com","x":1}`),
			"Remote token has invalid claims", "HappyFox documents the claims iat, jti, name and email. Refusing any other claim"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := b.get(t, tt.url)
			assert.Contains(t, p.body, "<h1>"+tt.heading+"</h1>")
			assert.Contains(t, p.body, `<p class="assumed">`+tt.basis)
		})
	}
}

// TestRelaxAssumptions: a test relaxes what the fake assumes but HappyFox
// does not document, here the refusal of an iat in the future, with
// WithLeeway or with any verify option through WithVerifyOptions; a key
// rotation is tested the same way.
func TestRelaxAssumptions(t *testing.T) {
	clock := jwtssotest.NewClock(start)
	ahead := func() time.Time { return start.Add(30 * time.Second) }
	tests := []struct {
		name   string
		opts   []jwtssotest.Option
		key    string
		now    func() time.Time
		status int
	}{
		{"iat ahead, by default", nil, testKey, ahead, http.StatusForbidden},
		{"iat ahead, WithLeeway", []jwtssotest.Option{jwtssotest.WithLeeway(time.Minute)}, testKey, ahead, http.StatusOK},
		{"iat ahead, WithVerifyOptions", []jwtssotest.Option{jwtssotest.WithVerifyOptions(verify.WithLeeway(time.Minute))}, testKey, ahead, http.StatusOK},
		{"a later option wins", []jwtssotest.Option{jwtssotest.WithVerifyOptions(verify.WithLeeway(time.Minute)), jwtssotest.WithLeeway(0)}, testKey, ahead, http.StatusForbidden},
		{"old key, by default", nil, otherKey, clock.Now, http.StatusForbidden},
		{"old key, WithPreviousKeys", []jwtssotest.Option{jwtssotest.WithVerifyOptions(verify.WithPreviousKeys(otherKey))}, otherKey, clock.Now, http.StatusOK},
		{"verify.WithClock loses to the fake's clock", []jwtssotest.Option{jwtssotest.WithVerifyOptions(verify.WithClock(func() time.Time { return start.Add(time.Hour) }))},
			testKey, clock.Now, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, clock, tt.opts...)
			p := newBrowser(t).get(t, mintURL(t, tt.key, srv.URL, tt.now, jo))
			assert.Equal(t, tt.status, p.status, p.body)
		})
	}
	t.Run("a bad verify option is a configuration error", func(t *testing.T) {
		_, err := jwtssotest.NewHandler(testKey, jwtssotest.WithVerifyOptions(verify.WithLeeway(-time.Second)))
		require.ErrorIs(t, err, jwtsso.ErrInvalidConfig)
	})
}
