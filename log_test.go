package jwtsso

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso/internal/hs256"
)

// I22: the logs of a mint and of refusals carry the reason and the jti and
// never the key, the token or the Location URL.
func TestLogsCarryNoSecrets(t *testing.T) {
	errDB := errors.New("session store down")
	tests := []struct {
		name     string
		resolver IdentityResolver
		level    string
		msg      string
		reason   string
	}{
		{"mint (I18)", &staticResolver{id: jo}, "INFO", "jwtsso: token minted", ""},
		{"resolver error (I1)", &staticResolver{err: errDB}, "ERROR", "jwtsso: sign-in refused", "session store down"},
		{"bad identity", &staticResolver{id: Identity{Name: "Jo", Email: "Mallory <jo@example.com>", EmailVerified: true}}, "WARN", "jwtsso: sign-in refused", "not a bare address"},
		{"unverified", &staticResolver{id: Identity{Name: "Jo", Email: "jo@example.com"}}, "WARN", "jwtsso: sign-in refused", "not verified"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			h := newTestHandler(t, tt.resolver, WithLogger(jsonLogger(&buf)))
			w := serve(h.Middleware(h), httptest.NewRequest(http.MethodGet, "/sso/happyfox?x=1", nil))

			events := logEvents(t, &buf)
			require.Len(t, events, 1, "one event per mint or refusal")
			ev := events[0]
			assert.Equal(t, tt.level, ev["level"])
			assert.Equal(t, tt.msg, ev["msg"])
			assert.Equal(t, "/sso/happyfox", ev["path"])
			if tt.reason != "" {
				assert.Contains(t, ev["reason"], tt.reason)
			} else {
				tok := decodeToken(t, tokenFromLocation(t, w.Header().Get("Location"), acmeTokenURL))
				var jti string
				require.NoError(t, json.Unmarshal(tok.claims["jti"], &jti))
				assert.Equal(t, jti, ev["jti"])
			}

			logged := buf.String()
			assert.NotContains(t, logged, testKey)
			assert.NotContains(t, logged, hs256.HeaderSegment, "no token or part of one")
			assert.NotContains(t, logged, "token=")
			if loc := w.Header().Get("Location"); loc != "" {
				assert.NotContains(t, logged, loc)
				assert.NotContains(t, logged, strings.SplitN(loc, ".", 3)[2], "no signature")
			}
		})
	}
}

func TestLogLoginRequiredNotesFetchSite(t *testing.T) {
	var buf bytes.Buffer
	h := newTestHandler(t, &staticResolver{err: ErrNoIdentity}, WithLoginURL("/login", "next"), WithLogger(jsonLogger(&buf)))
	r := httptest.NewRequest(http.MethodGet, "/sso", nil)
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	serve(h, r)
	events := logEvents(t, &buf)
	require.Len(t, events, 1)
	assert.Equal(t, "cross-site", events[0]["fetch_site"])
}

func logEvents(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
	for dec.More() {
		ev := map[string]any{}
		require.NoError(t, dec.Decode(&ev))
		out = append(out, ev)
	}
	return out
}
