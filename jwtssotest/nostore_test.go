package jwtssotest_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso/jwtssotest"
)

// TestEveryResponseNoStore (V23): every response of the fake, on every
// route and spelling of its token URL, including 404s, refusals and
// redirects, carries Cache-Control: no-store, and none repeats the token in
// a header or its body.
func TestEveryResponseNoStore(t *testing.T) {
	clock := jwtssotest.NewClock(start)
	for _, login := range []bool{false, true} {
		var opts []jwtssotest.Option
		if login {
			opts = append(opts, jwtssotest.WithRemoteLoginURL("http://127.0.0.1:8080/sso/happyfox"))
		}
		h, err := jwtssotest.NewHandler(testKey, append(opts, jwtssotest.WithClock(clock.Now))...)
		require.NoError(t, err)
		token := func() string { return tokenOf(t, mintURL(t, testKey, "http://127.0.0.1:1", clock.Now, jo)) }
		tests := []struct {
			method, target string
			status         int
		}{
			{"GET", "/", http.StatusOK},
			{"HEAD", "/", http.StatusOK},
			{"POST", "/", http.StatusMethodNotAllowed},
			{"GET", "/login", map[bool]int{false: http.StatusNotFound, true: http.StatusFound}[login]},
			{"DELETE", "/login", http.StatusMethodNotAllowed},
			{"GET", "/logout", http.StatusSeeOther},
			{"PUT", "/logout", http.StatusMethodNotAllowed},
			{"GET", "/jwt/?token=TOKEN", http.StatusSeeOther},
			{"GET", "/jwt?token=TOKEN", http.StatusSeeOther},
			{"GET", "/jwt/?token=TOKEN&token=TOKEN", http.StatusBadRequest},
			{"GET", "/jwt?token=TOKEN&token=TOKEN", http.StatusBadRequest},
			{"HEAD", "/jwt/?token=TOKEN", http.StatusMethodNotAllowed},
			{"POST", "/jwt?token=TOKEN", http.StatusMethodNotAllowed},
			{"GET", "/jwt/?token=not.a.token", http.StatusBadRequest},
			{"GET", "/jwt", http.StatusBadRequest},
			{"GET", "/jwt/?token=" + strings.Repeat("a", 64<<10), http.StatusRequestURITooLong},
			{"GET", "//jwt/?token=TOKEN", http.StatusNotFound},
			{"GET", "/./jwt/?token=TOKEN", http.StatusNotFound},
			{"GET", "/jwt/./?token=TOKEN", http.StatusNotFound},
			{"GET", "/x/../jwt/?token=TOKEN", http.StatusNotFound},
			{"GET", "/jwt//?token=TOKEN", http.StatusNotFound},
			{"GET", "/jwt/x?token=TOKEN", http.StatusNotFound},
			{"GET", "/JWT/?token=TOKEN", http.StatusNotFound},
			{"GET", "/login/?token=TOKEN", http.StatusNotFound},
			{"GET", "/nope", http.StatusNotFound},
		}
		for _, tt := range tests {
			name := tt.method + " " + tt.target
			if len(name) > 60 {
				name = name[:60]
			}
			if login {
				name += " (Remote Login URL set)"
			}
			t.Run(name, func(t *testing.T) {
				tok := token()
				clock.Advance(time.Second) // a new jti each time
				r := httptest.NewRequest(tt.method, strings.ReplaceAll(tt.target, "TOKEN", tok), nil)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				res := rec.Result()
				body, _ := io.ReadAll(res.Body)
				assert.Equal(t, tt.status, res.StatusCode)
				assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
				for name, vals := range res.Header {
					for _, v := range vals {
						assert.NotContains(t, v, tok, "header %s", name)
						assert.NotContains(t, v, "token=", "header %s", name)
					}
				}
				assert.NotContains(t, string(body), tok)
			})
		}
	}
}
